// A host known under one key type that presents a key of another type: refused loudly, never added,
// even with --accept-new-host-key (else whoever sits in the middle just switches key types).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { utils } from 'ssh2';
import { jsonLine } from './fake-node.js';
import { collect, isolated, useFakeNodes } from './helpers.js';

const fixture = useFakeNodes();
const { trust, node } = fixture;

describe('host key of another type than the known one', () => {
  it.each([false, true])('is refused like a changed key (accept-new-host-key %s) and known_hosts stays as it was', async (acceptNewHostKey) => {
    const rsa = utils.generateKeyPairSync('rsa', { bits: 2048 });
    const n = await node({ hostKey: { private: rsa.private, public: rsa.public }, lines: [jsonLine(1, 'type=audit x')] });
    trust(n.port); // known with the fixture's ed25519 key
    const before = readFileSync(fixture.home.knownHosts, 'utf8');
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { acceptNewHostKey }));
    expect(c.streams).toEqual([]);
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]?.message).toMatch(/^WARNING: THE HOST KEY OF \[127\.0\.0\.1\]:\d+ HAS CHANGED .*ssh-rsa key SHA256:.*ssh-ed25519/);
    expect(c.errors[0]?.message).toContain('ssh-keygen -R');
    expect(readFileSync(fixture.home.knownHosts, 'utf8')).toBe(before);
    expect(n.commands).toEqual([]);
  });
});
