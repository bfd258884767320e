// Group grants through the real IAM client against the sandbox IAM over HTTPS: a pair held through
// a group is held, grants to a group (`--gid`) with the same rails and ledger, and undo taking them
// back from the group only.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { connectIam, type IamClient } from '../../src/iam/client.js';
import { undoCheck } from '../../src/iam/undoCheck.js';
import { cleanEnv, tempDir } from './helpers.js';

let iam: SandboxIam;
let t: ReturnType<typeof tempDir>;
let client: IamClient;
const DEV = 'dcos:service:marathon:marathon:services:/dev';
const ROLE = 'dcos:mesos:master:framework:role:dev';

beforeAll(async () => {
  iam = await startSandboxIam();
  iam.addUser('svc', 'svc-pw');
  iam.addUser('member', 'member-pw');
  iam.addGroup('ops', ['member']);
  iam.addGroup('empty');
});
afterAll(async () => {
  await iam?.close();
});
beforeEach(async () => {
  t = tempDir();
  client = await connectIam({
    flags: { clusterUrl: iam.httpsUrl, caCert: iam.caPath, loginUid: iam.superuser.uid },
    env: cleanEnv(t.dir, { DCOS_PASSWORD: iam.superuser.password }),
    ledgerPath: join(t.dir, 'ledger.jsonl'),
  });
});
afterEach(() => {
  client.close();
  t.cleanup();
});

