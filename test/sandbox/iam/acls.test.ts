import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandboxIam, type SandboxIam } from '../../../src/sandbox/iam/index.js';
import { API, call, enc, loginPassword } from './client.js';

let iam: SandboxIam;
let su: string;
const RID = 'dcos:service:marathon:marathon:services:/dev';
const put = (path: string, body?: unknown) => call(iam.httpUrl, 'PUT', `${API}${path}`, { token: su, body });
const get = (path: string) => call(iam.httpUrl, 'GET', `${API}${path}`, { token: su });
const del = (path: string) => call(iam.httpUrl, 'DELETE', `${API}${path}`, { token: su });

beforeAll(async () => {
  iam = await startSandboxIam();
  iam.addUser('alice', 'alice-pw');
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  iam.addServiceAccount('my-svc', publicKey);
  su = await loginPassword(iam.httpUrl, iam.superuser.uid, iam.superuser.password);
});
afterAll(() => iam.close());

describe('grant: ACL first, then the ACE', () => {
  test('400 ERR_UNKNOWN_RESOURCE_ID without the ACL, 201 then 409 on the ACL, 204 then 409 on the ACE', async () => {
    const grant = `/acls/${enc(RID)}/users/alice/read`;
    let a = await put(grant);
    expect([a.status, a.json().code]).toEqual([400, 'ERR_UNKNOWN_RESOURCE_ID']);
    a = await put(`/acls/${enc(RID)}`, { description: 'dev group' });
    expect(a.status).toBe(201);
    a = await put(`/acls/${enc(RID)}`, { description: 'again' });
    expect([a.status, a.json().code]).toEqual([409, 'ERR_ACL_EXISTS']);
    expect(a.json().title).toBe('Conflict');
    a = await put(grant);
    expect([a.status, a.text]).toEqual([204, '']);
    expect(iam.isAllowed('alice', RID, 'read')).toBe(true);
    expect(iam.isAllowed('alice', RID, 'update')).toBe(false);
    expect(iam.aces()).toContainEqual({ rid: RID, uid: 'alice', action: 'read' });
    a = await put(grant);
    expect(a.status).toBe(409);
  });

  test('GET /acls/{rid}: decoded rid, url in the %252F form', async () => {
    const a = await get(`/acls/${enc(RID)}`);
    expect(a.json()).toEqual({ rid: RID, url: `${API}/acls/${enc(RID)}`, description: 'dev group' });
    const b = await get(`/acls/${enc('dcos:nope:/x')}`);
    expect([b.status, b.json().code]).toEqual([400, 'ERR_UNKNOWN_RESOURCE_ID']);
  });

  test.each([
    ['unknown user', `/acls/${enc(RID)}/users/ghost/read`, 'ERR_UNKNOWN_USER_ID'],
    ['invalid action', `/acls/${enc(RID)}/users/alice/write`, 'ERR_INVALID_ACTION'],
    ['uppercase action', `/acls/${enc(RID)}/users/alice/READ`, 'ERR_INVALID_ACTION'],
    ['missing ACL', `/acls/dcos:missing/users/alice/read`, 'ERR_UNKNOWN_RESOURCE_ID'],
  ])('%s: 400 %s', async (_n, path, code) => {
    const a = await put(path);
    expect([a.status, a.json().code]).toEqual([400, code]);
    expect(Object.keys(a.json()).sort()).toEqual(['code', 'description', 'title']);
  });

  test('PUT /acls with a malformed body: 400', async () => {
    for (const rawBody of ['{', '[]', '{"description":5}', '']) {
      const a = await call(iam.httpUrl, 'PUT', `${API}/acls/dcos:bad-body`, { token: su, rawBody });
      expect(a.status, rawBody).toBe(400);
    }
    expect(iam.acls()).not.toContain('dcos:bad-body');
    expect((await put('/acls/dcos:empty-object', {})).status).toBe(201);
  });
});

