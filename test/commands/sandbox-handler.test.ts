import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSandbox, EXAMPLE_SERVICE_UID } from '../../src/commands/sandbox/handler.js';
import { signRs256 } from '../../src/sandbox/iam/jwt.js';
import { API, call, loginPassword } from '../sandbox/iam/client.js';

const dir = mkdtempSync(join(tmpdir(), 'a2g-sandbox-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts runSandbox, waits for its banner (the event that says it is up), returns the pieces. */
async function start(extra: Partial<Parameters<typeof runSandbox>[0]> = {}) {
  const ac = new AbortController();
  let out = '';
  let err = '';
  let resolveBanner: (s: string) => void;
  const banner = new Promise<string>((r) => (resolveBanner = r));
  const done = runSandbox({
    serviceAccounts: [],
    out: (t) => { out += t; resolveBanner(out); },
    err: (t) => (err += t),
    ...extra,
  }, ac.signal);
  const text = await Promise.race([banner, done.then(() => { throw new Error(`ended early: ${err}`); })]);
  const field = (re: RegExp) => re.exec(text)?.[1] ?? '';
  return {
    text, done, stop: async () => { ac.abort(); await done; }, errText: () => err,
    httpUrl: field(/HTTP\s+(http:\S+)/), httpsUrl: field(/HTTPS\s+(https:\S+)/), caPath: field(/CA\s+(\S+)/),
    uid: field(/superuser\s+uid (\S+)/), password: field(/password (\S+)/), keyPath: field(/private key (\S+)/),
  };
}

describe('runSandbox (audit2grant sandbox)', () => {
  test('prints URLs, CA, throwaway credentials and examples; the example service account works; Ctrl-C closes', async () => {
    const s = await start({ tokenTtlSeconds: 60 });
    expect(s.text).toContain('throwaway');
    expect(s.text).toContain(`export DCOS_URL=${s.httpsUrl}`);
    expect(s.text).toContain(`export DCOS_TLS_CA_PATH=${s.caPath}`);
    expect(s.text).toMatch(/audit2grant grant .*--uid sandbox-service/);
    expect(readFileSync(s.caPath, 'utf8')).toContain('BEGIN CERTIFICATE');
    const ca = readFileSync(s.caPath, 'utf8');
    await loginPassword(s.httpsUrl, s.uid, s.password, ca);
    const key = readFileSync(s.keyPath, 'utf8');
    const a = await call(s.httpUrl, 'POST', `${API}/auth/login`, { body: { uid: EXAMPLE_SERVICE_UID, token: signRs256({ uid: EXAMPLE_SERVICE_UID, exp: Math.floor(Date.now() / 1000) + 300 }, key) } });
    expect(a.status).toBe(200);
    const exp = JSON.parse(Buffer.from(a.json().token.split('.')[1], 'base64url').toString()).exp;
    expect(exp - Date.now() / 1000).toBeLessThanOrEqual(60);
    await s.stop();
    expect(existsSync(s.caPath)).toBe(false);
    expect(existsSync(s.keyPath)).toBe(false);
    expect(s.errText()).toContain('stopping');
    await expect(call(s.httpUrl, 'GET', `${API}/acls`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  test('--service-account with --public-key; --state saves at exit and loads at start', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const pub = join(dir, 'svc.pub.pem');
    writeFileSync(pub, pair.publicKey);
    const stateFile = join(dir, 'state.json');
    let s = await start({ serviceAccounts: [{ uid: 'cassandra', publicKeyFile: pub }], stateFile });
    expect(s.text).toContain('--uid cassandra');
    const su = await loginPassword(s.httpUrl, s.uid, s.password);
    expect((await call(s.httpUrl, 'PUT', `${API}/acls/dcos:mesos:master:framework:role:cassandra-role`, { token: su, body: { description: 'role' } })).status).toBe(201);
    expect((await call(s.httpUrl, 'PUT', `${API}/acls/dcos:mesos:master:framework:role:cassandra-role/users/cassandra/create`, { token: su })).status).toBe(204);
    await s.stop();
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.acls).toContainEqual({ rid: 'dcos:mesos:master:framework:role:cassandra-role', description: 'role', users: { cassandra: ['create'] }, groups: {} });
    expect(JSON.stringify(saved)).not.toContain(s.password);

    s = await start({ stateFile }); // the service account comes back from the state file
    const su2 = await loginPassword(s.httpUrl, s.uid, s.password);
    const p = await call(s.httpUrl, 'GET', `${API}/users/cassandra/permissions`, { token: su2 });
    expect(p.json().direct.map((d: { rid: string }) => d.rid)).toEqual(['dcos:mesos:master:framework:role:cassandra-role']);
    await s.stop();
  });

  test('a broken state file is reported and left untouched', async () => {
    const stateFile = join(dir, 'broken.json');
    writeFileSync(stateFile, '{oops');
    await expect(start({ stateFile })).rejects.toThrow(/cannot read sandbox state/);
    expect(readFileSync(stateFile, 'utf8')).toBe('{oops');
  });

  test('an unreadable public key is one clear error', async () => {
    await expect(start({ serviceAccounts: [{ uid: 'x', publicKeyFile: join(dir, 'missing.pem') }] })).rejects.toThrow(/cannot read public key .*ENOENT/);
  });

  test('a busy port is one clear error', async () => {
    const s = await start();
    const port = Number(new URL(s.httpUrl).port);
    await expect(start({ port })).rejects.toThrow(/already in use/);
    await s.stop();
  });
});
