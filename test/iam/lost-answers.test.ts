// A change whose answer was lost is recorded as what may have happened, whatever answers the retry
// (docs/ledger.md, "A lost answer"): a 409 is recorded granted (this session's lost request, or someone's since)
// only when what the account held before was read; a 429, 400, 404, 401 or 403 after a lost answer says nothing of the lost
// attempt, so the ledger says unknown and undo acts on it. A holdings read answered 200 by something
// that is not the IAM (a login page, JSON without the lists) is "could not read", never "holds
// nothing"; a grant whose permission request was never sent (its ACL step failed) is failed, never
// unknown, so undo does not revoke it. Real HTTP on loopback (a scripted IAM).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { connectIam, type IamClient } from '../../src/iam/client.js';
import { grantPairs } from '../../src/iam/grants.js';
import { startMisbehavingIam, type AceStep, type MisbehavingIam, type MisbehavingIamOptions } from '../helpers/misbehaving-iam.js';
import { ACL, fake, P, pair } from './fake-session.js';
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
  it('is unknown, not recorded as granted, and the failed read is a warning', async () => {
    const c = await connect({ held: [`svc ${LOG} read`], permissionsStatus: 500, ace: ['drop'] });
    const g = await c.grant([PAIR], {});
    expect(g.results).toHaveLength(1);
    const r = g.results[0]!;
    expect(r.outcome).toBe('failed');
    expect(r.detail).toContain('the answer was lost and the retry found it held (409 ERR_ACE_EXISTS)');
    expect(r.detail).toContain('may have been held already');
    expect(r.detail).not.toContain('recorded as granted');
    expect(outcomes(c)).toEqual(['grant unknown']);
    expect(warnings.join('\n')).toMatch(/could not read what svc holds \(the IAM answered 500/);
  });

  it('with the holdings read, the same 409 is recorded granted, without claiming it was this session\'s', async () => {
    const c = await connect({ ace: ['drop'] });
    const g = await c.grant([PAIR], {});
    expect(g.results.map((r) => `${r.outcome} ${r.detail}`)).toEqual(['granted the answer was lost and the retry found it held (409 ERR_ACE_EXISTS): not held when this session read the holdings, so granted by its lost request, or by someone else since; recorded as granted (\`audit2grant undo\` takes it back)']);
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

const loginPage: AceStep = { status: 200, text: '<html><body>Please log in</body></html>' };
const notTheLists: [string, AceStep][] = [
  ['a login page served with 200', loginPage],
  ['JSON without the lists', { status: 200, body: {} }],
  ['the lists, but not as JSON', { status: 200, text: '{"direct":[],"groups":[]}', headers: { 'content-type': 'text/plain' } }],
  ['only one of the lists', { status: 200, body: { direct: [] } }],
];

describe.each(notTheLists)('a holdings read answered with %s', (_n, answer) => {
  it('is "could not read": a lost answer then a 409 is unknown, not recorded as granted', async () => {
    const c = await connect({ held: [`svc ${LOG} read`], permissionsAnswer: answer, ace: ['drop'] });
    const g = await c.grant([PAIR], {});
    expect(g.results.map((r) => r.outcome)).toEqual(['failed']);
    expect(g.results[0]!.detail).toContain('may have been held already');
    expect(outcomes(c)).toEqual(['grant unknown']);
    expect(warnings.join('\n')).toMatch(/could not read what svc holds \(the answer was 200 with .*not the IAM's list of permissions/);
  });

  it('unused\'s read fails instead of reporting nothing held', async () => {
    const c = await connect({ held: [`svc ${LOG} read`], permissionsAnswer: answer });
    await expect(c.holdings('svc')).rejects.toThrow(/could not read what svc holds: the answer was 200 with/);
  });
});

describe('a group\'s holdings answered without its list', () => {
  it('is "could not read", said once, not "holds nothing"', async () => {
    const gp = { ...pair, uid: '', gid: 'ops' };
    const ace = `${ACL}/groups/ops/create`;
    const { session } = fake({ [`GET ${P}/groups/ops/permissions`]: { status: 200, json: { groups: [] } }, [`PUT ${ACL}`]: { status: 409, json: { code: 'ERR_ACL_EXISTS', title: 'x' } }, [`PUT ${ace}`]: { status: 409, json: { code: 'ERR_ACE_EXISTS', title: 'x' }, uncertain: true } });
    const seen: string[] = [];
    const [r] = await grantPairs(session, [gp], { onWarning: (w) => seen.push(w) });
    expect(seen).toEqual([expect.stringMatching(/^could not read what group ops holds \(the answer was 200 with JSON without "array" as lists/)]);
    expect(r?.detail).toContain('may have been held already');
  });
});

describe('a grant whose ACL step got no answer', () => {
  it('is failed, not unknown (its permission request was never sent), and undo sends nothing', async () => {
    const c = await connect({ permissionsStatus: 500, acl: ['drop', 'drop', 'drop', 'drop'] });
    const g = await c.grant([PAIR, { ...PAIR, uid: 'svc2' }], {});
    expect(g.results.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    expect(g.results[0]!.detail).toMatch(/cannot reach .* its permission request was not sent, so nothing was granted$/);
    expect(g.results[0]!.detail).not.toContain('may have applied');
    expect(outcomes(c)).toEqual(['grant failed']);
    expect(iam!.requests.filter((q) => q.includes('/users/svc/read'))).toEqual([]);
    const u = await c.undo().then((x) => x.results, (e: Error) => e.message);
    expect(iam!.requests.filter((q) => q.startsWith('DELETE'))).toEqual([]);
    expect(u).toMatch(/no session with grants left to undo/);
  });

  it('interrupted there: not sent, recorded failed', async () => {
    const stop = new AbortController();
    const { session } = fake({ [`GET ${P}/users/svc/permissions`]: { status: 200, json: { direct: [], groups: [] } } });
    // The ACL request is abandoned by the interrupt: its error reaches the batch with the signal aborted.
    (session as unknown as { call: (m: string, r: string) => Promise<unknown> }).call = async (m: string) => {
      if (m === 'GET') return { status: 200, headers: { 'content-type': 'application/json' }, text: '', json: { direct: [], groups: [] } };
      stop.abort();
      throw new Error('aborted');
    };
    const recorded: string[] = [];
    const [r] = await grantPairs(session, [pair], { signal: stop.signal, journal: { before: () => {}, after: (_r, o) => recorded.push(o) } });
    expect(r?.detail).toBe('not attempted: interrupted in its ACL step, before its permission request');
    expect(recorded).toEqual(['failed']);
  });
});
