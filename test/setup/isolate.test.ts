// The per-file guards of test/setup/isolate.ts: no real home, no network beyond loopback.
import { createServer } from 'node:net';
import net from 'node:net';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join, sep } from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCKED, isLoopback } from './isolate.js';

const blocked = (): string[] => (globalThis as { [BLOCKED]?: string[] })[BLOCKED] ?? [];
// These tests trip the guard on purpose: take what they recorded before the guard's own afterEach
// (registered first, so it runs after this one) fails the test for it.
let expected: string[] = [];
afterEach(() => {
  const seen = blocked().splice(0);
  expect(seen).toEqual(expected);
  expected = [];
});

describe('home', () => {
  it('HOME, the XDG dirs and DCOS_DIR are a fresh temp dir, not the real home', () => {
    const home = process.env.HOME ?? '';
    expect(home).not.toBe(userInfo().homedir); // from the user database, not the environment
    expect(home.startsWith(tmpdir() + sep)).toBe(true);
    expect(homedir()).toBe(home);
    for (const k of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'DCOS_DIR']) {
      expect(process.env[k]?.startsWith(home + sep), k).toBe(true);
    }
    if (process.env.XDG_RUNTIME_DIR !== undefined) expect(process.env.XDG_RUNTIME_DIR).toBe(join(home, 'run'));
    expect(Object.keys(process.env).filter((k) => k.startsWith('DCOS_'))).toEqual(['DCOS_DIR']);
    expect(process.env.SSH_AUTH_SOCK, "the developer's ssh-agent").toBeUndefined();
  });
});

describe('network', () => {
  it('a connection beyond loopback throws at once, before any packet', () => {
    expected = ['192.0.2.1:9', '192.0.2.1:443', 'example.com:80'];
    expect(() => net.connect(9, '192.0.2.1')).toThrow(/^test network guard: refused a connection to 192\.0\.2\.1:9; tests may reach loopback/);
    expect(() => tls.connect({ host: '192.0.2.1', port: 443 })).toThrow(/refused a connection to 192\.0\.2\.1:443/);
    expect(() => new net.Socket().connect({ host: 'example.com', port: 80 })).toThrow(/refused a connection to example\.com:80/);
  });

  it('fetch is refused too (it ends in the same Socket#connect)', async () => {
    expected = ['192.0.2.1:80'];
    const err = await fetch('http://192.0.2.1/').then(() => null, (e: unknown) => e as Error & { cause?: Error });
    expect(err?.cause?.message).toMatch(/^test network guard: refused a connection to 192\.0\.2\.1:80/);
  });

  it('loopback and unix sockets connect as usual', async () => {
    const server = createServer((s) => s.end('hi'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    const read = (sock: net.Socket) => new Promise<string>((resolve, reject) => {
      let text = '';
      sock.on('data', (d) => (text += d.toString())).on('end', () => resolve(text)).on('error', reject);
    });
    expect(await read(net.connect(port, '127.0.0.1'))).toBe('hi');
    server.close();
    const unix = createServer((s) => s.end('unix'));
    const path = join(process.env.HOME ?? tmpdir(), 'guard.sock');
    await new Promise<void>((r) => unix.listen(path, r));
    expect(await read(net.connect(path))).toBe('unix');
    unix.close();
  });

  it('knows loopback from the rest', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['192.0.2.1', '10.0.0.1', '::', '0.0.0.0', 'example.com', '128.0.0.1', '::ffff:10.0.0.1', 'localhost.example.com']) expect(isLoopback(h), h).toBe(false);
  });
});
