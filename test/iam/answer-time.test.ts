// Each pair's answer time, as the batch's progress gives it, is the time of its ledger outcome line:
// the loop lists a grant at it (its summary), so the two never disagree (review f-loop2, finding 2).
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
