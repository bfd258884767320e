// Fast integration: real ssh2 connections to in-process fake nodes on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { utils } from 'ssh2';
import { fingerprint } from '../../../src/sources/ssh/known-hosts.js';
import { jsonLine, makeKey, publicBlob, startSilentServer } from './fake-node.js';
import { collect, HAVE_SSH_KEYGEN, isolated, lines, useFakeNodes } from './helpers.js';
import { nth } from '../../helpers/nth.js';

const fixture = useFakeNodes();
const { trust, node } = fixture;

const journal = (n: number, host = 'node'): string[] =>
  Array.from({ length: n }, (_, i) => jsonLine(i + 1, i % 3 === 0 ? `noise ${i}` : `x type=audit object=dcos:a${i} result=deny uid=u${i}`, host));

describe('ssh sources against in-process nodes', () => {
  it('reads the audit lines of a node, filtered remotely, and reports bytes', async () => {
    const n = await node({ lines: journal(30) });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { since: '2019-03-01T00:00:00Z', units: ['dcos-adminrouter*'] }));
    expect(c.errors).toEqual([]);
    expect(c.streams).toHaveLength(1);
    const got = lines(nth(c.streams, 0).text);
    expect(got).toEqual(journal(30).filter((l) => l.includes('type=audit')));
    expect(n.commands[0]).toContain('--since=@1551398280');
    expect(n.commands[0]).toContain("-u'\\'' '\\''dcos-adminrouter*");
    const last = c.progress.filter((p) => p.label.endsWith(String(n.port))).at(-1)!;
    expect(last.state).toBe('done');
    expect(last.bytes).toBe(Buffer.byteLength(nth(c.streams, 0).text));
  });

  it('a node without any matching line is a source read, not a failure', async () => {
    const n = await node({ lines: [jsonLine(1, 'nothing here')] });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home));
    expect(c.errors).toEqual([]);
    expect(c.streams).toEqual([{ label: `ssh://127.0.0.1:${n.port}`, text: '' }]);
  });

  it('refuses an unknown host with its fingerprint, and --accept-new-host-key adds it', async () => {
    const n = await node({ lines: journal(3) });
    const url = `ssh://127.0.0.1:${n.port}`;
    const c = await collect([url], isolated(fixture.home));
    expect(c.streams).toEqual([]);
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]?.message).toContain(fingerprint(publicBlob(fixture.hostKey.public)));
    expect(c.errors[0]?.message).toContain('--accept-new-host-key');
    expect(n.commands).toEqual([]);
    const ok = await collect([url], isolated(fixture.home, { acceptNewHostKey: true }));
    expect(ok.errors).toEqual([]);
    expect(readFileSync(fixture.home.knownHosts, 'utf8')).toContain(`[127.0.0.1]:${n.port} ssh-ed25519 ${publicBlob(fixture.hostKey.public).toString('base64')}`);
    // Now known: accepted without the flag.
    expect((await collect([url], isolated(fixture.home))).errors).toEqual([]);
  });

  it('refuses a changed host key loudly, even with --accept-new-host-key', async () => {
    const n = await node({ lines: journal(3) });
    trust(n.port, makeKey());
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { acceptNewHostKey: true }));
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]?.message).toMatch(/HOST KEY .* HAS CHANGED/);
    expect(c.errors[0]?.message).toContain('ssh-keygen -R');
    expect(n.commands).toEqual([]);
  });

  it('reports an authentication failure clearly', async () => {
    const n = await node({ authorized: [makeKey().public] });
    trust(n.port);
    const c = await collect([`ssh://root@127.0.0.1:${n.port}`], isolated(fixture.home));
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]?.message).toMatch(/^authentication failed for root@127\.0\.0\.1:\d+: tried .*client_key/);
  });

  it('explains a sudo that needs a password', async () => {
    const n = await node({ lines: journal(3), sudoNeedsPassword: true });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { sudo: true }));
    expect(c.errors.map((e) => e.message)).toEqual(['sudo needs a password on 127.0.0.1: configure NOPASSWD for journalctl or add the user to systemd-journal']);
  });

  it('a node that hangs fails with a timeout, and the others are still read', async () => {
    const hung = await node({ hang: true, lines: journal(3) });
    const silent = await startSilentServer();
    fixture.onStop(() => silent.close());
    const good = await node({ lines: journal(6) });
    [hung.port, silent.port, good.port].forEach((p) => trust(p));
    const t0 = Date.now();
    const c = await collect([hung, silent, good].map((x) => `ssh://127.0.0.1:${x.port}`), isolated(fixture.home, { connectTimeoutMs: 2000, commandTimeoutMs: 2000 }));
    // Bounds wide enough for a loaded 2-core CI machine (the good node's handshake runs in this process too).
    expect(Date.now() - t0).toBeLessThan(9000);
    expect(c.streams.map((s) => s.label)).toContain(`ssh://127.0.0.1:${good.port}`);
    const msgs = Object.fromEntries(c.errors.map((e) => [e.source, e.message]));
    expect(msgs[`ssh://127.0.0.1:${hung.port}`]).toMatch(/timed out after 2 s reading the journal/);
    expect(msgs[`ssh://127.0.0.1:${silent.port}`]).toMatch(/timed out .* handshake/);
  });

  it('a dropped read resumes after the last complete line: exact line multiset', async () => {
    const data = journal(40);
    const n = await node({ lines: data, dropAfter: 7 });
    trust(n.port);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { reconnectBaseMs: 10 }));
    expect(c.errors).toEqual([]);
    expect(lines(nth(c.streams, 0).text)).toEqual(data.filter((l) => l.includes('type=audit')));
    expect(n.commands).toHaveLength(2);
    expect(n.commands[1]).toContain('--after-cursor=s=fake;i=11');
  });

  it('a public key given as the identity (-i key.pub) is named as such, not an authentication failure', async () => {
    const pubFile = `${fixture.home.keyFile}.pub`;
    const key = utils.parseKey(readFileSync(fixture.home.keyFile));
    if (key instanceof Error || Array.isArray(key)) throw new Error('the test key did not parse');
    writeFileSync(pubFile, `${key.type} ${key.getPublicSSH().toString('base64')} test\n`);
    const a = await node({ lines: [jsonLine(1, 'type=audit a')] });
    trust(a.port);
    const c = await collect([`ssh://127.0.0.1:${a.port}`], isolated(fixture.home, { identity: [pubFile] }));
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringContaining(`identity ${pubFile} is a public key: give its private key (${fixture.home.keyFile})`)]);
  });

  it('fans out to 20 nodes at concurrency 8, one failing node does not stop the others', async () => {
    const nodes = await Promise.all(Array.from({ length: 20 }, (_, i) => node({ lines: journal(12, `n${i}`) })));
    nodes.forEach((x, i) => i !== 5 && trust(x.port)); // node 5: unknown host key
    const urls = nodes.map((x) => `ssh://127.0.0.1:${x.port}`);
    const c = await collect(urls, isolated(fixture.home, { concurrency: 8, connectTimeoutMs: 15000 }));
    expect(c.errors.map((e) => e.source)).toEqual([urls[5]]);
    expect(c.streams).toHaveLength(19);
    for (const s of c.streams) expect(lines(s.text)).toHaveLength(8);
    const failed = c.progress.filter((p) => p.state === 'failed');
    expect(failed.map((p) => p.label)).toEqual([urls[5]]);
  });
});

