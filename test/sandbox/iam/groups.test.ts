// Groups in the sandbox IAM, over real HTTP: create, members, group ACEs, what a group holds, the
// `groups` part of an account's permissions, and the authorizer counting a group's rights.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxIam, type SandboxIam } from '../../../src/sandbox/iam/index.js';
import { readSnapshotFile, saveState } from '../../../src/sandbox/iam/persist.js';
import { API, call, enc, loginPassword } from './client.js';

let iam: SandboxIam;
let su: string;
const RID = 'dcos:service:marathon:marathon:services:/dev';
const put = (path: string, body?: unknown) => call(iam.httpUrl, 'PUT', `${API}${path}`, { token: su, body });
const get = (path: string, token = su) => call(iam.httpUrl, 'GET', `${API}${path}`, { token });
const del = (path: string) => call(iam.httpUrl, 'DELETE', `${API}${path}`, { token: su });

beforeAll(async () => {
  iam = await startSandboxIam();
  iam.addUser('alice', 'alice-pw');
  iam.addUser('bob', 'bob-pw');
  su = await loginPassword(iam.httpUrl, iam.superuser.uid, iam.superuser.password);
});
afterAll(() => iam.close());

describe('groups', () => {
  test('create (201, then 409 ERR_GROUP_EXISTS), read, list; a bad gid is ERR_INVALID_GROUP_ID', async () => {
    expect((await put('/groups/ops', { description: 'operators' })).status).toBe(201);
    const again = await put('/groups/ops', { description: 'x' });
    expect([again.status, again.json().code]).toEqual([409, 'ERR_GROUP_EXISTS']);
    expect((await get('/groups/ops')).json()).toEqual({ gid: 'ops', url: `${API}/groups/ops`, description: 'operators', provider_type: 'internal' });
    expect((await get('/groups')).json().array.map((g: { gid: string }) => g.gid)).toEqual(['ops', 'superusers']);
    const bad = await put('/groups/a%20b', { description: 'x' });
    expect([bad.status, bad.json().code]).toEqual([400, 'ERR_INVALID_GROUP_ID']);
    const ghost = await get('/groups/ghost');
    expect([ghost.status, ghost.json().code]).toEqual([400, 'ERR_UNKNOWN_GROUP_ID']);
  });

  test('members: 204, 409 when already in, ERR_USER_NOT_IN_GROUP when not; the member list and the account side', async () => {
    expect((await put('/groups/ops/users/alice')).status).toBe(204);
    const again = await put('/groups/ops/users/alice');
    expect([again.status, again.json().code]).toEqual([409, 'ERR_USER_ALREADY_IN_GROUP']);
    expect((await get('/groups/ops/users')).json().array.map((m: { user: { uid: string } }) => m.user.uid)).toEqual(['alice']);
    const alice = await loginPassword(iam.httpUrl, 'alice', 'alice-pw');
    // An account reads its own groups; another's needs the right.
    expect((await get('/users/alice/groups', alice)).json().array).toEqual([{ membershipurl: `${API}/groups/ops/users/alice`, group: expect.objectContaining({ gid: 'ops' }) }]);
    expect((await get('/users/bob/groups', alice)).status).toBe(403);
    const notIn = await del('/groups/ops/users/bob');
    expect([notIn.status, notIn.json().code]).toEqual([400, 'ERR_USER_NOT_IN_GROUP']);
  });

  test("a group's ACE: the members are allowed, the group's and the account's permissions show it", async () => {
    expect((await put(`/acls/${enc(RID)}`, { description: 'dev' })).status).toBe(201);
    expect((await put(`/acls/${enc(RID)}/groups/ops/read`)).status).toBe(204);
    expect((await put(`/acls/${enc(RID)}/groups/ops/read`)).status).toBe(409);
    expect(iam.groupAces()).toContainEqual({ rid: RID, gid: 'ops', action: 'read' });
    expect(iam.isAllowed('alice', RID, 'read')).toBe(true);
    expect(iam.isAllowed('bob', RID, 'read')).toBe(false);
    expect((await get(`/acls/${enc(RID)}/groups/ops/read`)).json()).toEqual({ allowed: true });
    expect((await get('/groups/ops/permissions')).json().array).toEqual([
      { rid: RID, description: 'dev', aclurl: `${API}/acls/${enc(RID)}`, actions: [{ name: 'read', url: `${API}/acls/${enc(RID)}/groups/ops/read` }] },
    ]);
    const perms = (await get('/users/alice/permissions')).json();
    expect(perms.direct).toEqual([]);
    expect(perms.groups).toEqual([expect.objectContaining({ rid: RID, gid: 'ops', membershipurl: `${API}/groups/ops/users/alice`, actions: [expect.objectContaining({ name: 'read' })] })]);
  });

  test('revoke from the group: 204, then ERR_GROUP_NOT_IN_ACL; the member loses it', async () => {
    expect((await del(`/acls/${enc(RID)}/groups/ops/read`)).status).toBe(204);
    const gone = await del(`/acls/${enc(RID)}/groups/ops/read`);
    expect([gone.status, gone.json().code]).toEqual([400, 'ERR_GROUP_NOT_IN_ACL']);
    expect(iam.isAllowed('alice', RID, 'read')).toBe(false);
  });

  test('superusers: not deleted, never emptied; deleting a group drops its ACEs', async () => {
    const su1 = await del('/groups/superusers');
    expect([su1.status, su1.json().code]).toEqual([400, 'ERR_IS_SUPERUSER_GROUP']);
    const last = await del(`/groups/superusers/users/${iam.superuser.uid}`);
    expect([last.status, last.json().code]).toEqual([400, 'ERR_NO_MORE_SUPERUSERS']);
    expect((await put('/groups/tmp', { description: 't' })).status).toBe(201);
    expect((await put(`/acls/${enc(RID)}/groups/tmp/update`)).status).toBe(204);
    expect((await del('/groups/tmp')).status).toBe(204);
    expect(iam.groupAces().some((a) => a.gid === 'tmp')).toBe(false);
  });

  test('a non-manager cannot create groups or add members', async () => {
    const bob = await loginPassword(iam.httpUrl, 'bob', 'bob-pw');
    expect((await call(iam.httpUrl, 'PUT', `${API}/groups/mine`, { token: bob, body: { description: 'x' } })).status).toBe(403);
    expect((await call(iam.httpUrl, 'PUT', `${API}/groups/superusers/users/bob`, { token: bob })).status).toBe(403);
    expect(iam.isAllowed('bob', 'dcos:superuser', 'full')).toBe(false);
  });

  test('--state keeps groups, their members and ACEs, never the superusers membership', async () => {
    iam.addGroup('keep', ['bob']);
    const dir = mkdtempSync(join(tmpdir(), 'a2g-groups-'));
    try {
      const file = join(dir, 'state.json');
      saveState(file, iam);
      const snap = readSnapshotFile(file)!;
      expect(snap.groups?.map((g) => g.gid)).toEqual(['ops', 'keep']);
      expect(snap.groups?.find((g) => g.gid === 'keep')?.members).toEqual(['bob']);
      const next = await startSandboxIam();
      try {
        next.addUser('bob', 'pw');
        const warnings: string[] = [];
        next.restore({ ...snap, groups: [...(snap.groups ?? []), { gid: 'superusers', description: 'x', members: ['bob'] }] }, (w) => warnings.push(w));
        expect(next.isAllowed('bob', 'dcos:superuser', 'full')).toBe(false);
        expect(warnings).toContain('skipped member alice of group ops: not in the sandbox');
        next.restore(snap);
      } finally {
        await next.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
