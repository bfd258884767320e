import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam, type IamClient } from '../../src/iam/client.js';
import { cleanEnv, tempDir } from './helpers.js';

let iam: SandboxIam;
let t: ReturnType<typeof tempDir>;
let client: IamClient;
const warnings: string[] = [];
const DEV = 'dcos:service:marathon:marathon:services:/dev';

beforeAll(async () => {
  iam = await startSandboxIam();
  iam.addUser('svc', 'svc-pw');
  iam.addUser('other', 'other-pw');
});
afterAll(async () => {
  await iam?.close();
});
beforeEach(async () => {
  t = tempDir();
  warnings.length = 0;
  client = await connectIam({
    flags: { clusterUrl: iam.httpsUrl, caCert: iam.caPath, loginUid: iam.superuser.uid },
    env: cleanEnv(t.dir, { DCOS_PASSWORD: iam.superuser.password }),
    ledgerPath: join(t.dir, 'ledger.jsonl'),
    onWarning: (w) => warnings.push(w),
  });
});
afterEach(() => {
  client.close();
  t.cleanup();
});

const aces = (uid: string) => iam.aces().filter((a) => a.uid === uid).map((a) => `${a.rid} ${a.action}`).sort();

describe('grant / revoke / undo over HTTPS (sandbox CA)', () => {
  it('round trip: grant creates the ACL, 409s are fine, revoke never deletes the ACL, undo revokes exactly the session', async () => {
    const pairs = [
      { uid: 'svc', rid: DEV, action: 'create' },
      { uid: 'svc', rid: 'dcos:mesos:master:framework:role:dev', action: 'create' },
    ];
    const g = await client.grant(pairs, {});
    expect(g.applied).toBe(true);
    expect(g.results.map((r) => [r.outcome, r.aclCreated])).toEqual([['granted', true], ['granted', true]]);
    expect(aces('svc')).toEqual([`dcos:mesos:master:framework:role:dev create`, `${DEV} create`]);
    expect(iam.requests.some((r) => r.rawPath.includes('services:%252Fdev/users/svc/create') && r.status === 204)).toBe(true);

    // Again: the up-front check says held, nothing is sent.
    const before = iam.requests.length;
    const again = await client.grant(pairs, {});
    expect(again.results.map((r) => [r.outcome, r.detail])).toEqual([['already held', 'held directly'], ['already held', 'held directly']]);
    expect(iam.requests.slice(before).filter((r) => r.rawPath.startsWith('/acs/api/v1/acls'))).toHaveLength(0);

    // Another uid on an existing ACL: 409 on the ACL is fine, aclCreated false.
    const o = await client.grant([{ uid: 'other', rid: DEV, action: 'read' }], {});
    expect(o.results[0]).toMatchObject({ outcome: 'granted', aclCreated: false });

    const r = await client.revoke([{ uid: 'svc', rid: DEV, action: 'create' }, { uid: 'svc', rid: DEV, action: 'delete' }]);
    expect(r.results.map((x) => x.outcome)).toEqual(['revoked', 'already absent']);
    expect(iam.acls()).toContain(DEV);
    expect(iam.requests.some((x) => x.method === 'DELETE' && /\/acls\/[^/]+$/.test(x.rawPath))).toBe(false);

    // undo: the latest session with grants not yet undone is this one; 'already held' ones are not
    // touched, and the one this session revoked itself is taken back already: nothing sent for it.
    const u = await client.undo();
    expect(u.session).toBe(client.sessionId);
    expect(u.results.map((x) => `${x.outcome} ${x.uid} ${x.rid} ${x.action}`)).toEqual([
      `revoked other ${DEV} read`,
      `revoked svc dcos:mesos:master:framework:role:dev create`,
      `already undone svc ${DEV} create`,
    ]);
    expect(aces('svc')).toEqual([]);
    expect(aces('other')).toEqual([]);
    const { records } = client.ledger.read();
    expect(records.filter((x) => x.undoOf === client.sessionId)).toHaveLength(2);
    expect(records.every((x) => x.cluster === iam.httpsUrl)).toBe(true);
    await expect(client.undo()).rejects.toThrow(/no session with grants left to undo/);
  });

  it('full on the same rid counts as held, and says so', async () => {
    await client.grant([{ uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', action: 'full' }], {});
    // read is not an action the catalog lists for an Admin Router rid: it needs a confirmation (yes).
    const g = await client.grant([{ uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', action: 'read' }], { yes: true });
    expect(g.results[0]).toMatchObject({ outcome: 'already held', detail: 'covered by full on the same rid (held directly)' });
    const held = await client.heldPairs('svc');
    expect(held?.get('dcos:adminrouter:ops:mesos')?.get('full')).toBe('directly');
    await client.revoke([{ uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', action: 'full' }]);
  });

  it('an unknown uid fails that pair with what to do', async () => {
    const g = await client.grant([{ uid: 'ghost', rid: 'dcos:mesos:master:log', action: 'read' }], {});
    expect(g.results[0]).toMatchObject({ outcome: 'failed' });
    expect(g.results[0]?.detail).toMatch(/does not know ghost: create the service account first/);
  });

  it('a refused pair in a batch means nothing is applied (no request at all)', async () => {
    const before = iam.requests.length;
    const g = await client.grant(
      [
        { uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read' },
        { uid: 'svc', rid: 'dcos:superuser', action: 'full' },
      ],
      {},
    );
    expect(g.applied).toBe(false);
    expect(g.results.map((r) => r.outcome)).toEqual(['refused', 'refused']);
    expect(iam.requests.length).toBe(before);
    expect(aces('svc')).toEqual([]);
    expect(client.ledger.read().records).toHaveLength(0);
  });

  it('sensitive pairs are refused until confirmed', async () => {
    const p = [{ uid: 'svc', rid: 'dcos:adminrouter:package', action: 'full' }];
    expect((await client.grant(p, {})).results[0]?.outcome).toBe('refused');
    expect((await client.grant(p, { yes: true })).results[0]?.outcome).toBe('granted');
    await client.undo();
    expect(aces('svc')).toEqual([]);
  });

  it('progress callbacks see every pair', async () => {
    const seen: string[] = [];
    await client.grant([{ uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read' }, { uid: 'svc', rid: 'dcos:mesos:master:flags', action: 'read' }], {}, (r, done, total) => seen.push(`${done}/${total} ${r.outcome}`));
    expect(seen).toEqual(['1/2 granted', '2/2 granted']);
    await client.undo();
  });

  it('undo refuses a session granted on another cluster, and an unknown session', async () => {
    client.ledger.append([{ time: new Date().toISOString(), cluster: 'https://elsewhere.example', session: 'S-other', uid: 'svc', rid: 'dcos:x', action: 'read', op: 'grant', outcome: 'granted', aclCreated: false }]);
    await expect(client.undo('S-other')).rejects.toThrow('session S-other granted on https://elsewhere.example, not on ' + iam.httpsUrl);
    await expect(client.undo('S-none')).rejects.toThrow('no session S-none in the ledger');
  });
});
