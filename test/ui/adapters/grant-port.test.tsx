// The loop with `--gid`: the grant port sends every batch (and its undo) to the group, and the
// confirmation names the group.
import { afterEach, describe, expect, it } from 'vitest';
import type { GrantPair } from '../../../src/core/types.js';
import type { IamClient } from '../../../src/iam/client.js';
import { App } from '../../../src/ui/App.js';
import { grantPortFromClient } from '../../../src/ui/adapters/grant-port.js';
import { finding, UID } from '../../core/session/helpers.js';
import { fakeGrants, fakeScan, mount } from '../harness.js';

/** An IamClient that records what it is asked and echoes the pairs back. */
function recordingClient() {
  const calls: Array<{ op: string; pairs: readonly GrantPair[]; undoOf?: string }> = [];
  const echo = (outcome: 'granted' | 'revoked') => (pairs: readonly GrantPair[]) => pairs.map((p) => ({ ...p, outcome, detail: '', aclCreated: false }));
  const client = {
    clusterUrl: 'https://c.test',
    sessionId: 's-1',
    actingUid: 'bootstrapuser',
    heldPairs: async () => null,
    grant: async (pairs: readonly GrantPair[]) => {
      calls.push({ op: 'grant', pairs });
      return { results: echo('granted')(pairs), rails: {} as never, applied: true };
    },
    // The loop's undo is the `undo` command's, narrowed to the batch's pairs.
    undo: async (session: string, _p: unknown, only: { gid?: string; pairs: { list: readonly GrantPair[]; op: string } }) => {
      calls.push({ op: `undo ${only.pairs.op} ${only.gid ?? '-'}`, pairs: only.pairs.list, undoOf: session });
      return { results: echo('revoked')(only.pairs.list), rails: {} as never, applied: true, session };
    },
  } as unknown as IamClient;
  return { client, calls };
}

describe('grant port with --gid', () => {
  it("grants and undoes for the group; results keep the account, so the loop's session follows them", async () => {
    const { client, calls } = recordingClient();
    const port = grantPortFromClient(client, false, 'ops');
    expect(port.gid).toBe('ops');
    const pair = { uid: UID, rid: 'dcos:mesos:master:framework:role:r', action: 'create' };
    const res = await port.grant([pair], { allowDangerous: false, forceNative: false });
    expect(res).toEqual([{ ...pair, gid: 'ops', outcome: 'granted', detail: '', aclCreated: false }]);
    await port.revoke([pair]);
    expect(calls).toEqual([
      { op: 'grant', pairs: [{ ...pair, gid: 'ops' }] },
      { op: 'undo grant ops', pairs: [{ ...pair, gid: 'ops' }], undoOf: 's-1' },
    ]);
  });

  it('holdings this account may not read are an error, not "holds nothing" (review r-loop, finding 5)', async () => {
    const { client } = recordingClient();
    await expect(grantPortFromClient(client, false).held(UID)).rejects.toThrow('may not read it');
  });

  it('without --gid the pairs go as they are; a dry run names the group too', async () => {
    const { client, calls } = recordingClient();
    const pair = { uid: UID, rid: 'dcos:x', action: 'read' };
    await grantPortFromClient(client, false).grant([pair], { allowDangerous: false, forceNative: false });
    expect(calls[0]?.pairs).toEqual([pair]);
    const dry = await grantPortFromClient(client, true, 'ops').grant([pair], { allowDangerous: false, forceNative: false });
    expect(dry[0]).toMatchObject({ gid: 'ops', outcome: 'dry-run' });
  });
});

let unmount: (() => void) | null = null;
afterEach(() => unmount?.());

describe('the confirmation names the group', () => {
  it('g: "grant 1 permission(s) to group ops (for cassandra-sa; …)"', async () => {
    const scan = fakeScan();
    const grants = fakeGrants();
    const m = mount(
      <App uid={UID} startScan={scan.start} grants={{ ...grants.port, gid: 'ops' }} exporter={null} sessionId="sess-1" quietMs={60_000} allowDangerous={false} forceNative={false} onExit={() => {}} flushMs={5} />,
    );
    unmount = m.unmount;
    scan.set([finding('dcos:mesos:master:framework:role:cassandra-role', 'create')]);
    await m.see('cassandra-role');
    await m.press(' ');
    await m.press('g');
    await m.see('grant 1 permission(s) to group ops (for cassandra-sa; every member gets them):');
  });
});

describe('the export of a session that granted to a group', () => {
  it('writes `dcos security org groups grant` lines', async () => {
    const { applyBatch, appliedPairs, beginBatch, createSession } = await import('../../../src/core/session/index.js');
    const { fileExporter } = await import('../../../src/ui/adapters/exporter.js');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const f = finding('dcos:mesos:master:framework:role:r', 'create');
    let s = createSession({ id: 's', uid: UID, by: null, now: 1 });
    s = beginBatch(s, [f]);
    s = applyBatch(s, 'b1', [{ uid: UID, rid: f.rid, action: f.action, gid: 'ops', outcome: 'granted', detail: '', aclCreated: false }], 2, [f]);
    expect(appliedPairs(s)).toEqual([{ uid: UID, rid: f.rid, action: f.action, gid: 'ops' }]);
    const dir = mkdtempSync(join(tmpdir(), 'a2g-export-'));
    try {
      const path = await fileExporter(dir, 's').write('dcos', appliedPairs(s), [f]);
      expect(readFileSync(path, 'utf8')).toContain(`dcos security org groups grant ops ${f.rid} create`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
