// `undo --session S` of a session already undone, whole or in part, sends nothing for what was undone,
// so a grant an administrator made by hand since stays (docs/ledger.md, "What `undo` takes back").
// Each run is a new client (a new CLI run); real HTTPS to the sandbox IAM on loopback.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam, type ConnectOptions, type IamClient } from '../../src/iam/client.js';
import { sessionToUndo } from '../../src/iam/ledger.js';
import { cleanEnv, loginToken, tempDir } from './helpers.js';

let iam: SandboxIam;
let t: ReturnType<typeof tempDir>;
const clients: IamClient[] = [];
const LOG = 'dcos:mesos:master:log';
const FLAGS = 'dcos:mesos:master:flags';
const STATE = 'dcos:mesos:master:endpoint:path:/state';

beforeEach(async () => {
  iam = await startSandboxIam();
  iam.addUser('svc', 'svc-pw');
  t = tempDir('a2g-undo-once-');
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await iam?.close();
  t.cleanup();
});

/** One run of the CLI: a client with its own session, on the one ledger of this test. */
async function run(o: Partial<ConnectOptions> = {}): Promise<IamClient> {
  const c = await connectIam({
    flags: { clusterUrl: iam.httpsUrl, caCert: iam.caPath, loginUid: iam.superuser.uid },
    env: cleanEnv(t.dir, { DCOS_PASSWORD: iam.superuser.password }),
    ledgerPath: join(t.dir, 'state', 'ledger.jsonl'),
    backoffMs: 5,
    ...o,
  });
  clients.push(c);
  return c;
}

/** What an administrator does by hand, outside audit2grant: the IAM's own grant call. */
async function adminGrants(uid: string, rid: string, action: string): Promise<void> {
  const res = await fetch(`${iam.httpUrl}/acs/api/v1/acls/${rid.replace(/\//g, '%252F')}/users/${uid}/${action}`, {
    method: 'PUT',
    headers: { authorization: `token=${await loginToken(iam)}` },
    signal: AbortSignal.timeout(5000),
  });
  expect(res.status).toBe(204);
}

/** What an administrator removes by hand, outside audit2grant. */
async function adminRevokes(uid: string, rid: string, action: string): Promise<void> {
  const res = await fetch(`${iam.httpUrl}/acs/api/v1/acls/${rid.replace(/\//g, '%252F')}/users/${uid}/${action}`, {
    method: 'DELETE',
    headers: { authorization: `token=${await loginToken(iam)}` },
    signal: AbortSignal.timeout(5000),
  });
  expect(res.status).toBe(204);
}

const aces = (uid: string) => iam.aces().filter((a) => a.uid === uid).map((a) => `${a.rid} ${a.action}`).sort();
const deletesSince = (n: number) => iam.requests.slice(n).filter((r) => r.method === 'DELETE').map((r) => r.rawPath);