describe('path decoding as the real stack does it', () => {
  test('%252F arrives as / in the rid', async () => {
    expect((await put(`/acls/dcos:mesos:master:task:app_id:${enc('/prod/cassandra')}`, { description: '' })).status).toBe(201);
    expect(iam.acls()).toContain('dcos:mesos:master:task:app_id:/prod/cassandra');
  });

  test.each([
    ['PUT', '/acls/dcos:service:marathon:marathon:services:%2Fprod', 404],
    ['PUT', '/acls/dcos:service:marathon:marathon:services:%2Fdev/users/alice/read', 404],
    ['DELETE', '/acls/dcos:service:marathon:marathon:services:%2Fdev/users/alice/read', 404],
    ['GET', '/acls/dcos:service:marathon:marathon:services:%2Fdev', 404],
    // encodeURIComponent of the whole rid: `:` as %3A is harmless, `/` as %2F splits
    ['PUT', `/acls/${encodeURIComponent('dcos:service:marathon:marathon:services:/dev')}/users/alice/read`, 404],
    // double-encoding the `%252F` (a client running encodeURIComponent over it) leaves a `%` in the rid
    ['PUT', `/acls/${encodeURIComponent(enc(RID))}`, 400],
  ])('%s %s → %i', async (method, path, status) => {
    const a = await call(iam.httpUrl, method, `${API}${path}`, { token: su, body: method === 'PUT' && !path.includes('/users/') ? { description: '' } : undefined });
    expect(a.status).toBe(status);
  });

  test('single-encoded requests changed nothing', () => {
    expect(iam.acls().filter((r) => r.includes('/prod') && r.includes('marathon'))).toEqual([]);
    expect(iam.aces().filter((e) => e.action !== 'read' || e.rid !== RID).filter((e) => e.uid === 'alice')).toEqual([]);
  });

  test.each([
    ['%', 'dcos:a%2525b'],
    ['?', 'dcos:a%253Fb'],
    ['#', 'dcos:a%2523b'],
    ['space', 'dcos:a%2520b'],
    ['tab', 'dcos:a%2509b'],
  ])('rid with %s refused: 400 ERR_INVALID_RESOURCE_ID', async (_n, seg) => {
    const a = await put(`/acls/${seg}`, { description: '' });
    expect([a.status, a.json().code]).toEqual([400, 'ERR_INVALID_RESOURCE_ID']);
  });

  test('a broken escape is refused by the proxy (HTML 400)', async () => {
    const a = await put('/acls/dcos:a%zz', { description: '' });
    expect(a.status).toBe(400);
    expect(a.headers['content-type']).toMatch(/text\/html/);
  });

  test('`:` and `*` go raw', async () => {
    expect((await put('/acls/dcos:adminrouter:service:*', { description: '' })).status).toBe(201);
    expect(iam.acls()).toContain('dcos:adminrouter:service:*');
  });
});

