// The sandbox's injected faults (src/sandbox/iam/faults.ts), seen with a raw client: what each one
// does to the state and to the connection, which requests it hits, and that none is on by default.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { request } from 'node:http';
import { startSandboxIam, type SandboxIam } from '../../../src/sandbox/iam/index.js';
import { API, call, loginPassword } from './client.js';

let iam: SandboxIam;
let token: string;
beforeEach(async () => {
  iam = await startSandboxIam();
  token = await loginPassword(iam.httpUrl, iam.superuser.uid, iam.superuser.password);
});
afterEach(() => iam.close());

const putAcl = (rid: string) => call(iam.httpUrl, 'PUT', `${API}/acls/${rid}`, { token, body: { description: 'x' } });

test('no fault by default: a fresh sandbox answers every request', async () => {
  expect(iam.faults).toEqual([]);
  expect((await putAcl('dcos:a')).status).toBe(201);
  expect(iam.requests.every((r) => r.fault === undefined)).toBe(true);
});

test('drop-after-apply: the state changes, the connection closes without an answer, once', async () => {
  const hits: string[] = [];
  iam.faults.push({ kind: 'drop-after-apply', method: 'PUT', path: 'dcos:a', onHit: (h) => hits.push(`${h.method} ${h.rawPath}`) });
  await expect(putAcl('dcos:a')).rejects.toMatchObject({ code: 'ECONNRESET' });
  expect(iam.acls()).toContain('dcos:a');
  expect(hits).toEqual([`PUT ${API}/acls/dcos:a`]);
  expect(iam.requests.at(-1)).toEqual({ method: 'PUT', rawPath: `${API}/acls/dcos:a`, status: 201, fault: 'drop-after-apply' });
  expect((await putAcl('dcos:a')).status).toBe(409); // used up: the next one is answered
});

test('a fault hits only its method and path, as many times as asked', async () => {
  iam.faults.push({ kind: 'rate-limit', retryAfter: '7', method: 'PUT', path: 'dcos:b', times: 2 });
  expect((await call(iam.httpUrl, 'GET', `${API}/acls/dcos:b`, { token })).status).toBe(400); // other method
  expect((await putAcl('dcos:c')).status).toBe(201); // other path
  const limited = await putAcl('dcos:b');
  expect(limited.status).toBe(429);
  expect(limited.headers['retry-after']).toBe('7');
  expect((await putAcl('dcos:b')).status).toBe(429);
  expect(iam.acls()).not.toContain('dcos:b'); // a 429 runs nothing
  expect((await putAcl('dcos:b')).status).toBe(201);
});

interface Seen {
  status: number | null;
  bytes: number;
  ended: boolean;
}

/**
 * PUT an ACL and watch the answer until `enough(seen)` holds after some body bytes, or the
 * connection closes: the status line and body bytes seen, and whether the answer ended.
 */
function watch(rid: string, enough: (seen: Seen) => boolean): Promise<Seen> {
  const url = new URL(iam.httpUrl);
  const body = JSON.stringify({ description: 'x' });
  return new Promise((resolve) => {
    const seen: Seen = { status: null, bytes: 0, ended: false };
    let settled = false;
    const done = (): void => {
      if (settled) return;
      settled = true;
      resolve({ ...seen });
      r.destroy();
    };
    const r = request({ host: '127.0.0.1', port: Number(url.port), method: 'PUT', path: `${API}/acls/${rid}`, agent: false,
      headers: { Authorization: `token=${token}`, 'Content-Type': 'application/json', 'Content-Length': String(body.length) } }, (res) => {
      seen.status = res.statusCode ?? null;
      res.on('data', (c: Buffer) => {
        seen.bytes += c.length;
        if (enough(seen)) done();
      });
      res.on('end', () => {
        seen.ended = true;
        done();
      });
    });
    r.on('error', () => {});
    r.on('close', done);
    r.end(body);
  });
}

test('hang-after-apply: the state changes, no answer ever comes', async () => {
  let hit!: () => void;
  const applied = new Promise<void>((r) => (hit = r));
  iam.faults.push({ kind: 'hang-after-apply', path: 'dcos:h', onHit: () => hit() });
  const seen = watch('dcos:h', () => false);
  await applied;
  expect(iam.acls()).toContain('dcos:h');
  // An answer would be written before the hit is told; the sandbox closing ends the connection
  // after whatever was written to it, so by then the client has seen all it ever would.
  await iam.close();
  expect(await seen).toEqual({ status: null, bytes: 0, ended: false });
});

test('trickle: 200 headers, then a byte at a time, never finishing; nothing is run', async () => {
  iam.faults.push({ kind: 'trickle', intervalMs: 10, path: 'dcos:t' });
  const seen = await watch('dcos:t', (s) => s.bytes > 3);
  expect(seen.status).toBe(200);
  expect(seen.bytes).toBeGreaterThan(3);
  expect(seen.ended).toBe(false);
  expect(iam.acls()).not.toContain('dcos:t');
});
