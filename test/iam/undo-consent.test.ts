// A grant-back by `undo` is a grant: the grant policy's consent, asked before anything changes
// (client.undo's consent), against the sandbox IAM over HTTPS.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam, type IamClient } from '../../src/iam/client.js';
import type { BatchDecision } from '../../src/core/policy/index.js';
import { sessionToUndo } from '../../src/iam/ledger.js';
import { cleanEnv, loginToken, tempDir } from './helpers.js';

const PACKAGE = 'dcos:adminrouter:package'; // SENSITIVE
const LOG = 'dcos:mesos:master:log';

let iam: SandboxIam;
let token: string;
let t: ReturnType<typeof tempDir>;
const clients: IamClient[] = [];

beforeAll(async () => {
  iam = await startSandboxIam();
  iam.addUser('svc', 'svc-pw');
  token = await loginToken(iam);
});
afterAll(async () => {
  await iam?.close();
});
beforeEach(() => {
  t = tempDir();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  t.cleanup();
});

const connect = async (): Promise<IamClient> => {
  const c = await connectIam({ flags: { clusterUrl: iam.httpsUrl, caCert: iam.caPath, token }, env: cleanEnv(t.dir), ledgerPath: join(t.dir, 'ledger.jsonl') });
  clients.push(c);
  return c;
};
const held = () => iam.aces().filter((a) => a.uid === 'svc').map((a) => `${a.rid} ${a.action}`).sort();

describe('client.undo of a revoke of unused grants', () => {
  it('asks about the SENSITIVE one before anything changes; no = nothing granted back, yes = all', async () => {
    const pairs = [{ uid: 'svc', rid: PACKAGE, action: 'full' }, { uid: 'svc', rid: LOG, action: 'read' }];
    expect((await (await connect()).grant(pairs, { yes: true })).applied).toBe(true);
    const r = await (await connect()).revoke(pairs, { regrantable: true });
    expect(r.results.map((x) => x.outcome)).toEqual(['revoked', 'revoked']);
    const asked: BatchDecision[][] = [];
    const no = await (await connect()).undo(undefined, undefined, { consent: { mode: 'interactive', yes: false, confirm: async (d) => (asked.push([...d]), false) } });
    expect(asked.map((d) => d.map((x) => `${x.pair.rid} ${x.risk}`))).toEqual([[`${PACKAGE} sensitive`]]);
    expect(no.results.map((x) => [x.rid, x.outcome, x.detail?.startsWith('not confirmed: ')])).toEqual([[LOG, 'refused', true], [PACKAGE, 'refused', true]]) // newest first;
    expect(held()).toEqual([]);
    // Unattended without yes: refused without asking; with yes: granted back.
    const quiet = await (await connect()).undo(undefined, undefined, { consent: { mode: 'unattended', yes: false, confirm: async () => { throw new Error('asked'); } } });
    expect(quiet.results.every((x) => x.outcome === 'refused')).toBe(true);
    const yes = await (await connect()).undo(undefined, undefined, { consent: { mode: 'interactive', yes: false, confirm: async () => true } });
    expect(yes.results.map((x) => x.outcome)).toEqual(['granted', 'granted']);
    expect(held()).toEqual([`${PACKAGE} full`, `${LOG} read`].sort());
  });
});

describe('a grant back that finds the pair held (review r-diff, finding 2)', () => {
  const ace = (method: 'PUT' | 'DELETE', rid: string) =>
    fetch(`${iam.httpUrl}/acs/api/v1/acls/${rid}/users/svc/read`, { method, headers: { authorization: `token=${token}` }, signal: AbortSignal.timeout(5000) });
  const Y0 = 'dcos:mesos:master:framework:role:y0';
  const Y1 = 'dcos:mesos:master:framework:role:y1';

  it('is recorded: the next bare undo reaches the older session, and the pair is never granted back after a deliberate removal', async () => {
    const g0 = await connect();
    await g0.grant([{ uid: 'svc', rid: Y0, action: 'read' }], {});
    await (await connect()).grant([{ uid: 'svc', rid: Y1, action: 'read' }], {});
    const rc = await connect();
    const r = await rc.revoke([{ uid: 'svc', rid: Y1, action: 'read' }], { regrantable: true });
    expect(r.results.map((x) => x.outcome)).toEqual(['revoked']);
    expect((await ace('PUT', Y1)).status).toBe(204); // granted again outside the tool

    const first = await (await connect()).undo();
    expect(first.session).toBe(rc.sessionId);
    expect(first.results.map((x) => `${x.outcome} ${x.rid}`)).toEqual([`already held ${Y1}`]);
    const next = await (await connect()).undo();
    expect(next.session).toBe(g0.sessionId);
    expect(next.results.map((x) => `${x.outcome} ${x.rid}`)).toEqual([`revoked ${Y0}`]);

    expect((await ace('DELETE', Y1)).status).toBe(204); // removed on purpose
    await expect((await connect()).undo()).rejects.toThrow(/no session with grants left to undo/);
    const plan = sessionToUndo(rc.ledger, rc.sessionId);
    expect([plan.regrants, plan.done.map((d) => d.by.outcome)]).toEqual([[], ['already held']]);
    expect(held().filter((p) => p.includes(':role:'))).toEqual([]);
  });
});
