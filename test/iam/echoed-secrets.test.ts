// A secret the client sent (the auth token, a password, a signed login token) never comes back out
// of audit2grant, whatever the server echoes: not in a result, not in the ledger, not in an error
// (docs/iam-api.md, "Where and how"). The HTTP client hides them in every answer, once. Real HTTP on
// loopback (a scripted IAM), echoing them bare: no `token=` or `"password":` to find them by.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectIam, type IamClient } from '../../src/iam/client.js';
import { startMisbehavingIam, type AceStep, type MisbehavingIam, type MisbehavingIamOptions } from '../helpers/misbehaving-iam.js';
import { cleanEnv, rsaPair, tempDir, writeFile } from './helpers.js';

const LOG = 'dcos:mesos:master:log';
const PAIR = { uid: 'svc', rid: LOG, action: 'read' };
// A token as the IAM issues them: a JWT, its claims readable (uid, an exp far ahead).
const TOKEN = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ uid: 'admin', exp: 4_102_444_800 })).toString('base64url')}.c2lnbmF0dXJlLXNlY3JldA`;
const PASSWORD = 'hunter2 "pass" <&>';

let t: ReturnType<typeof tempDir>;
let iam: MisbehavingIam | undefined;
const clients: IamClient[] = [];

beforeEach(() => {
  t = tempDir('a2g-echo-');
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await iam?.close();
  iam = undefined;
  t.cleanup();
});

type Login = { token: string } | { password: string } | { privateKey: string };

async function connect(o: MisbehavingIamOptions, login: Login = { token: TOKEN }): Promise<IamClient> {
  iam = await startMisbehavingIam(o);
  const flags = 'token' in login ? { clusterUrl: iam.url, token: login.token } : 'password' in login ? { clusterUrl: iam.url, loginUid: 'admin' } : { clusterUrl: iam.url, loginUid: 'admin', privateKey: login.privateKey };
  const c = await connectIam({
    flags,
    env: cleanEnv(t.dir, 'password' in login ? { DCOS_PASSWORD: login.password } : {}),
    ledgerPath: join(t.dir, 'state', 'ledger.jsonl'),
    backoffMs: 5,
  });
  clients.push(c);
  return c;
}

/** The token as the Authorization header carries it, without `token=`. */
const bare = (authorization: string): string => authorization.replace(/^token=/, '');

/** A grant of PAIR answered by `step`: every result detail and the whole ledger file. */
async function grantAnswered(step: AceStep): Promise<string> {
  const c = await connect({ ace: [step] });
  const g = await c.grant([PAIR], {});
  expect(g.results.map((r) => r.outcome)).toEqual(['failed']);
  return `${g.results.map((r) => r.detail).join('\n')}\n${readFileSync(join(t.dir, 'state', 'ledger.jsonl'), 'utf8')}`;
}

describe('the auth token echoed by the IAM', () => {
  it.each([
    ['in a JSON error', { status: 400, body: (s: { authorization: string }) => ({ title: 'Bad', code: 'ERR_X', description: `you sent ${bare(s.authorization)} as a header` }) }],
    ['in a 409 HTML page', { status: 409, text: (s: { authorization: string }) => `<html>Conflict: your header ${bare(s.authorization)}</html>` }],
    ['cut short at the end of a JSON error', { status: 400, body: (s: { authorization: string }) => ({ title: 'Bad', code: 'ERR_X', description: `header: ${bare(s.authorization).slice(0, 40)}` }) }],
    ['percent-encoded in a 409 page', { status: 409, text: (s: { authorization: string }) => `<p>${encodeURIComponent(`${bare(s.authorization)}/x`)}</p>` }],
  ] as const)('%s: never in a result or the ledger', async (_n, step) => {
    const out = await grantAnswered(step as AceStep);
    expect(out).toContain('***');
    expect(out).not.toContain(TOKEN.slice(0, 40));
    expect(out).not.toContain(TOKEN.slice(-20));
  });
});

describe('a login secret echoed by the IAM', () => {
  const echoBody: AceStep = { status: 400, body: (s: { body: string }) => ({ title: 'Bad', code: 'ERR_MALFORMED', description: `cannot parse body ${s.body}` }) };

  it('a password (in the JSON error, JSON-escaped in the body it echoes) is not in the error', async () => {
    const err = await connect({ login: [echoBody] }, { password: PASSWORD }).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/^login as admin failed: 400 ERR_MALFORMED cannot parse body \{"uid":"admin","password":"\*\*\*"\}$/);
  });

  it('a short password is hidden where it stands as a word, and the IAM\'s codes stay whole', async () => {
    const echo: AceStep = { status: 400, body: (s: { body: string }) => ({ title: 'Bad', code: 'ERR_ACE', description: `got ${(JSON.parse(s.body) as { password: string }).password}; see ERR_ACE` }) };
    const err = await connect({ login: [echo] }, { password: 'ACE' }).then(() => null, (e: Error) => e);
    expect(err?.message).toBe('login as admin failed: 400 ERR_ACE got ***; see ERR_ACE');
  });

  it('a service login\'s signed token is not in the error', async () => {
    const key = writeFile(t.dir, 'sa.key', rsaPair().privatePem);
    let signed = '';
    const echo: AceStep = {
      status: 400,
      body: (s: { body: string }) => {
        signed = (JSON.parse(s.body) as { token: string }).token;
        return { title: 'Bad', code: 'ERR_X', description: `rejected ${signed}` };
      },
    };
    const err = await connect({ login: [echo] }, { privateKey: key }).then(() => null, (e: Error) => e);
    expect(signed).toMatch(/^eyJ/);
    expect(err?.message).toBe('login as admin failed: 400 ERR_X rejected ***');
  });
});

describe('a login answered with a redirect', () => {
  it('names where it leads, and that no redirect is followed', async () => {
    const err = await connect({ login: [{ status: 307, text: '', headers: { location: 'https://master.example/acs/api/v1/auth/login' } }] }, { password: PASSWORD }).then(
      () => null,
      (e: Error & { hint?: string }) => e,
    );
    expect(err?.message).toBe('login as admin failed: HTTP 307 redirecting to https://master.example/acs/api/v1/auth/login');
    expect((err as { hint?: string }).hint).toMatch(/follows no redirect/);
  });
});
