// A change whose answer was lost is recorded as what may have happened, whatever answers the retry
// (docs/ledger.md, "A lost answer"): a 409 proves "granted by this session" only when what the account
// held before was read; a 429, 400, 404, 401 or 403 after a lost answer says nothing of the lost
// attempt, so the ledger says unknown and undo acts on it. Real HTTP on loopback (a scripted IAM).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { connectIam, type IamClient } from '../../src/iam/client.js';
import { startMisbehavingIam, type AceStep, type MisbehavingIam, type MisbehavingIamOptions } from '../helpers/misbehaving-iam.js';
import { cleanEnv, tempDir } from './helpers.js';

const LOG = 'dcos:mesos:master:log';
const PAIR = { uid: 'svc', rid: LOG, action: 'read' };
let t: ReturnType<typeof tempDir>;
let iam: MisbehavingIam | undefined;
const clients: IamClient[] = [];
let warnings: string[];

beforeEach(() => {
  t = tempDir('a2g-lost-');
  warnings = [];
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await iam?.close();
  iam = undefined;
  t.cleanup();
});

/** A client on a scripted IAM: a static token, or a password login (so a 401 logs in again). */
async function connect(o: MisbehavingIamOptions, login: 'token' | 'password' = 'token'): Promise<IamClient> {
  iam = await startMisbehavingIam(o);
  const c = await connectIam({
    flags: login === 'token' ? { clusterUrl: iam.url, token: 'static-token' } : { clusterUrl: iam.url, loginUid: 'admin' },
    env: cleanEnv(t.dir, login === 'password' ? { DCOS_PASSWORD: 'pw' } : {}),
    ledgerPath: join(t.dir, 'state', 'ledger.jsonl'),
    onWarning: (w) => warnings.push(w),
    backoffMs: 5,
  });
  clients.push(c);
  return c;
}

const outcomes = (c: IamClient) => c.ledger.read().records.map((r) => `${r.op} ${r.outcome}`);

describe('a grant held before the session, its holdings unreadable, its answer lost', () => {
  it('is unknown, not "granted by this session", and the failed read is a warning', async () => {
    const c = await connect({ held: [`svc ${LOG} read`], permissionsStatus: 500, ace: ['drop'] });
    const g = await c.grant([PAIR], {});
    expect(g.results).toHaveLength(1);
    const r = g.results[0]!;
    expect(r.outcome).toBe('failed');
    expect(r.detail).toContain('the answer was lost and the retry found it held (409 ERR_ACE_EXISTS)');
    expect(r.detail).toContain('may have been held already');
    expect(r.detail).not.toContain('granted by this session');
    expect(outcomes(c)).toEqual(['grant unknown']);
    expect(warnings.join('\n')).toMatch(/could not read what svc holds \(the IAM answered 500/);
  });

  it('with the holdings read, the same 409 is still this session\'s grant', async () => {
    const c = await connect({ ace: ['drop'] });
    const g = await c.grant([PAIR], {});
    expect(g.results.map((r) => `${r.outcome} ${r.detail}`)).toEqual(['granted the answer was lost and the retry found it applied (409 ERR_ACE_EXISTS): granted by this session']);
    expect(outcomes(c)).toEqual(['grant granted']);
    expect(warnings).toEqual([]);
  });
});

const rateLimited: AceStep = { status: 429, body: { title: 'slow down' }, headers: { 'retry-after': '120' } };
const gatewayNo: AceStep = { status: 400, body: { title: 'Bad Request', description: 'gateway says no', code: 'ERR_GATEWAY' } };
const noRoute: AceStep = { status: 404, body: { title: 'no', description: 'no route' } };
const forbidden: AceStep = { status: 403, body: { title: 'Forbidden' } };

describe.each([
  ['429', rateLimited],
  ['400', gatewayNo],
  ['404', noRoute],
  ['403', forbidden],
] as const)('a grant applied, its answer lost, the retry answered %s', (_, step) => {
  it('is recorded unknown, and undo takes it back', async () => {
    const c = await connect({ ace: ['drop', step] });
    const g = await c.grant([PAIR], {});
    expect(g.results.map((r) => r.outcome)).toEqual(['failed']);
    expect(g.results[0]!.detail).toContain('the IAM may have applied it');
    expect(outcomes(c)).toEqual(['grant unknown']);
    expect(iam!.held()).toEqual([`svc ${LOG} read`]);
    const u = await c.undo();
    expect(u.results.map((r) => r.outcome)).toEqual(['revoked']);
    expect(iam!.held()).toEqual([]);
  });
});

describe('a 401 after a lost answer', () => {
  it('with a static token: the grant is unknown', async () => {
    const c = await connect({ ace: ['drop', { status: 401 }] });
    const g = await c.grant([PAIR], {});
    expect(g.results[0]!.detail).toContain('the IAM may have applied it');
    expect(outcomes(c)).toEqual(['grant unknown']);
  });

  it('after a re-login (a fresh request), the grant refused is still unknown', async () => {
    const c = await connect({ ace: ['drop', { status: 401 }, gatewayNo] }, 'password');
    const g = await c.grant([PAIR], {});
    expect(g.results.map((r) => r.outcome)).toEqual(['failed']);
    expect(iam!.requests.filter((q) => q.includes('/auth/login'))).toHaveLength(2);
    expect(outcomes(c)).toEqual(['grant unknown']);
  });

  it('after a re-login, a second 401 still leaves it unknown', async () => {
    const c = await connect({ ace: ['drop', { status: 401 }, { status: 401 }] }, 'password');
    const g = await c.grant([PAIR], {});
    expect(g.stopped?.message).toMatch(/401 twice/);
    expect(outcomes(c)).toEqual(['grant unknown']);
  });
});

describe('a revoke applied, its answer lost', () => {
  it.each([
    ['429', rateLimited],
    ['400', gatewayNo],
    ['404', noRoute],
  ] as const)('the retry answered %s: recorded unknown, not failed', async (_, step) => {
    const c = await connect({ held: [`svc ${LOG} read`], ace: ['drop', step] });
    const r = await c.revoke([PAIR], { regrantable: true });
    expect(r.results[0]!.detail).toContain('the IAM may have applied it');
    expect(outcomes(c)).toEqual(['revoke unknown']);
    expect(iam!.held()).toEqual([]);
  });

  it('the retry found it absent: a plain revoke cannot tell it held it, so unknown', async () => {
    const c = await connect({ held: [`svc ${LOG} read`], ace: ['drop'] });
    const r = await c.revoke([PAIR], { regrantable: true });
    expect(r.results.map((x) => x.outcome)).toEqual(['already absent']);
    expect(outcomes(c)).toEqual(['revoke unknown']);
  });
});
