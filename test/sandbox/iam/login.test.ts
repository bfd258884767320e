import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandboxIam, type SandboxIam } from '../../../src/sandbox/iam/index.js';
import { signRs256 } from '../../../src/sandbox/iam/jwt.js';
import { API, call } from './client.js';
import { nth } from '../../helpers/nth.js';

const NOW = Date.UTC(2024, 0, 1) ; // a fixed clock: expiry tested without sleeping
let clock = NOW;
let iam: SandboxIam;
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const svc = pair();
const other = pair();
const nowS = () => Math.floor(clock / 1000);
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(nth(jwt.split('.'), 1), 'base64url').toString());
const login = (body: unknown) => call(iam.httpUrl, 'POST', `${API}/auth/login`, { body });

beforeAll(async () => {
  iam = await startSandboxIam({ tokenTtlSeconds: 120, now: () => clock });
  iam.addUser('alice', 'alice-pw');
  iam.addServiceAccount('my-svc', svc.publicKey);
});
afterAll(() => iam.close());

describe('password login', () => {
  test('good password: a JWT with uid and exp = now + TTL', async () => {
    const a = await login({ uid: 'alice', password: 'alice-pw' });
    expect(a.status).toBe(200);
    const { token } = a.json();
    expect(token.split('.')).toHaveLength(3);
    expect(claimsOf(token)).toEqual({ uid: 'alice', exp: nowS() + 120 });
  });

  test.each([
    [{ uid: 'alice', password: 'wrong' }],
    [{ uid: 'nobody', password: 'x' }],
    [{ uid: 'my-svc', password: 'x' }],
  ])('wrong credentials %j: 401 ERR_INVALID_CREDENTIALS + acsjwt challenge', async (body) => {
    const a = await login(body);
    expect(a.status).toBe(401);
    expect(a.headers['www-authenticate']).toBe('acsjwt');
    expect(a.json()).toMatchObject({ title: 'Unauthorized', code: 'ERR_INVALID_CREDENTIALS' });
    expect(typeof a.json().description).toBe('string');
  });

  test.each([
    ['not json', '{"uid":'],
    ['empty', ''],
    ['array', '[]'],
    ['no uid', '{"password":"x"}'],
    ['both', '{"uid":"alice","password":"x","token":"y"}'],
    ['neither', '{"uid":"alice"}'],
    ['password not a string', '{"uid":"alice","password":5}'],
  ])('malformed body (%s): 400', async (_name, rawBody) => {
    const a = await call(iam.httpUrl, 'POST', `${API}/auth/login`, { rawBody });
    expect(a.status).toBe(400);
    expect(a.json().code).toBe('ERR_INVALID_DATA');
  });

  test('GET on login is 405', async () => {
    expect((await call(iam.httpUrl, 'GET', `${API}/auth/login`)).status).toBe(405);
  });
});

describe('service account login (RS256)', () => {
  test('signed by the account key, exp now + 5 min: accepted without warning', async () => {
    const before = iam.warnings.length;
    const a = await login({ uid: 'my-svc', token: signRs256({ uid: 'my-svc', exp: nowS() + 300 }, svc.privateKey) });
    expect(a.status).toBe(200);
    expect(claimsOf(a.json().token).uid).toBe('my-svc');
    expect(iam.warnings.length).toBe(before);
  });

  test.each([
    ['no exp', () => ({ uid: 'my-svc' }), 'no exp claim'],
    ['exp an hour ahead', () => ({ uid: 'my-svc', exp: nowS() + 3600 }), 'more than 10 minutes'],
  ])('%s: accepted with a warning, as the IAM does', async (_n, claims, warning) => {
    const a = await login({ uid: 'my-svc', token: signRs256(claims(), svc.privateKey) });
    expect(a.status).toBe(200);
    expect(iam.warnings.at(-1)).toContain(warning);
  });

  test.each([
    ['signed by another key', () => signRs256({ uid: 'my-svc', exp: nowS() + 300 }, other.privateKey)],
    ['expired', () => signRs256({ uid: 'my-svc', exp: nowS() - 1 }, svc.privateKey)],
    ['uid claim of someone else', () => signRs256({ uid: 'alice', exp: nowS() + 300 }, svc.privateKey)],
    ['exp not a number', () => signRs256({ uid: 'my-svc', exp: 'soon' }, svc.privateKey)],
    ['garbage', () => 'a.b.c'],
    ['alg none', () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ uid: 'my-svc', exp: nowS() + 300 })).toString('base64url')}.`],
    ['HS256', () => {
      const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ uid: 'my-svc', exp: nowS() + 300 })).toString('base64url')}`;
      return `${input}.${sign('sha256', Buffer.from(input), svc.privateKey).toString('base64url')}`;
    }],
  ])('%s: 401 ERR_INVALID_CREDENTIALS', async (_n, token) => {
    const a = await login({ uid: 'my-svc', token: token() });
    expect(a.status).toBe(401);
    expect(a.headers['www-authenticate']).toBe('acsjwt');
    expect(a.json().code).toBe('ERR_INVALID_CREDENTIALS');
  });

  test('a user (not a service account) cannot log in with a token', async () => {
    const a = await login({ uid: 'alice', token: signRs256({ uid: 'alice', exp: nowS() + 300 }, svc.privateKey) });
    expect(a.status).toBe(401);
  });

  test('addServiceAccount refuses bad input', () => {
    expect(() => iam.addServiceAccount('bad uid', svc.publicKey)).toThrow(/invalid uid/);
    expect(() => iam.addServiceAccount('my-svc', svc.publicKey)).toThrow(/already exists/);
    expect(() => iam.addServiceAccount('k', 'not a key')).toThrow();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    expect(() => iam.addServiceAccount('ec-svc', ec.publicKey)).toThrow(/RSA/);
  });
});

describe('auth token lifetime', () => {
  test('valid until exp, then 401 (the client must log in again)', async () => {
    clock = NOW;
    const { token } = (await login({ uid: 'alice', password: 'alice-pw' })).json();
    const own = `${API}/users/alice/permissions`;
    expect((await call(iam.httpUrl, 'GET', own, { token })).status).toBe(200);
    clock = NOW + 119_000;
    expect((await call(iam.httpUrl, 'GET', own, { token })).status).toBe(200);
    clock = NOW + 120_000;
    const a = await call(iam.httpUrl, 'GET', own, { token });
    expect(a.status).toBe(401);
    expect(a.headers['www-authenticate']).toBe('acsjwt');
    const fresh = (await login({ uid: 'alice', password: 'alice-pw' })).json().token;
    expect((await call(iam.httpUrl, 'GET', own, { token: fresh })).status).toBe(200);
    clock = NOW;
  });
});
