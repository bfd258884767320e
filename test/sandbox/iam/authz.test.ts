import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandboxIam, type SandboxIam } from '../../../src/sandbox/iam/index.js';
import { API, call, enc, loginPassword } from './client.js';

let iam: SandboxIam;
let su: string;
let alice: string;
let bob: string;

beforeAll(async () => {
  iam = await startSandboxIam();
  iam.addUser('alice', 'alice-pw');
  iam.addUser('bob', 'bob-pw');
  iam.addUser('carol', 'carol-pw', { superuser: true });
  su = await loginPassword(iam.httpUrl, iam.superuser.uid, iam.superuser.password);
  alice = await loginPassword(iam.httpUrl, 'alice', 'alice-pw');
  bob = await loginPassword(iam.httpUrl, 'bob', 'bob-pw');
});
afterAll(() => iam.close());

const isHtml401 = (a: { status: number; headers: Record<string, unknown>; text: string }) => {
  expect(a.status).toBe(401);
  expect(a.headers['www-authenticate']).toBe('acsjwt');
  expect(a.headers['content-type']).toMatch(/text\/html/);
  expect(a.text).toContain('<html>');
};

describe('401: missing, bad or foreign token (Admin Router HTML page)', () => {
  test.each([
    ['no header', {}],
    ['garbage token', { authorization: 'token=abc' }],
    ['tampered token', { tamper: true }],
    ['wrong scheme', { scheme: 'Basic ' }],
    ['lower-case scheme', { scheme: 'bearer ' }],
  ])('%s', async (_n, o: { authorization?: string; tamper?: boolean; scheme?: string }) => {
    let authorization = o.authorization;
    if (o.tamper) {
      const [h, , s] = su.split('.');
      authorization = `token=${h}.${Buffer.from(JSON.stringify({ uid: 'alice', exp: 9999999999 })).toString('base64url')}.${s}`;
    }
    if (o.scheme) authorization = `${o.scheme}${su}`;
    isHtml401(await call(iam.httpUrl, 'GET', `${API}/acls`, { authorization }));
  });

  test('a token from another sandbox (another signing key) is refused', async () => {
    const other = await startSandboxIam();
    try {
      const t = await loginPassword(other.httpUrl, other.superuser.uid, other.superuser.password);
      isHtml401(await call(iam.httpUrl, 'GET', `${API}/acls`, { token: t }));
    } finally {
      await other.close();
    }
  });

  test('both header forms work: `token=` and `Bearer` (1.11+)', async () => {
    expect((await call(iam.httpUrl, 'GET', `${API}/acls`, { authorization: `token=${su}` })).status).toBe(200);
    expect((await call(iam.httpUrl, 'GET', `${API}/acls`, { authorization: `Bearer ${su}` })).status).toBe(200);
  });
});

describe('403: valid token, not allowed (HTML page)', () => {
  test.each([
    ['PUT', `${API}/acls/dcos:secrets:default:${enc('/a')}`],
    ['GET', `${API}/acls`],
    ['GET', `${API}/acls/dcos:superuser`],
    ['PUT', `${API}/acls/dcos:superuser/users/alice/full`],
    ['DELETE', `${API}/acls/dcos:superuser/groups/superusers/full`],
    ['GET', `${API}/users/bob/permissions`],
    ['GET', `${API}/users/bob`],
    ['GET', `${API}/users?type=service`],
    ['GET', `${API}/acls/dcos:superuser/users/bob/full`],
  ])('alice %s %s', async (method, path) => {
    const a = await call(iam.httpUrl, method, path, { token: alice, body: method === 'PUT' ? { description: 'x' } : undefined });
    expect(a.status).toBe(403);
    expect(a.headers['content-type']).toMatch(/text\/html/);
    expect(a.headers['www-authenticate']).toBeUndefined();
  });

  test('no state changed by refused calls', () => {
    expect(iam.acls()).toEqual(['dcos:superuser']);
    expect(iam.aces()).toEqual([]);
  });
});

describe('what a plain user may do: read itself', () => {
  test('own permissions and own user record', async () => {
    const p = await call(iam.httpUrl, 'GET', `${API}/users/alice/permissions`, { token: alice });
    expect([p.status, p.json()]).toEqual([200, { direct: [], groups: [] }]);
    const u = await call(iam.httpUrl, 'GET', `${API}/users/alice`, { token: alice });
    expect(u.json()).toMatchObject({ uid: 'alice', is_service: false });
  });
});

describe('who may manage', () => {
  test('a member of superusers (added with superuser: true)', async () => {
    const carol = await loginPassword(iam.httpUrl, 'carol', 'carol-pw');
    expect((await call(iam.httpUrl, 'GET', `${API}/users/bob/permissions`, { token: carol })).status).toBe(200);
    expect(iam.isAllowed('carol', 'dcos:anything', 'delete')).toBe(true);
  });

  test('dcos:adminrouter:acs full is enough (1.10-era); a lesser action is not', async () => {
    const rid = 'dcos:adminrouter:acs';
    expect((await call(iam.httpUrl, 'PUT', `${API}/acls/${rid}`, { token: su, body: { description: 'IAM API' } })).status).toBe(201);
    expect((await call(iam.httpUrl, 'PUT', `${API}/acls/${rid}/users/bob/read`, { token: su })).status).toBe(204);
    expect((await call(iam.httpUrl, 'GET', `${API}/users/alice/permissions`, { token: bob })).status).toBe(403);
    expect((await call(iam.httpUrl, 'PUT', `${API}/acls/${rid}/users/bob/full`, { token: su })).status).toBe(204);
    expect((await call(iam.httpUrl, 'GET', `${API}/users/alice/permissions`, { token: bob })).status).toBe(200);
    expect((await call(iam.httpUrl, 'PUT', `${API}/acls/dcos:x`, { token: bob, body: { description: '' } })).status).toBe(201);
  });

  test('superuser rights given directly on dcos:superuser', async () => {
    expect((await call(iam.httpUrl, 'PUT', `${API}/acls/dcos:superuser/users/alice/full`, { token: su })).status).toBe(204);
    expect((await call(iam.httpUrl, 'GET', `${API}/users/bob/permissions`, { token: alice })).status).toBe(200);
    expect((await call(iam.httpUrl, 'DELETE', `${API}/acls/dcos:superuser/users/alice/full`, { token: su })).status).toBe(204);
    expect((await call(iam.httpUrl, 'GET', `${API}/users/bob/permissions`, { token: alice })).status).toBe(403);
  });

  test('the superusers group keeps dcos:superuser full', async () => {
    const a = await call(iam.httpUrl, 'DELETE', `${API}/acls/dcos:superuser/groups/superusers/full`, { token: su });
    expect([a.status, a.json().code]).toEqual([400, 'ERR_IS_SUPERUSER_GROUP']);
  });
});