describe('undo never revokes twice', () => {
  it('undo --session of a session already undone sends nothing: the administrator\'s grant since stays', async () => {
    const g = await run();
    await g.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {});
    const first = await (await run()).undo(g.sessionId);
    expect(first.results.map((r) => r.outcome)).toEqual(['revoked']);
    await adminGrants('svc', LOG, 'read');

    await expect((await run()).undo()).rejects.toThrow(/no session with grants left to undo/);
    const mark = iam.requests.length;
    const again = await (await run()).undo(g.sessionId);
    expect(deletesSince(mark)).toEqual([]);
    expect(again.applied).toBe(false);
    expect(again.results.map((r) => `${r.outcome} ${r.uid} ${r.rid} ${r.action}`)).toEqual([`already undone svc ${LOG} read`]);
    expect(again.results[0]?.detail).toMatch(/^revoked by the undo in session \S+ at \S+ \(revoked\): nothing sent$/);
    expect(aces('svc')).toEqual([`${LOG} read`]);
  });

  it('an undo interrupted mid-batch: the next undo --session sends only what is left (the maybe-applied one again), never the undone one', async () => {
    const g = await run();
    const pairs = [LOG, FLAGS, STATE].map((rid) => ({ uid: 'svc', rid, action: 'read' }));
    expect((await g.grant(pairs, {})).results.map((r) => r.outcome)).toEqual(['granted', 'granted', 'granted']);
    // Undo goes newest first: STATE is revoked, FLAGS is applied but never answered (the batch stops), LOG is not attempted.
    iam.faults.push({ kind: 'hang-after-apply', method: 'DELETE', path: 'master:flags/users/svc/read' });
    const cut = await (await run({ deadlineMs: 500 })).undo(g.sessionId);
    expect(cut.results.map((r) => `${r.outcome} ${r.rid}`)).toEqual([`revoked ${STATE}`, `failed ${FLAGS}`, `failed ${LOG}`]);
    expect(cut.stopped?.message).toMatch(/within 0\.5s/);
    await adminGrants('svc', STATE, 'read');

    const mark = iam.requests.length;
    const rest = await (await run()).undo(g.sessionId);
    expect(deletesSince(mark).map((p) => p.replace(/^.*\/acls\/|\/users\/.*$/g, ''))).toEqual([FLAGS, LOG]);
    expect(rest.results.map((r) => `${r.outcome} ${r.rid}`)).toEqual([`already absent ${FLAGS}`, `revoked ${LOG}`, `already undone ${STATE}`]);
    expect(aces('svc')).toEqual([`${STATE} read`]);
  });

  it('the plan (what --dry-run prints) lists the undone pair apart, with nothing to send', async () => {
    const g = await run();
    await g.grant([{ uid: 'svc', rid: LOG, action: 'read' }], {});
    await (await run()).undo(g.sessionId);
    const plan = sessionToUndo(g.ledger, g.sessionId);
    expect([plan.grants, plan.regrants, plan.skipped]).toEqual([[], [], []]);
    expect(plan.done.map((d) => `${d.record.rid} ${d.by.outcome}`)).toEqual([`${LOG} revoked`]);
  });
});

describe('a later session granted the pair anew (review r-diff, finding 1)', () => {
  const P = { uid: 'svc', rid: LOG, action: 'read' };

  it('A\'s grant lost its answer and never landed; B granted it: undo --session A sends nothing, B\'s undo revokes it', async () => {
    // The entry PUT is held and never run: every attempt times out, the grant is recorded unknown.
    iam.faults.push({ kind: 'hold', method: 'PUT', path: 'master:log/users/svc/read', until: new Promise(() => {}), times: 20 });
    const a = await run({ deadlineMs: 300 });
    expect((await a.grant([P], {})).results.map((r) => r.outcome)).toEqual(['failed']);
    iam.faults.splice(0);
    const b = await run();
    expect((await b.grant([P], {})).results.map((r) => r.outcome)).toEqual(['granted']);

    const mark = iam.requests.length;
    const undoA = await (await run()).undo(a.sessionId);
    expect(deletesSince(mark)).toEqual([]);
    expect(undoA.results.map((r) => `${r.outcome} ${r.rid}`)).toEqual([`already undone ${LOG}`]);
    expect(undoA.results[0]?.detail).toMatch(new RegExp(`^not held when session ${b.sessionId} granted it anew at \\S+ \\(granted\\)`));
    expect(aces('svc')).toEqual([`${LOG} read`]);
    expect((await (await run()).undo()).results.map((r) => `${r.outcome} ${r.rid}`)).toEqual([`revoked ${LOG}`]);
    expect(aces('svc')).toEqual([]);
  });

  it('A\'s grant was removed outside this ledger, then B granted it: undoing A leaves B\'s grant', async () => {
    const a = await run();
    await a.grant([P], {});
    await adminRevokes('svc', LOG, 'read');
    await (await run()).grant([P], {});
    const mark = iam.requests.length;
    expect((await (await run()).undo(a.sessionId)).results.map((r) => r.outcome)).toEqual(['already undone']);
    expect(deletesSince(mark)).toEqual([]);
    expect(aces('svc')).toEqual([`${LOG} read`]);
  });
});
