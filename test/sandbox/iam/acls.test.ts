import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandboxIam, type SandboxIam } from '../../../src/sandbox/iam/index.js';
import { API, call, enc, loginPassword } from './client.js';

let iam: SandboxIam;
let su: string;
const RID = 'dcos:service:marathon:marathon:services:/dev';

beforeAll(async () => {
  iam = await startSandboxIam();
  iam.addUser('alice', 'alice-pw');
  su = await loginPassword(iam.httpUrl, iam.superuser.uid, iam.superuser.password);
});
afterAll(() => iam.close());

describe('ACLs and grants over HTTP', () => {
  test('grant needs the ACL first, then 204, then 409', async () => {
    const grant = `${API}/acls/${enc(RID)}/users/alice/read`;
    let a = await call(iam.httpUrl, 'PUT', grant, { token: su });
    expect([a.status, a.json().code]).toEqual([400, 'ERR_UNKNOWN_RESOURCE_ID']);
    a = await call(iam.httpUrl, 'PUT', `${API}/acls/${enc(RID)}`, { token: su, body: { description: 'dev group' } });
    expect(a.status).toBe(201);
    a = await call(iam.httpUrl, 'PUT', `${API}/acls/${enc(RID)}`, { token: su, body: { description: 'again' } });
    expect([a.status, a.json().code]).toEqual([409, 'ERR_ACL_EXISTS']);
    a = await call(iam.httpUrl, 'PUT', grant, { token: su });
    expect(a.status).toBe(204);
    expect(iam.isAllowed('alice', RID, 'read')).toBe(true);
    expect(iam.aces()).toContainEqual({ rid: RID, uid: 'alice', action: 'read' });
    a = await call(iam.httpUrl, 'PUT', grant, { token: su });
    expect(a.status).toBe(409);
  });

  test('a single-encoded %2F is split by the proxy and misses the route', async () => {
    const a = await call(iam.httpUrl, 'PUT', `${API}/acls/dcos:service:marathon:marathon:services:%2Fprod`, { token: su, body: { description: 'x' } });
    expect(a.status).toBe(404);
    expect(iam.acls()).not.toContain('dcos:service:marathon:marathon:services:/prod');
  });
});
