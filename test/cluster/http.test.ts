import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { HttpClient, NetworkError } from '../../src/cluster/http.js';
import { IamSession } from '../../src/cluster/auth.js';
import { makeSandboxTls } from '../../src/sandbox/iam/tls.js';

let iam: SandboxIam;
beforeAll(async () => {
  iam = await startSandboxIam();
});
afterAll(async () => {
  await iam?.close();
});

function listen(s: Server): Promise<string> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
}

describe('HttpClient against the sandbox', () => {
  it('sends %252F as-is (the ACL lands on the rid with a real slash); a single %2F fails there', async () => {
    const http = new HttpClient({ baseUrl: iam.httpUrl });
    const s = new IamSession(http, { kind: 'password', ...iam.superuser });
    const ok = await s.call('PUT', '/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev', { description: 'x' });
    expect(ok.status).toBe(201);
    expect(iam.acls()).toContain('dcos:service:marathon:marathon:services:/dev');
    expect(iam.requests.some((r) => r.rawPath === '/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev')).toBe(true);
    const bad = await s.call('PUT', '/acs/api/v1/acls/dcos:service:marathon:marathon:services:%2Fprod', { description: 'x' });
    expect(bad.status).not.toBe(201);
    expect(iam.acls()).not.toContain('dcos:service:marathon:marathon:services:/prod');
    http.close();
  });

  it('verifies TLS with the sandbox CA, refuses without it (one clear line), and --insecure skips it', async () => {
    const good = new HttpClient({ baseUrl: iam.httpsUrl, tls: { caPem: iam.caPem } });
    const r = await good.request({ method: 'GET', path: '/ca/dcos-ca.crt' });
    expect(r.status).toBe(200);
    good.close();
    const untrusted = new HttpClient({ baseUrl: iam.httpsUrl, retries: 0 });
    const err = await untrusted.request({ method: 'GET', path: '/ca/dcos-ca.crt' }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/not trusted/);
    expect(err.hint).toMatch(/--ca-cert/);
    untrusted.close();
    const insecure = new HttpClient({ baseUrl: iam.httpsUrl, tls: { insecure: true } });
    expect((await insecure.request({ method: 'GET', path: '/ca/dcos-ca.crt' })).status).toBe(200);
    insecure.close();
  });

  it('with another CA given, the hint says that CA did not sign the certificate, not to pass one', async () => {
    const other = await makeSandboxTls(); // a CA of its own, not the sandbox's
    const wrong = new HttpClient({ baseUrl: iam.httpsUrl, retries: 0, tls: { caPem: other.caPem, caPath: '/etc/other-ca.crt', caOrigin: 'DCOS_TLS_CA_PATH' } });
    const err = await wrong.request({ method: 'GET', path: '/ca/dcos-ca.crt' }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/not trusted/);
    expect(err.hint).toBe(
      "the CA given (DCOS_TLS_CA_PATH /etc/other-ca.crt) did not sign the server's certificate: pass the cluster's own CA (<cluster>/ca/dcos-ca.crt) instead, or --insecure at your own risk",
    );
    wrong.close();
  });
});

describe('HttpClient retries', () => {
  let server: Server;
  let url: string;
  const hits: string[] = [];
  let failuresLeft = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      if (req.url === '/4xx') return res.writeHead(400, { 'content-type': 'application/json' }).end('{"code":"ERR_X","description":"bad"}');
      if (req.url === '/huge') return res.writeHead(200).end(Buffer.alloc(3 << 20, 0x61));
      if (failuresLeft-- > 0) return res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    url = await listen(server);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('retries 5xx with backoff and then succeeds', async () => {
    hits.length = 0;
    failuresLeft = 2;
    const c = new HttpClient({ baseUrl: url, backoffMs: 5 });
    const r = await c.request({ method: 'GET', path: '/x' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: true });
    expect(hits).toHaveLength(3);
    c.close();
  });

  it('never retries a 4xx', async () => {
    hits.length = 0;
    const c = new HttpClient({ baseUrl: url, backoffMs: 5 });
    const r = await c.request({ method: 'PUT', path: '/4xx' });
    expect(r.status).toBe(400);
    expect(hits).toHaveLength(1);
    c.close();
  });

  it('stops reading an answer over 1 MiB, once, with one line', async () => {
    hits.length = 0;
    const c = new HttpClient({ baseUrl: url, backoffMs: 5 });
    const err = await c.request({ method: 'GET', path: '/huge' }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/larger than 1048576 bytes/);
    expect(hits).toHaveLength(1);
    c.close();
  });

  it('never retries a request Node refuses to build (no network involved), nor calls it unreachable', async () => {
    hits.length = 0;
    const c = new HttpClient({ baseUrl: url, backoffMs: 5 });
    const err = await c.request({ method: 'GET', path: '/acls/dcos:\u20ac' }).catch((e) => e);
    expect(err.code).toBe('ERR_UNESCAPED_CHARACTERS');
    expect(err.message).not.toMatch(/cannot reach/);
    expect(hits).toHaveLength(0);
    c.close();
  });

  it('retries connection errors, then reports one line naming the cluster', async () => {
    const dead = createServer();
    const deadUrl = await listen(dead);
    await new Promise<void>((r) => dead.close(() => r()));
    const c = new HttpClient({ baseUrl: deadUrl, backoffMs: 5, retries: 2 });
    const t0 = Date.now();
    const err = await c.request({ method: 'GET', path: '/y' }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(14); // 5 + 10 ms of backoff
    c.close();
  });

  it('times out a silent server', async () => {
    const silent = createServer(() => {});
    const sUrl = await listen(silent);
    const c = new HttpClient({ baseUrl: sUrl, timeoutMs: 100, retries: 1, backoffMs: 5 });
    const err = await c.request({ method: 'GET', path: '/z' }).catch((e) => e);
    expect(err.message).toMatch(/no answer within 0.1s/);
    c.close();
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));
  });
});
