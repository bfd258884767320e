// The curl script's 409 check against the IAM client's own (iamConflict, src/iam/answers.ts): the same
// bodies, run through the script's sh and through grantPairs, must get the same verdict.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IamSession } from '../../../src/cluster/auth.js';
import type { HttpResponse } from '../../../src/cluster/http.js';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { renderCurl } from '../../../src/core/render/index.js';
import { grantPairs } from '../../../src/iam/grants.js';
import { deny } from '../findings/helpers.js';
import { scriptStubs } from './script-stubs.js';

const stubs = scriptStubs();
const pair = { uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', action: 'full' };
const ACL = '/acs/api/v1/acls/dcos:adminrouter:ops:mesos';
const ENV = { DCOS_URL: 'http://127.0.0.1:9', DCOS_ACS_TOKEN: 'tok-SECRET' };

function oneGrant(): string {
  const r = createFindingsAggregator({ uids: [], since: null, until: null });
  r.add(deny(pair));
  return renderCurl(r.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] }));
}

/** The script's verdict: 409 with `body` on the ACL's or the grant's call, the other call done. */
async function scriptAccepts(on: 'acl' | 'ace', body: string): Promise<boolean> {
  const env: Record<string, string> = on === 'acl' ? { STATUS_ACL: '409', BODY_ACL: body } : { STATUS_ACE: '409', BODY_ACE: body };
  const res = await stubs.sh(oneGrant(), { ...ENV, ...env });
  stubs.calls('curl');
  return res.code === 0;
}

/** The IAM client's verdict on the same answers (its body parsed as the HTTP layer does, cluster/httpAttempt.ts). */
async function clientAccepts(on: 'acl' | 'ace', body: string): Promise<boolean> {
  const answer = (status: number, text: string): HttpResponse => {
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status, headers: {}, text, json };
  };
  const session = {
    http: { baseUrl: new URL('https://cluster.example/') },
    call: async (_method: string, route: string) => {
      if (route.endsWith('/permissions')) return answer(200, '{"direct":[],"groups":[]}');
      const mine = (route === ACL) === (on === 'acl');
      return mine ? answer(409, body) : answer(route === ACL ? 201 : 204, '');
    },
  } as unknown as IamSession;
  const [r] = await grantPairs(session, [pair]);
  return r?.outcome !== 'failed';
}

const IAM = '{"title":"Conflict","description":"User `svc` already has action `full`.","code":"ERR_ACE_EXISTS"}';
const GRANT_BODIES: [string, string, boolean][] = [
  ['the sandbox\'s 409', IAM, true],
  ['pretty-printed, CRLF and tabs', '{\r\n\t"title" : "Conflict",\r\n\t"code" : "ERR_CONFLICT"\r\n}\r\n', true],
  ['description only, other members', '{"description":"d {x} [y], \\"q\\" \\\\ \\u00e9","n":-1.5e3,"b":true,"z":null,"code":"ERR_A_1"}', true],
  ['the last code counts', '{"title":"t","code":1,"code":"ERR_A"}', true],
  ['a proxy\'s HTML quoting the IAM\'s JSON', `<html><body><pre>${IAM}</pre></body></html>`, false],
  ['empty', '', false],
  ['JSON then more text', `${IAM} trailing`, false],
  ['two objects', `${IAM}{}`, false],
  ['an array', `[${IAM}]`, false],
  // A review's: bare words where a string's place is (each string is emptied before the shape check).
  ['a bare word as a member', '{s:s,"title":"t","code":"ERR_A"}', false],
  ['a bare word as the last member', '{"title":"t","code":"ERR_A",s:s}', false],
  ['no title or description', '{"code":"ERR_ACE_EXISTS"}', false],
  ['a title that is no string', '{"title":1,"code":"ERR_ACE_EXISTS"}', false],
  ['the last title is no string', '{"title":"t","title":null,"code":"ERR_ACE_EXISTS"}', false],
  ['the last code is no string', '{"title":"t","code":"ERR_A","code":1}', false],
  ['a code not of the IAM\'s form', '{"title":"t","code":"ERR_ace"}', false],
  ['a code of 65 characters', `{"title":"t","code":"ERR_${'A'.repeat(65)}"}`, false],
  ['the code only inside a string', '{"title":"x\\",\\"code\\":\\"ERR_A\\"","code":"no"}', false],
  ['the code only in a nested object', '{"title":"t","error":{"code":"ERR_A"}}', false],
  ['broken JSON around a code', '{"d":"x,"code":"ERR_A","title":"t"}', false],
  ['a raw line break inside a string', '{"title":"a\nb","code":"ERR_A"}', false],
  ['a control character', '{"title":"a\u0001b","code":"ERR_A"}', false],
  ['an invalid escape', '{"title":"a\\xb","code":"ERR_A"}', false],
];

