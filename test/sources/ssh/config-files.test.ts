// The config files OpenSSH reads, end to end through the ssh sources (in-process nodes on
// loopback, a temp HOME): ~/.ssh/config with Include, the system file (pointed at a temp
// "/etc/ssh"), `-F` instead of both, notes for what is not evaluated, and known_hosts as OpenSSH
// reads and writes it (User/GlobalKnownHostsFile, HashKnownHosts, HostName and HostKeyAlias,
// @cert-authority).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostFieldMatches, knownHostName } from '../../../src/sources/ssh/known-hosts.js';
import type { SshOptions } from '../../../src/sources/ssh/options.js';
import { jsonLine, makeKey, publicBlob } from './fake-node.js';
import { collect, HAVE_SSH_KEYGEN, isolated, useFakeNodes } from './helpers.js';
import { nth } from '../../helpers/nth.js';

const fixture = useFakeNodes();
const { trust, node } = fixture;
const LINE = jsonLine(1, 'type=audit object=dcos:x result=deny uid=svc', 't');

const userConfig = (text: string): string => {
  const f = join(fixture.home.dir, '.ssh', 'config');
  writeFileSync(f, text);
  return f;
};
/** A temp "/etc/ssh" with ssh_config (and what it includes). */
function systemConfig(text: string, files: Record<string, string> = {}): string {
  const dir = join(fixture.home.dir, 'etc-ssh');
  mkdirSync(join(dir, 'ssh_config.d'), { recursive: true });
  for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
  writeFileSync(join(dir, 'ssh_config'), text);
  return join(dir, 'ssh_config');
}
/** The default files: ~/.ssh/config of the temp HOME, then `system`. */
const defaults = (system: string | null, extra: SshOptions = {}): SshOptions => isolated(fixture.home, { sshConfigFile: undefined, systemSshConfigFile: system, ...extra });
const hostKeyB64 = (): string => publicBlob(fixture.hostKey.public).toString('base64');

