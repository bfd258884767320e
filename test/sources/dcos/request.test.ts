// The streamed GET's failure kinds, which decide what a node reader does next: a server that never
// answers, a body that goes quiet, a range request past its total deadline, an address nothing
// listens on, and a connection that never completes (a firewall that drops packets: unreachable, so
// a master falls back to the leader route).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { failureOf, LogHttp, RequestFailure } from '../../../src/sources/dcos/request.js';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = null;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<URL> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/system/v1/logs/v1/range/`);
}

const get = (url: URL, o: { connectTimeoutMs?: number; idleTimeoutMs?: number; deadlineMs?: number } = {}) =>
  new LogHttp({}).get({ url, accept: 'application/json', token: 't', signal: new AbortController().signal, connectTimeoutMs: o.connectTimeoutMs ?? 2000, idleTimeoutMs: o.idleTimeoutMs ?? 0, deadlineMs: o.deadlineMs ?? 0 });

describe('LogHttp', () => {
  it('no answer after connecting: a timeout (retried), not "unreachable"', async () => {
    const url = await serve(() => undefined);
    const e = await get(url, { connectTimeoutMs: 150 }).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(RequestFailure);
    expect(e).toMatchObject({ kind: 'timeout', message: `no answer from ${url.host} for 0.15 s` });
  });

  it('a body that goes quiet: the read fails as a timeout', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"fields":{}}\n');
    });
    const res = await get(url, { idleTimeoutMs: 150 });
    const chunks: string[] = [];
    const e = await (async () => {
      for await (const c of res.body) chunks.push(String(c));
    })().then(() => null, (x: unknown) => x);
    expect(chunks.join('')).toBe('{"fields":{}}\n');
    expect(e).toMatchObject({ kind: 'timeout', message: `no data from ${url.host} for 0.15 s` });
  });

  it('a total deadline shorter than the connect timeout: a server that never answers meets it (not retried)', async () => {
    const url = await serve(() => undefined);
    const e = await get(url, { connectTimeoutMs: 5000, deadlineMs: 150 }).then(() => null, (x: unknown) => x);
    expect(e).toMatchObject({ kind: 'deadline', message: `no complete answer from ${url.host} within 0.15 s` });
  });

  it('a body that trickles meets the deadline, whatever the idle limit', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(t));
    });
    const res = await get(url, { idleTimeoutMs: 5000, deadlineMs: 200 });
    const e = await (async () => {
      for await (const _ of res.body) void _;
    })().then(() => null, (x: unknown) => x);
    expect(e).toMatchObject({ kind: 'deadline', message: `no complete answer from ${url.host} within 0.2 s` });
  });

  it('nothing listening: unreachable', async () => {
    const url = await serve(() => undefined);
    server!.closeAllConnections();
    await new Promise((r) => server!.close(r));
    server = null;
    await expect(get(url)).rejects.toMatchObject({ kind: 'unreachable', message: `cannot reach ${url.host} (ECONNREFUSED)` });
  });

  it('a connection that never completes counts as unreachable (failureOf)', () => {
    const err = Object.assign(new Error('no connection from 10.0.4.11:443 for 15 s'), { code: 'ECONNTIMEOUT_A2G' });
    expect(failureOf(err, new URL('https://10.0.4.11/'), new AbortController().signal, 'connect')).toMatchObject({ kind: 'unreachable', message: 'cannot reach 10.0.4.11 (no connection from 10.0.4.11:443 for 15 s)' });
  });
});