describe('the curl script counts a 409 as the IAM\'s exactly when the client does', () => {
  it.each(GRANT_BODIES)('grant, %s', async (_what, body, held) => {
    expect(await clientAccepts('ace', body)).toBe(held);
    expect(await scriptAccepts('ace', body)).toBe(held);
  });

  it.each([
    ['ERR_ACL_EXISTS', '{"title":"Conflict","description":"ACL for resource `x` already exists.","code":"ERR_ACL_EXISTS"}', true],
    ['another IAM code', IAM, false],
    ['HTML', '<html>{"title":"Conflict","code":"ERR_ACL_EXISTS"}</html>', false],
    ['a longer code', '{"title":"t","code":"ERR_ACL_EXISTS_NOT"}', false],
  ] as const)('ACL, %s', async (_what, body, exists) => {
    expect(await clientAccepts('acl', body)).toBe(exists);
    expect(await scriptAccepts('acl', body)).toBe(exists);
  });

  // The documented difference (docs/iam-api.md): what the IAM does not send, the script refuses.
  it.each([
    ['an escaped code', '{"title":"t","code":"ERR_\\u0041"}'],
    ['a nested member beside the code', '{"title":"t","code":"ERR_A","detail":{"x":1}}'],
  ])('stricter than the client: %s', async (_what, body) => {
    expect(await clientAccepts('ace', body)).toBe(true);
    expect(await scriptAccepts('ace', body)).toBe(false);
  });
});

describe('the curl script on a failed call', () => {
  it('says the status, why a 409 does not count, and a cut excerpt of the body without control characters', async () => {
    const res = await stubs.sh(oneGrant(), { ...ENV, STATUS_ACE: '409', BODY_ACE: `<html>\u001b[2J<title>409 Conflict</title>\n${'x'.repeat(300)}</html>` });
    expect(res.code).not.toBe(0);
    const shown = '<html>?[2J<title>409 Conflict</title> ';
    expect(res.stderr).toBe(`unexpected HTTP status 409 (not the IAM's JSON error with any code: a proxy or gateway in the way?), body: ${shown}${'x'.repeat(120 - shown.length)}\n`);
    expect(stubs.calls('curl')).toHaveLength(2);
    const acl = await stubs.sh(oneGrant(), { ...ENV, STATUS_ACL: '409' });
    expect(acl.stderr).toBe("unexpected HTTP status 409 (not the IAM's JSON error with ERR_ACL_EXISTS code: a proxy or gateway in the way?), body: (empty)\n");
    // The ACL's failure stops the script before the grant is sent.
    expect(stubs.calls('curl')).toHaveLength(1);
  });

  it('never prints an answer that holds the token (a page that echoes the request)', async () => {
    const res = await stubs.sh(oneGrant(), { ...ENV, STATUS_ACE: '502', BODY_ACE: `<pre>Authorization: token=${ENV.DCOS_ACS_TOKEN}</pre>` });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toBe('unexpected HTTP status 502, body: (withheld: it holds the token)\n');
    expect(res.stderr).not.toContain('SECRET');
    expect(stubs.calls('curl')).toHaveLength(2);
  });

  it('removes its temp file on success and on failure', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'a2g-curl-tmp-'));
    try {
      expect((await stubs.sh(oneGrant(), { ...ENV, TMPDIR: tmp })).code).toBe(0);
      expect((await stubs.sh(oneGrant(), { ...ENV, TMPDIR: tmp, STATUS_ACE: '409', BODY_ACE: '<html></html>' })).code).not.toBe(0);
      const bodies = stubs.calls('curl').map((args) => args[args.indexOf('-o') + 1]);
      expect(bodies).toHaveLength(4);
      for (const f of bodies) expect(f?.startsWith(`${tmp}/`)).toBe(true);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