describe('config files', () => {
  it('~/.ssh/config with Include conf.d/*.conf (relative to ~/.ssh) names the node', async () => {
    const n = await node({ lines: [LINE] });
    trust(n.port);
    mkdirSync(join(fixture.home.dir, '.ssh', 'conf.d'));
    writeFileSync(join(fixture.home.dir, '.ssh', 'conf.d', 'nodes.conf'), `Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\n`);
    userConfig('Include conf.d/*.conf\n');
    const c = await collect(['ssh://node1'], defaults(null));
    expect(c.errors).toEqual([]);
    expect(c.streams.map((s) => s.text)).toEqual([expect.stringContaining('uid=svc')]);
  });

  it('the system file is read after the user\'s (its Include relative to its own directory); the user\'s values win', async () => {
    const n = await node({ lines: [LINE] });
    const sys = systemConfig('Include ssh_config.d/*.conf\n', { 'ssh_config.d/50.conf': `Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\nHost *\n  StrictHostKeyChecking accept-new\n  HashKnownHosts yes\n` });
    // The user's file says strict: the node (unknown) is refused although the system file says accept-new.
    userConfig('Host *\n  StrictHostKeyChecking yes\n');
    const strict = await collect(['ssh://node1'], defaults(sys));
    expect(strict.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^host key of \[127\.0\.0\.1\]:\d+ is not in /)]);
    // Without that line, the system file's accept-new and HashKnownHosts apply.
    userConfig('# nothing\n');
    const ok = await collect(['ssh://node1'], defaults(sys));
    expect(ok.errors).toEqual([]);
    const written = readFileSync(fixture.home.knownHosts, 'utf8').trim().split('\n');
    expect(written).toHaveLength(1);
    const [host = '', type, key] = nth(written, 0).split(' ');
    expect(host).toMatch(/^\|1\|/); // hashed, as OpenSSH writes it with HashKnownHosts yes
    expect(hostFieldMatches(host, knownHostName('127.0.0.1', n.port))).toBe(true);
    expect([type, key]).toEqual(['ssh-ed25519', hostKeyB64()]);
    if (HAVE_SSH_KEYGEN) expect(execFileSync('ssh-keygen', ['-F', knownHostName('127.0.0.1', n.port), '-f', fixture.home.knownHosts]).toString()).toContain(key);
  });

  it('-F FILE replaces both files (the system file is not read), as in OpenSSH; -F of a missing file is an error', async () => {
    const n = await node({ lines: [LINE] });
    const sys = systemConfig(`Host *\n  StrictHostKeyChecking accept-new\n`);
    const f = join(fixture.home.dir, 'alt.conf');
    writeFileSync(f, `Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\n`);
    const c = await collect(['ssh://node1'], defaults(sys, { sshConfigFile: f }));
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(/is not in /)]); // accept-new from the system file did not apply
    const missing = await collect(['ssh://node1'], defaults(sys, { sshConfigFile: join(fixture.home.dir, 'nope') }));
    expect(missing.errors.map((e) => e.message)).toEqual([`cannot read ${join(fixture.home.dir, 'nope')} (-F): ENOENT`]);
  });

  it('a config file others may write is refused (it could name a ProxyCommand), as OpenSSH refuses it', async () => {
    const f = userConfig('Host *\n  User x\n');
    execFileSync('chmod', ['o+w', f]);
    const c = await collect(['ssh://127.0.0.1:1'], defaults(null));
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringContaining(`bad owner or permissions on ${f}`)]);
  });

  it('Match exec is never run: one warning per run (not per host), the block skipped', async () => {
    const n = await node({ lines: [LINE] });
    trust(n.port);
    const marker = join(fixture.home.dir, 'exec-ran');
    const f = userConfig(`Match exec "touch ${marker}"\n  Port 1\nHost node*\n  HostName 127.0.0.1\n  Port ${n.port}\n`);
    const c = await collect(['ssh://node1', 'ssh://node2'], defaults(null));
    expect(c.errors).toEqual([]);
    expect(c.streams).toHaveLength(2);
    expect(existsSync(marker)).toBe(false);
    expect(c.progress.filter((p) => p.note).map((p) => [p.label, p.note])).toEqual([
      ['ssh://node1', `warning: ${f} line 1: "Match exec" is not evaluated by audit2grant (its command is never run); the block is skipped as if it did not match`],
    ]);
  });

  it('StrictHostKeyChecking no: read as accept-new with a warning; a changed key is still refused', async () => {
    const n = await node({ lines: [LINE] });
    const f = userConfig(`Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\n  StrictHostKeyChecking no\n`);
    const c = await collect(['ssh://node1'], defaults(null));
    expect(c.errors).toEqual([]);
    const note = c.progress.find((p) => p.note)?.note ?? '';
    expect(note.startsWith(`warning: ${f} line 4: StrictHostKeyChecking no is read as accept-new: audit2grant adds keys of new hosts to `)).toBe(true);
    expect(note).toMatch(/ \(if it keeps what is written: a regular file, not a device\) but never turns host key checking off \(a changed key is still refused\)$/);
    writeFileSync(fixture.home.knownHosts, '');
    trust(n.port, makeKey());
    const changed = await collect(['ssh://node1'], defaults(null));
    expect(changed.errors.map((e) => e.message)).toEqual([expect.stringMatching(/HAS CHANGED/)]);
  });

  it('StrictHostKeyChecking no with UserKnownHostsFile /dev/null: no new key is taken, so a swapped key is never accepted', async () => {
    const n = await node({ lines: [LINE] });
    const global = join(fixture.home.dir, 'ssh_known_hosts');
    const f = userConfig(`Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  GlobalKnownHostsFile ${global}\n`);
    const opts = defaults(null, { knownHosts: undefined, globalKnownHosts: undefined });
    // Unknown: refused, saying why (OpenSSH would connect, and again with any other key next time).
    const fresh = await collect(['ssh://node1'], opts);
    expect(fresh.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^host key of \[127\.0\.0\.1\]:\d+ \(ssh-ed25519 key SHA256:\S+\) is new, and UserKnownHostsFile \/dev\/null keeps nothing written to it: accepting it would accept any key .* refused/),
    ]);
    expect(fresh.progress.find((p) => p.note)?.note).toBe(
      `warning: ${f} line 4: StrictHostKeyChecking no is read as accept-new, but UserKnownHostsFile /dev/null keeps no key: a host is reached only when its key is already in a known_hosts file, and a changed key is refused (OpenSSH would accept any key on every run; audit2grant never turns host key checking off)`,
    );
    expect(n.commands).toEqual([]);
    // Known (here from the GlobalKnownHostsFile): read.
    writeFileSync(global, `${knownHostName('127.0.0.1', n.port)} ssh-ed25519 ${hostKeyB64()}\n`);
    const known = await collect(['ssh://node1'], opts);
    expect(known.errors).toEqual([]);
    expect(known.streams.map((s) => s.text)).toEqual([expect.stringContaining('uid=svc')]);
    // The node presents another key than the one known: refused, however often it is tried.
    writeFileSync(global, `${knownHostName('127.0.0.1', n.port)} ssh-ed25519 ${publicBlob(makeKey().public).toString('base64')}\n`);
    for (let i = 0; i < 2; i++) {
      const swapped = await collect(['ssh://node1'], opts);
      expect(swapped.errors.map((e) => e.message)).toEqual([expect.stringMatching(/HAS CHANGED/)]);
    }
    expect(n.commands).toHaveLength(1);
  });

  it('--known-hosts /dev/null --accept-new-host-key: the same refusal (what the file is decides, not its name in a config)', async () => {
    const n = await node({ lines: [LINE] });
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home, { knownHosts: '/dev/null', acceptNewHostKey: true }));
    expect(c.errors.map((e) => e.message)).toEqual([expect.stringMatching(/is new, and UserKnownHostsFile \/dev\/null keeps nothing written to it/)]);
    expect(n.commands).toEqual([]);
  });
});