describe('encrypted identity files', () => {
  it.skipIf(!HAVE_SSH_KEYGEN)('without a terminal: a clear error; with a prompt: asked once for all hosts', async () => {
    const { execFileSync } = await import('node:child_process');
    const { readFileSync: read } = await import('node:fs');
    const keyFile = `${fixture.home.dir}/enc_key`;
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'sesame', '-f', keyFile], { stdio: 'ignore' });
    const pub = read(`${keyFile}.pub`, 'utf8');
    const a = await node({ authorized: [pub], lines: [jsonLine(1, 'type=audit a')] });
    const b = await node({ authorized: [pub], lines: [jsonLine(1, 'type=audit b')] });
    trust(a.port);
    trust(b.port);
    const urls = [a, b].map((x) => `ssh://127.0.0.1:${x.port}`);
    const refused = await collect(urls, isolated(fixture.home, { identity: [keyFile] }));
    expect(refused.errors).toHaveLength(2);
    expect(refused.errors[0]?.message).toContain(`identity ${keyFile} is encrypted and no terminal can ask its passphrase: load it into ssh-agent (ssh-add ${keyFile})`);
    let asked = 0;
    const ok = await collect(urls, isolated(fixture.home, { identity: [keyFile], askPassphrase: async () => (asked++, 'sesame') }));
    expect(ok.errors).toEqual([]);
    expect(ok.streams).toHaveLength(2);
    expect(asked).toBe(1);
  });
});
