import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSandboxIam, type SandboxIam } from '../../../src/sandbox/iam/index.js';
import { MAX_BODY_BYTES } from '../../../src/sandbox/iam/server.js';
import { API, call, loginPassword } from './client.js';

let iam: SandboxIam;
beforeAll(async () => {
  iam = await startSandboxIam({ maxLoggedRequests: 5 });
});
afterAll(() => iam.close());

test('the request log keeps only the newest entries', async () => {
  const token = await loginPassword(iam.httpUrl, iam.superuser.uid, iam.superuser.password);
  for (let i = 0; i < 8; i++) await call(iam.httpUrl, 'GET', `${API}/acls/dcos:n${i}`, { token });
  expect(iam.requests).toHaveLength(5);
  expect(iam.requests.at(-1)).toEqual({ method: 'GET', rawPath: `${API}/acls/dcos:n7`, status: 400 });
  expect(iam.requests[0]?.rawPath).toBe(`${API}/acls/dcos:n3`);
});

test('an oversized body is refused (413) and not buffered', async () => {
  const a = await call(iam.httpUrl, 'POST', `${API}/auth/login`, { rawBody: `{"uid":"${'x'.repeat(MAX_BODY_BYTES)}"}` });
  expect(a.status).toBe(413);
});

test('starting twice on the same port fails cleanly', async () => {
  const port = Number(new URL(iam.httpUrl).port);
  await expect(startSandboxIam({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
});

test('tokenTtlSeconds must be a positive integer', async () => {
  await expect(startSandboxIam({ tokenTtlSeconds: 0 })).rejects.toThrow(/positive integer/);
});

test('a JSON body must say so (Content-Type: application/json), as the IAM requires', async () => {
  const { request } = await import('node:http');
  const url = new URL(iam.httpUrl);
  const body = JSON.stringify({ uid: iam.superuser.uid, password: iam.superuser.password });
  const status = (contentType: string) => new Promise<number>((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port: Number(url.port), method: 'POST', path: `${API}/auth/login`, headers: { 'Content-Type': contentType } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('error', reject);
    r.end(body);
  });
  expect(await status('text/plain')).toBe(400);
  expect(await status('application/json; charset=utf-8')).toBe(200);
});
