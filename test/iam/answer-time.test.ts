// Each pair's answer time, as the batch's progress gives it, is the time of its ledger outcome line:
// the loop lists a grant at it (its summary), so the two never disagree (review f-loop2, finding 2).
// And the loop's grant back shows the pair in flight by the order pairs are sent (review f-loop3): a
// pair `undo` does not send (the ledger shows it given back since) comes out of that order through
// the progress before anything is sent, or the loop would show it as being sent while the next is.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam } from '../../src/iam/client.js';
import { cleanEnv, tempDir } from './helpers.js';

let iam: SandboxIam;
beforeAll(async () => {
  iam = await startSandboxIam();
  iam.addUser('svc', 'svc-pw');
});
afterAll(async () => {
  await iam?.close();
});

it('the progress of each pair carries the time its ledger outcome line has, one clock reading per pair', async () => {
  const t = tempDir();
  // A clock a second apart at every reading: any second reading per pair would show.
  let clock = Date.parse('2030-01-01T00:00:00Z');
  const client = await connectIam({
    flags: { clusterUrl: iam.httpUrl, loginUid: iam.superuser.uid },
    env: cleanEnv(t.dir, { DCOS_PASSWORD: iam.superuser.password }),
    ledgerPath: join(t.dir, 'ledger.jsonl'),
    now: () => (clock += 1000),
  });
  try {
    const pairs = ['a', 'b'].map((r) => ({ uid: 'svc', rid: `dcos:mesos:master:framework:role:${r}`, action: 'create' }));
    const seen: Array<[string, string]> = [];
    await client.grant(pairs, {}, (r, _done, _total, at) => seen.push([r.rid, new Date(at).toISOString()]));
    const outcomes = client.ledger.read().records.map((r) => [r.rid, r.time]);
    expect(seen).toHaveLength(2);
    expect(seen).toEqual(outcomes);
  } finally {
    client.close();
    t.cleanup();
  }
});

it('gives the progress of a pair undo does not send before the first pair it sends', async () => {
  const t = tempDir();
  const connect = (ledger: string) => connectIam({
    flags: { clusterUrl: iam.httpUrl, loginUid: iam.superuser.uid },
    env: cleanEnv(t.dir, { DCOS_PASSWORD: iam.superuser.password }),
    ledgerPath: join(t.dir, ledger),
  });
  const pairs = ['c', 'd'].map((r) => ({ uid: 'svc', rid: `dcos:mesos:master:framework:role:${r}`, action: 'create' }));
  // Held before the session under test (granted with a ledger of its own).
  const setup = await connect('setup.jsonl');
  expect((await setup.grant(pairs, { yes: true })).results.map((r) => r.outcome)).toEqual(['granted', 'granted']);
  setup.close();
  const client = await connect('ledger.jsonl');
  try {
    expect((await client.revoke(pairs, { regrantable: true })).results.map((r) => r.outcome)).toEqual(['revoked', 'revoked']);
    const only = (list: typeof pairs) => ({ consent: { mode: 'interactive', yes: true } as const, pairs: { list, op: 'revoke' as const } });
    // d goes back first (a grant back of one pair), then the loop's `u` asks for both.
    expect((await client.undo(client.sessionId, undefined, only(pairs.slice(1)))).results.map((r) => r.outcome)).toEqual(['granted']);
    const seen: string[] = [];
    const out = await client.undo(client.sessionId, (r) => seen.push(`${r.rid.slice(-1)} ${r.outcome}`), only(pairs));
    expect(out.results.map((r) => `${r.rid.slice(-1)} ${r.outcome}`).sort()).toEqual(['c granted', 'd already undone']);
    expect(seen).toEqual(['d already undone', 'c granted']);
  } finally {
    client.close();
    t.cleanup();
  }
});