describe('allowed, revoke, permissions', () => {
  const R2 = 'dcos:mesos:master:reservation:role:cassandra-role';
  test('full covers the other actions when checking, but is stored as full', async () => {
    await put(`/acls/${R2}`, { description: 'role' });
    expect((await put(`/acls/${R2}/users/my-svc/full`)).status).toBe(204);
    expect(iam.isAllowed('my-svc', R2, 'create')).toBe(true);
    expect(iam.isAllowed('my-svc', `${R2}x`, 'create')).toBe(false);
    expect(iam.aces().filter((e) => e.uid === 'my-svc')).toEqual([{ rid: R2, uid: 'my-svc', action: 'full' }]);
    expect((await get(`/acls/${R2}/users/my-svc/create`)).json()).toEqual({ allowed: true });
    expect((await get(`/acls/${enc(RID)}/users/my-svc/read`)).json()).toEqual({ allowed: false });
    expect((await get(`/acls/dcos:none/users/my-svc/read`)).json().code).toBe('ERR_UNKNOWN_RESOURCE_ID');
  });

  test('revoke: 204, then ERR_ACTION_NOT_YET_STORED (in ACL, action missing) or ERR_USER_NOT_IN_ACL', async () => {
    await put(`/acls/${R2}/users/alice/create`);
    await put(`/acls/${R2}/users/alice/read`);
    expect((await del(`/acls/${R2}/users/alice/create`)).status).toBe(204);
    let a = await del(`/acls/${R2}/users/alice/create`);
    expect([a.status, a.json().code]).toEqual([400, 'ERR_ACTION_NOT_YET_STORED']);
    expect((await del(`/acls/${R2}/users/alice/read`)).status).toBe(204);
    a = await del(`/acls/${R2}/users/alice/read`);
    expect([a.status, a.json().code]).toEqual([400, 'ERR_USER_NOT_IN_ACL']);
    a = await del(`/acls/dcos:none/users/alice/read`);
    expect([a.status, a.json().code]).toEqual([400, 'ERR_UNKNOWN_RESOURCE_ID']);
    a = await del(`/acls/${R2}/users/ghost/read`);
    expect([a.status, a.json().code]).toEqual([400, 'ERR_UNKNOWN_USER_ID']);
    expect(iam.acls()).toContain(R2); // revoking never removes the ACL
  });

  test('GET /users/{uid}/permissions: rids decoded, urls encoded', async () => {
    const a = await get('/users/alice/permissions');
    expect(a.json()).toEqual({
      direct: [{
        rid: RID,
        description: 'dev group',
        aclurl: `${API}/acls/${enc(RID)}`,
        actions: [{ name: 'read', url: `${API}/acls/${enc(RID)}/users/alice/read` }],
      }],
      groups: [],
    });
    const s = await get(`/users/${iam.superuser.uid}/permissions`);
    expect(s.json().groups).toEqual([{
      rid: 'dcos:superuser', description: expect.any(String), aclurl: `${API}/acls/dcos:superuser`, gid: 'superusers',
      groupurl: `${API}/groups/superusers`, membershipurl: `${API}/groups/superusers/users/${iam.superuser.uid}`,
      actions: [{ name: 'full', url: `${API}/acls/dcos:superuser/groups/superusers/full` }],
    }]);
    expect((await get('/users/ghost/permissions')).json().code).toBe('ERR_UNKNOWN_USER_ID');
  });

  test('GET /acls/{rid}/permissions and /acls/{rid}/users/{uid}', async () => {
    expect((await get(`/acls/${R2}/permissions`)).json()).toEqual({
      users: [{ uid: 'my-svc', userurl: `${API}/users/my-svc`, actions: [{ name: 'full', url: `${API}/acls/${R2}/users/my-svc/full` }] }],
      groups: [],
    });
    expect((await get(`/acls/${R2}/users/my-svc`)).json()).toEqual({ actions: [{ name: 'full', url: `${API}/acls/${R2}/users/my-svc/full` }] });
  });

  test('users: GET /users/{uid} and ?type=service', async () => {
    expect((await get('/users/my-svc')).json()).toMatchObject({ uid: 'my-svc', is_service: true, url: `${API}/users/my-svc` });
    expect((await get('/users/ghost')).json().code).toBe('ERR_UNKNOWN_USER_ID');
    const svcs = (await get('/users?type=service')).json().array.map((u: { uid: string }) => u.uid);
    expect(svcs).toEqual(['my-svc']);
    const people = (await get('/users')).json().array.map((u: { uid: string }) => u.uid);
    expect(people).toEqual(['alice', iam.superuser.uid].sort());
  });

  test('DELETE /acls/{rid} works (as on a real server) and is logged', async () => {
    await put('/acls/dcos:to-delete', { description: '' });
    expect((await del('/acls/dcos:to-delete')).status).toBe(204);
    expect(iam.acls()).not.toContain('dcos:to-delete');
    expect(iam.requests.filter((r) => r.method === 'DELETE' && /^\/acs\/api\/v1\/acls\/[^/]+$/.test(r.rawPath))).toEqual([
      { method: 'DELETE', rawPath: `${API}/acls/dcos:to-delete`, status: 204 },
    ]);
  });

  test('unknown routes: 404; wrong method: 405', async () => {
    expect((await get('/nothing')).status).toBe(404);
    expect((await call(iam.httpUrl, 'GET', '/elsewhere')).status).toBe(404);
    const a = await call(iam.httpUrl, 'POST', `${API}/acls/${R2}`, { token: su });
    expect(a.status).toBe(405);
    expect(a.headers.allow).toContain('PUT');
  });

  test('the request log holds no secrets', () => {
    const log = JSON.stringify(iam.requests);
    expect(log).not.toContain(iam.superuser.password);
    expect(log).not.toContain(su);
  });
});
