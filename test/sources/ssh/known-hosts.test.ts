import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, hashHostName, hostFieldMatches, keyTypeOf, knownHostName, knownTypesFor, parseKnownHosts, verifyHostKey } from '../../../src/sources/ssh/known-hosts.js';
import { HAVE_SSH_KEYGEN } from './helpers.js';

/** A fake SSH key blob: string type + string data, like the wire format. */
function blob(type: string, data: string): Buffer {
  const t = Buffer.from(type);
  const d = Buffer.from(data);
  const b = Buffer.alloc(8 + t.length + d.length);
  b.writeUInt32BE(t.length, 0);
  t.copy(b, 4);
  b.writeUInt32BE(d.length, 4 + t.length);
  d.copy(b, 8 + t.length);
  return b;
}
const A = blob('ssh-ed25519', 'key-a');
const B = blob('ssh-ed25519', 'key-b');
const R = blob('ssh-rsa', 'key-r');
const b64 = (k: Buffer): string => k.toString('base64');

describe('host field matching', () => {
  it.each([
    ['m1', 'm1', true],
    ['m1,10.0.0.1', '10.0.0.1', true],
    ['M1.Example.com', 'm1.example.com', true],
    ['*.example.com', 'm1.example.com', true],
    ['10.0.0.?', '10.0.0.7', true],
    ['10.0.0.?', '10.0.0.17', false],
    ['*.example.com,!bad.example.com', 'bad.example.com', false],
    ['[m1]:2222', '[m1]:2222', true],
    ['[m1]:2222', 'm1', false],
    ['m1', '[m1]:2222', false],
    ['m1.', 'm1x', false],
  ])('%s vs %s → %s', (field, name, want) => {
    expect(hostFieldMatches(field, name)).toBe(want);
  });

  it('hashed entries match only their name', () => {
    const salt = Buffer.from('0123456789abcdefghij');
    const h = hashHostName('[10.0.0.1]:2222', salt);
    expect(h).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+$/);
    expect(hostFieldMatches(h, '[10.0.0.1]:2222')).toBe(true);
    expect(hostFieldMatches(h, '10.0.0.1')).toBe(false);
  });

  it.skipIf(!HAVE_SSH_KEYGEN)('entries hashed by OpenSSH itself (ssh-keygen -H) match', () => {
    const dir = mkdtempSync(join(tmpdir(), 'a2g-kh-'));
    try {
      const f = join(dir, 'known_hosts');
      writeFileSync(f, `m1 ssh-ed25519 ${b64(A)}\n[m2]:2222 ssh-ed25519 ${b64(B)}\n`);
      execFileSync('ssh-keygen', ['-H', '-f', f], { stdio: 'ignore' });
      const hashed = parseKnownHosts(readFileSync(f, 'utf8'));
      expect(hashed.every((l) => l.hosts.startsWith('|1|'))).toBe(true);
      expect(verifyHostKey(hashed, ['m1'], A).kind).toBe('known');
      expect(verifyHostKey(hashed, ['[m2]:2222'], B).kind).toBe('known');
      expect(verifyHostKey(hashed, ['m2'], B).kind).toBe('unknown');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('verifyHostKey', () => {
  const file = [
    '# comment',
    '',
    `m1,10.0.0.1 ssh-ed25519 ${b64(A)} root@m1`,
    `[m2]:2222 ssh-ed25519 ${b64(B)}`,
    `${hashHostName('m3')} ssh-ed25519 ${b64(A)}`,
    `m4 ssh-rsa ${b64(R)}`,
    `@revoked * ssh-ed25519 ${b64(B)}`,
    `@cert-authority *.example.com ssh-ed25519 ${b64(A)}`,
    `@weird m5 ssh-ed25519 ${b64(A)}`,
    'broken line',
  ].join('\n');
  const lines = parseKnownHosts(file);

  it('parses lines with markers, skipping comments, unknown markers and broken lines', () => {
    expect(lines.map((l) => l.marker)).toEqual([null, null, null, null, 'revoked', 'cert-authority']);
  });
  it('known: plain name, alternative name, hashed', () => {
    expect(verifyHostKey(lines, ['m1'], A).kind).toBe('known');
    expect(verifyHostKey(lines, ['x', '10.0.0.1'], A).kind).toBe('known');
    expect(verifyHostKey(lines, ['m3'], A).kind).toBe('known');
  });
  it('changed: same type, other key', () => {
    expect(verifyHostKey(lines, ['m3'], blob('ssh-ed25519', 'evil'))).toEqual({ kind: 'changed', knownTypes: ['ssh-ed25519'] });
  });
  it('revoked wins, whatever the host', () => {
    expect(verifyHostKey(lines, ['[m2]:2222'], B)).toEqual({ kind: 'revoked' });
  });
  it('unknown: no entry, or only other key types', () => {
    expect(verifyHostKey(lines, ['nowhere'], A)).toEqual({ kind: 'unknown', otherTypesKnown: [] });
    expect(verifyHostKey(lines, ['m4'], A)).toEqual({ kind: 'unknown', otherTypesKnown: ['ssh-rsa'] });
    expect(verifyHostKey(lines, ['m1:22'], A).kind).toBe('unknown');
  });
  it('the port is part of the name', () => {
    expect(knownHostName('m2', 2222)).toBe('[m2]:2222');
    expect(knownHostName('m2', 22)).toBe('m2');
    expect(verifyHostKey(lines, [knownHostName('m1', 2222)], A).kind).toBe('unknown');
  });
  it('cert-authority lines are not host keys', () => {
    expect(verifyHostKey(lines, ['a.example.com'], A).kind).toBe('unknown');
  });
  it('knownTypesFor lists the types to prefer', () => {
    expect(knownTypesFor(lines, ['m4'])).toEqual(['ssh-rsa']);
  });
  it('fingerprints like ssh-keygen -l', () => {
    expect(keyTypeOf(A)).toBe('ssh-ed25519');
    expect(fingerprint(A)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