const ledgerLines = (): Array<Record<string, unknown>> => readFileSync(join(t.dir, 'ledger.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const groupAces = (gid: string) => iam.groupAces().filter((a) => a.gid === gid).map((a) => `${a.rid} ${a.action}`).sort();

describe('held through a group', () => {
  it("an account's pair held by one of its groups is `already held`, and nothing is sent for it", async () => {
    const g = await client.grant([{ uid: '', gid: 'ops', rid: DEV, action: 'read' }], {});
    expect(g.results[0]).toMatchObject({ outcome: 'granted', gid: 'ops' });
    expect(iam.isAllowed('member', DEV, 'read')).toBe(true);
    const before = iam.requests.length;
    const r = await client.grant([{ uid: 'member', rid: DEV, action: 'read' }, { uid: 'member', rid: DEV, action: 'update' }], {});
    expect(r.results.map((x) => [x.outcome, x.detail])).toEqual([['already held', 'held through group ops'], ['granted', '']]);
    const sent = iam.requests.slice(before).filter((q) => q.method === 'PUT').map((q) => q.rawPath);
    expect(sent).toEqual([`/acs/api/v1/acls/${DEV.replace(/\//g, '%252F')}`, `/acs/api/v1/acls/${DEV.replace(/\//g, '%252F')}/users/member/update`]);
    expect((await client.heldPairs('member'))?.get(DEV)?.get('read')).toBe('through group ops');
    await client.revoke([{ uid: '', gid: 'ops', rid: DEV, action: 'read' }, { uid: 'member', rid: DEV, action: 'update' }]);
  });

  it('`full` held through a group covers the narrower action', async () => {
    await client.grant([{ uid: '', gid: 'ops', rid: ROLE, action: 'full' }], {});
    const r = await client.grant([{ uid: 'member', rid: ROLE, action: 'create' }], {});
    expect(r.results[0]).toMatchObject({ outcome: 'already held', detail: 'covered by full on the same rid (held through group ops)' });
    await client.revoke([{ uid: '', gid: 'ops', rid: ROLE, action: 'full' }]);
  });
});

describe('grants to a group (--gid)', () => {
  it("PUT the ACL then the group's ACE; the ledger records the group and no account; a second grant is held by the group", async () => {
    const g = await client.grant([{ uid: '', gid: 'empty', rid: ROLE, action: 'create' }], {});
    expect(g.results[0]).toMatchObject({ outcome: 'granted', gid: 'empty', rid: ROLE, action: 'create' });
    expect(groupAces('empty')).toEqual([`${ROLE} create`]);
    expect(iam.requests.some((q) => q.method === 'PUT' && q.rawPath === `/acs/api/v1/acls/${ROLE}/groups/empty/create` && q.status === 204)).toBe(true);
    const lines = ledgerLines();
    expect(lines.map((l) => [l.kind, l.uid, l.gid, l.op, l.outcome])).toEqual([['intent', '', 'empty', 'grant', undefined], ['outcome', '', 'empty', 'grant', 'granted']]);
    // An audit2grant that knows no gid reads uid '' and refuses to undo it (it would otherwise revoke from an account).
    const { gid: _gid, ...asOld } = { ...(lines[1] as Record<string, string>), outcome: 'granted', aclCreated: false } as Record<string, unknown>;
    expect(undoCheck(asOld as never)).toMatchObject({ ok: false, reason: expect.stringMatching(/uid is empty/) });
    const again = await client.grant([{ uid: '', gid: 'empty', rid: ROLE, action: 'create' }], {});
    expect(again.results[0]).toMatchObject({ outcome: 'already held', detail: 'held by group empty' });
    await client.revoke([{ uid: '', gid: 'empty', rid: ROLE, action: 'create' }]);
    expect(groupAces('empty')).toEqual([]);
  });

  it('the same rails: SENSITIVE needs yes, DANGEROUS --allow-dangerous, superusers never; nothing is sent when refused', async () => {
    const before = iam.requests.length;
    const s = await client.grant([{ uid: '', gid: 'ops', rid: 'dcos:adminrouter:package', action: 'full' }], {});
    expect(s).toMatchObject({ applied: false, results: [{ outcome: 'refused', detail: expect.stringMatching(/SENSITIVE/) }] });
    const d = await client.grant([{ uid: '', gid: 'ops', rid: 'dcos:superuser', action: 'full' }], { yes: true });
    expect(d.results[0]?.detail).toMatch(/--allow-dangerous/);
    const su = await client.grant([{ uid: '', gid: 'superusers', rid: ROLE, action: 'create' }], { yes: true, allowDangerous: true, forceNative: true });
    expect(su.results[0]?.detail).toMatch(/superusers is DC\/OS's own group/);
    const rv = await client.revoke([{ uid: '', gid: 'superusers', rid: 'dcos:superuser', action: 'full' }], { forceNative: true });
    expect(rv.applied).toBe(false);
    expect(iam.requests.slice(before).filter((q) => q.rawPath.startsWith('/acs/api/v1/acls'))).toHaveLength(0);
  });

  it('an unknown group fails with what to do, and records nothing', async () => {
    const g = await client.grant([{ uid: '', gid: 'ghost', rid: ROLE, action: 'create' }], {});
    expect(g.results[0]).toMatchObject({ outcome: 'failed', detail: 'the IAM does not know group ghost: create it first (dcos security org groups create ghost)' });
    expect(ledgerLines()).toEqual([]);
    const r = await client.revoke([{ uid: '', gid: 'ghost', rid: ROLE, action: 'create' }]);
    expect(r.results[0]).toMatchObject({ outcome: 'failed', detail: 'the IAM does not know group ghost (ERR_UNKNOWN_GROUP_ID): nothing to revoke; check the gid' });
  });

  it("undo takes a session's group grants back from the group, leaving the account's own grant of the same pair", async () => {
    iam.addGroup('team', ['svc']);
    await client.grant([{ uid: 'svc', rid: DEV, action: 'create' }], {});
    const undoneLater = await connectIam({
      flags: { clusterUrl: iam.httpsUrl, caCert: iam.caPath, loginUid: iam.superuser.uid },
      env: cleanEnv(t.dir, { DCOS_PASSWORD: iam.superuser.password }),
      ledgerPath: join(t.dir, 'ledger.jsonl'),
    });
    try {
      const g = await undoneLater.grant([{ uid: '', gid: 'team', rid: DEV, action: 'create' }, { uid: '', gid: 'team', rid: ROLE, action: 'create' }], {});
      expect(g.results.map((r) => r.outcome)).toEqual(['granted', 'granted']);
    } finally {
      undoneLater.close();
    }
    const sentBefore = iam.requests.length;
    const u = await client.undo();
    expect(u.results.map((r) => [r.outcome, r.gid, r.rid])).toEqual([['revoked', 'team', ROLE], ['revoked', 'team', DEV]]);
    expect(groupAces('team')).toEqual([]);
    expect(iam.aces()).toContainEqual({ rid: DEV, uid: 'svc', action: 'create' });
    const deletes = iam.requests.slice(sentBefore).filter((q) => q.method === 'DELETE');
    expect(deletes).toHaveLength(2);
    expect(deletes.every((q) => q.rawPath.includes('/groups/team/'))).toBe(true);
    // The revokes are recorded as undoing that session, for the group.
    expect(ledgerLines().filter((l) => l.op === 'revoke' && l.kind === 'outcome').every((l) => l.gid === 'team' && l.uid === '' && typeof l.undoOf === 'string')).toBe(true);
    await client.revoke([{ uid: 'svc', rid: DEV, action: 'create' }]);
  });

  it('undo --gid: only what the session granted to that group', async () => {
    iam.addGroup('a');
    iam.addGroup('b');
    const g = await client.grant([{ uid: '', gid: 'a', rid: ROLE, action: 'read' }, { uid: '', gid: 'b', rid: ROLE, action: 'read' }], {});
    expect(g.results.map((r) => r.outcome)).toEqual(['granted', 'granted']);
    const u = await client.undo(undefined, undefined, { gid: 'b' });
    expect(u.results.map((r) => [r.outcome, r.gid])).toEqual([['revoked', 'b']]);
    expect(groupAces('a')).toEqual([`${ROLE} read`]);
    expect(groupAces('b')).toEqual([]);
    await expect(client.undo(undefined, undefined, { gid: 'b' })).rejects.toThrow(/no session with grants to group b left to undo/);
    await client.undo(undefined, undefined, { gid: 'a' });
    expect(groupAces('a')).toEqual([]);
  });
});
