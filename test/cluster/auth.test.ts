import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrivateKey } from 'node:crypto';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { HttpClient } from '../../src/cluster/http.js';
import { AuthError, IamSession } from '../../src/cluster/auth.js';
import { jwtClaims, signServiceLogin } from '../../src/cluster/jwt.js';
import { rsaPair } from '../iam/helpers.js';
import { nth } from '../helpers/nth.js';

let iam: SandboxIam;
let clock = Date.now();
const now = () => clock;
const sa = rsaPair();
beforeAll(async () => {
  iam = await startSandboxIam({ tokenTtlSeconds: 120, now });
  iam.addServiceAccount('ci-admin', sa.publicPem);
  iam.addUser('alice', 'alice-pw');
});
afterAll(async () => {
  await iam?.close();
});

const route = '/acs/api/v1/users/alice/permissions';

describe('login', () => {
  it('logs in with a password and reads the token exp', async () => {
    const http = new HttpClient({ baseUrl: iam.httpUrl });
    const s = new IamSession(http, { kind: 'password', ...iam.superuser }, now);
    expect((await s.call('GET', route)).status).toBe(200);
    expect(s.logins).toBe(1);
    expect(s.actingUid).toBe(iam.superuser.uid);
    http.close();
  });

  it('signs an RS256 service login (uid, exp = now + 5 min) the sandbox accepts', async () => {
    const tok = signServiceLogin('ci-admin', createPrivateKey(sa.privatePem), 1_000_000);
    expect(JSON.parse(Buffer.from(nth(tok.split('.'), 0), 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(jwtClaims(tok)).toEqual({ expMs: 1_300_000, uid: 'ci-admin', readable: true });
    const http = new HttpClient({ baseUrl: iam.httpUrl });
    const s = new IamSession(http, { kind: 'service', uid: 'ci-admin', key: createPrivateKey(sa.privatePem) }, now);
    await s.ensure();
    expect(s.logins).toBe(1);
    http.close();
  });

  it('a wrong password is one clear line without the password', async () => {
    const http = new HttpClient({ baseUrl: iam.httpUrl });
    const s = new IamSession(http, { kind: 'password', uid: 'alice', password: 'nope-secret' }, now);
    const err = await s.ensure().catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe('login as alice failed: wrong password or unknown account (ERR_INVALID_CREDENTIALS)');
    expect(`${err.message}${err.hint}`).not.toContain('nope-secret');
    http.close();
  });

  it('a service key that does not match is reported as such', async () => {
    const http = new HttpClient({ baseUrl: iam.httpUrl });
    const other = rsaPair();
    const s = new IamSession(http, { kind: 'service', uid: 'ci-admin', key: createPrivateKey(other.privatePem) }, now);
    const err = await s.ensure().catch((e) => e);
    expect(err.message).toMatch(/^service login as ci-admin failed: the IAM rejected the signed login token/);
    expect(err.hint).toMatch(/private key belongs/);
    http.close();
  });
});

describe('token lifetime', () => {
  it('logs in again shortly before exp (no 401 needed)', async () => {
    const http = new HttpClient({ baseUrl: iam.httpUrl });
    const s = new IamSession(http, { kind: 'password', ...iam.superuser }, now);
    await s.call('GET', route);
    const before = iam.requests.length;
    clock += 110_000; // 10 s left of 120: inside the refresh margin
    expect((await s.call('GET', route)).status).toBe(200);
    expect(s.logins).toBe(2);
    const seen = iam.requests.slice(before).map((r) => r.status);
    expect(seen).toEqual([200, 200]); // login, then the call: never a 401
    http.close();
  });

  it('on a 401 (server clock ahead) logs in once again and retries', async () => {
    const http = new HttpClient({ baseUrl: iam.httpUrl });
    let clientClock = clock;
    const s = new IamSession(http, { kind: 'password', ...iam.superuser }, () => clientClock);
    await s.call('GET', route);
    clock += 200_000; // the server sees the token expired; the client thinks it is fresh
    clientClock = clock - 200_000;
    const before = iam.requests.length;
    expect((await s.call('GET', route)).status).toBe(200);
    expect(iam.requests.slice(before).map((r) => r.status)).toEqual([401, 200, 200]);
    expect(s.logins).toBe(2);
    http.close();
  });

  it('an expired static token: one line saying to log in again', async () => {
    const http = new HttpClient({ baseUrl: iam.httpUrl });
    const login = new IamSession(http, { kind: 'password', ...iam.superuser }, now);
    await login.ensure();
    const token = (login as unknown as { token: string }).token;
    clock += 200_000;
    const s = new IamSession(http, { kind: 'token', token, from: '--token' }, () => clock - 200_000);
    const err = await s.call('GET', route).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe('the cluster refused the auth token from --token (401: expired or invalid)');
    expect(err.hint).toMatch(/dcos auth login/);
    expect(err.message + err.hint).not.toContain(token);
    // Checked up front too, from the token's own exp.
    const s2 = new IamSession(http, { kind: 'token', token, from: 'DCOS_ACS_TOKEN' }, now);
    await expect(s2.ensure()).rejects.toThrow(/auth token from DCOS_ACS_TOKEN expired at/);
    http.close();
  });

  it('a 403 names the missing right', async () => {
    const http = new HttpClient({ baseUrl: iam.httpUrl });
    const s = new IamSession(http, { kind: 'password', uid: 'alice', password: 'alice-pw' }, now);
    expect((await s.call('GET', route)).status).toBe(200); // a user may read its own permissions
    const err = await s.call('PUT', '/acs/api/v1/acls/dcos:adminrouter:ops:mesos', { description: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe('the IAM refused PUT /acs/api/v1/acls/dcos:adminrouter:ops:mesos for alice (403): it lacks the right to manage permissions');
    expect(err.hint).toMatch(/dcos:superuser full/);
    http.close();
  });

  it('a second 401 after a fresh login is reported', async () => {
    let logins = 0;
    const fake = createServer((req, res) => {
      if (req.url?.endsWith('/auth/login')) {
        logins++;
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'opaque' }));
      }
      res.writeHead(401, { 'www-authenticate': 'acsjwt', 'content-type': 'text/html' }).end('<html>401</html>');
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    const http = new HttpClient({ baseUrl: `http://127.0.0.1:${(fake.address() as AddressInfo).port}` });
    const s = new IamSession(http, { kind: 'password', uid: 'u', password: 'p' });
    const err = await s.call('GET', route).catch((e) => e);
    expect(err.message).toBe('the cluster refused a fresh auth token for u (401 twice)');
    expect(logins).toBe(2);
    http.close();
    await new Promise<void>((r) => fake.close(() => r()));
  });
});