describe('known hosts as OpenSSH reads them', () => {
  it('keys are recorded and looked up under the HostName, not the name typed', async () => {
    const n = await node({ lines: [LINE] });
    userConfig(`Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\n`);
    // A key recorded under the alias does not count (OpenSSH would not look there either).
    writeFileSync(fixture.home.knownHosts, `[node1]:${n.port} ssh-ed25519 ${hostKeyB64()}\n`);
    const refused = await collect(['ssh://node1'], defaults(null));
    expect(refused.errors.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`^host key of \\[127\\.0\\.0\\.1\\]:${n.port} is not in`))]);
    const added = await collect(['ssh://node1'], defaults(null, { acceptNewHostKey: true }));
    expect(added.errors).toEqual([]);
    expect(readFileSync(fixture.home.knownHosts, 'utf8')).toContain(`\n[127.0.0.1]:${n.port} ssh-ed25519 ${hostKeyB64()}\n`);
  });

  it('HostKeyAlias names the entry (lower-cased), port not added', async () => {
    const n = await node({ lines: [LINE] });
    userConfig(`Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\n  HostKeyAlias Prod-Node1\n`);
    expect((await collect(['ssh://node1'], defaults(null, { acceptNewHostKey: true }))).errors).toEqual([]);
    expect(readFileSync(fixture.home.knownHosts, 'utf8')).toBe(`prod-node1 ssh-ed25519 ${hostKeyB64()}\n`);
    expect((await collect(['ssh://node1'], defaults(null))).errors).toEqual([]);
  });

  it('every UserKnownHostsFile and GlobalKnownHostsFile is read; new keys go to the first user file; a changed key names its file', async () => {
    const n = await node({ lines: [LINE] });
    const global = join(fixture.home.dir, 'ssh_known_hosts');
    const second = join(fixture.home.dir, 'known_hosts2');
    writeFileSync(global, `[127.0.0.1]:${n.port} ssh-ed25519 ${hostKeyB64()}\n`);
    userConfig(`Host node1\n  HostName 127.0.0.1\n  Port ${n.port}\n  UserKnownHostsFile ${fixture.home.knownHosts} ${second}\n  GlobalKnownHostsFile ${global}\n`);
    // Known from the global file only.
    const opts = defaults(null, { knownHosts: undefined, globalKnownHosts: undefined });
    expect((await collect(['ssh://node1'], opts)).errors).toEqual([]);
    // Another key in the second user file: changed, and the message names that file.
    writeFileSync(global, '');
    const other = makeKey().public.split(' ')[1];
    writeFileSync(second, `[127.0.0.1]:${n.port} ssh-ed25519 ${other}\n`);
    const changed = await collect(['ssh://node1'], { ...opts, acceptNewHostKey: true });
    expect(changed.errors[0]?.message).toContain(`${second} holds another`);
    expect(changed.errors[0]?.message).toContain(`ssh-keygen -R '[127.0.0.1]:${n.port}' -f ${second}`);
  });

  it('a host vouched for by @cert-authority only: "host certificates are not supported", not "unknown host"', async () => {
    const n = await node({ lines: [LINE] });
    writeFileSync(fixture.home.knownHosts, `@cert-authority [127.0.0.1]:* ${makeKey().public.split(' ').slice(0, 2).join(' ')}\n`);
    const c = await collect([`ssh://127.0.0.1:${n.port}`], isolated(fixture.home));
    expect(c.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${n.port} is vouched for by a @cert-authority line in .*known_hosts, but audit2grant does not support host certificates: it needs the host's own key \\(ssh-ed25519 key SHA256:`)),
    ]);
    expect(n.commands).toEqual([]);
  });
});
