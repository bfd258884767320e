// The OpenSSH client is the reference: for each config below, what audit2grant resolves for a host
// (HostName, Port, User, IdentityFile, ProxyJump, ProxyCommand, the known-hosts settings) must equal
// what `ssh -G -F FILE [flags] HOST` prints. Both are given the real home directory (ssh as $HOME);
// nothing is written there (relative Includes reach the temp dir with `..`).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHopSpec, resolveTarget } from '../../../src/sources/ssh/config.js';
import type { SshOptions } from '../../../src/sources/ssh/options.js';
import { resolveEnvOf } from '../../../src/sources/ssh/setup.js';
import { evaluate } from '../../../src/sources/ssh/ssh-config/evaluate.js';
import { loadConfig } from '../../../src/sources/ssh/ssh-config/load.js';
import { scratch } from '../../helpers/tmp.js';

const HAVE_SSH = spawnSync('ssh', ['-V']).error === undefined;
const { tmp } = scratch('a2g-sshg-');
const me = userInfo();

/** `ssh -G` output as key → values (lines of a repeated key collected in order). */
function sshG(file: string, host: string, flags: string[]): Map<string, string[]> {
  // HOME as the real home: older OpenSSH expands `~` by the password file, newer ones (Debian's
  // 9.2p1-2+deb12u10) by $HOME, which the test setup points at a temp dir.
  const r = spawnSync('ssh', ['-G', '-F', file, ...flags, host], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: me.homedir } });
  if (r.status !== 0) throw new Error(`ssh -G failed: ${r.stderr}`);
  const out = new Map<string, string[]>();
  for (const line of r.stdout.split('\n')) {
    const i = line.indexOf(' ');
    if (i < 0) continue;
    const k = line.slice(0, i);
    out.set(k, [...(out.get(k) ?? []), line.slice(i + 1)]);
  }
  return out;
}

interface Row {
  name: string;
  config: (dir: string) => string;
  host: string;
  /** ssh flags, and the same as audit2grant options. */
  flags?: string[];
  opts?: SshOptions;
  /** Extra files in the temp dir. */
  files?: Record<string, string>;
  /** Reaches the temp dir relative to ~/.ssh, which must exist for the path to resolve. */
  needsSshDir?: boolean;
  /**
   * The ProxyCommand current OpenSSH builds resolve here, where older ones give none (Debian 12's
   * 9.2p1-2+deb12u6 drops a ProxyCommand after `ProxyJump none`; deb12u10, what CI installs, keeps
   * it, as audit2grant does): against an older ssh, audit2grant's reading is checked on its own.
   */
  olderSshDrops?: string;
}

const ROWS: Row[] = [
  {
    name: 'HostName with %h, lower-cased; User, Port, IdentityFile in order; first value wins',
    host: 'Node1',
    config: () => `Host Node1\n  HostName Node1.Example.COM.%h\n  Port 2200\n  IdentityFile ~/.ssh/k_%r\nHost *\n  User star\n  Port 1\n  IdentityFile /keys/second\n`,
  },
  {
    name: 'Host is case-sensitive; negation',
    host: 'node1',
    config: () => `Host Node1\n  User upper\nHost node* !node2\n  User lower\nHost *\n  IdentityFile /k\n`,
  },
  {
    name: 'Match host after HostName, Match originalhost, Match all',
    host: 'd',
    config: () => `Match host 10.*\n  User too-early\nHost d\n  HostName 10.1.1.1\nMatch host 10.*\n  User by-hostname\nMatch originalhost D\n  Port 2345\nMatch all\n  IdentityFile /k\n`,
  },
  {
    name: 'Match user sees the user given with the host',
    host: 'urlu@h',
    config: () => `Match user urlu\n  Port 1111\nHost *\n  User cfg\n  IdentityFile /k\n`,
  },
  {
    name: 'Include: absolute glob (sorted), relative to ~/.ssh, only where active',
    host: 'e',
    needsSshDir: true,
    files: { 'inc/20.conf': 'Host e\n  Port 20\n  User second\n', 'inc/10.conf': 'Host e\n  User first\n', 'rel.conf': 'Host e\n  IdentityFile /from-relative\n', 'never.conf': 'Host *\n  HostName never\n' },
    config: (dir) => `Include ${dir}/inc/*.conf\nInclude ${relative(join(me.homedir, '.ssh'), join(dir, 'rel.conf'))}\nHost other\n  Include ${dir}/never.conf\n`,
  },
  {
    name: 'ProxyCommand first, then ProxyJump: the command wins (raw, tokens unexpanded)',
    host: 'b',
    config: () => `Host b\n  ProxyCommand ssh -W %h:%p bastion\n  ProxyJump j1\nHost *\n  IdentityFile /k\n`,
  },
  {
    name: 'ProxyJump chain first',
    host: 'c',
    config: () => `Host c\n  ProxyJump u@j:2200,k\n  ProxyCommand nc %h %p\nHost *\n  IdentityFile /k\n`,
  },
  {
    name: 'ProxyJump none does not block a later ProxyCommand',
    host: 'h',
    config: () => `Host h\n  ProxyJump none\n  ProxyCommand nc %h %p\nHost *\n  IdentityFile /k\n`,
    olderSshDrops: 'nc %h %p',
  },
  {
    name: 'known hosts: files with ~ and tokens, HostKeyAlias lower-cased, accept-new, hashing, IdentitiesOnly, ConnectTimeout',
    host: 'k',
    config: () =>
      `Host k\n  HostName 10.9.9.9\n  UserKnownHostsFile ~/kh_%h_%p /tmp/kh2\n  GlobalKnownHostsFile none\n  HostKeyAlias MyAlias\n  StrictHostKeyChecking accept-new\n  HashKnownHosts yes\n  IdentitiesOnly yes\n  ConnectTimeout 7\n  IdentityFile /k\n`,
  },
  {
    name: '-p and -o beat the config; -o values are first',
    host: 'm',
    flags: ['-p', '2022', '-o', 'User=cli', '-o', 'StrictHostKeyChecking=yes'],
    opts: { port: 2022, user: 'cli', acceptNewHostKey: false },
    config: () => `Host m\n  Port 1\n  User cfg\n  StrictHostKeyChecking accept-new\n  IdentityFile /k\n`,
  },
  {
    name: '-J beats ProxyCommand from the config',
    host: 'p',
    flags: ['-J', 'jx'],
    opts: { jump: 'jx' },
    config: () => `Host p\n  ProxyCommand nc %h %p\n  IdentityFile /k\n`,
  },
];

const HAVE_SSH_DIR = existsSync(join(me.homedir, '.ssh'));

describe.skipIf(!HAVE_SSH)('resolution equals `ssh -G`', () => {
  it.each(ROWS.filter((r) => HAVE_SSH_DIR || !r.needsSshDir).map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const dir = tmp();
    for (const [f, text] of Object.entries(row.files ?? {})) {
      const p = join(dir, f);
      spawnSync('mkdir', ['-p', join(p, '..')]);
      writeFileSync(p, text);
    }
    const file = join(dir, 'config');
    writeFileSync(file, row.config(dir));
    const g = sshG(file, row.host, row.flags ?? []);
    const one = (k: string): string | undefined => g.get(k)?.[0];

    const cfg = loadConfig(file, 'user', { home: me.homedir, systemDir: '/etc/ssh' }, false)!;
    const opts = row.opts ?? {};
    const spec = parseHopSpec(row.host);
    const t = resolveTarget(spec, row.host, resolveEnvOf(opts, me.homedir, [cfg], me.username), opts.jump ?? null);
    const ev = evaluate(resolveEnvOf(opts, me.homedir, [cfg], me.username).destination ?? [], [cfg], { host: spec.host, user: spec.user, localUser: me.username });

    expect(t.hostname).toBe(one('hostname'));
    expect(String(t.port)).toBe(one('port'));
    expect(t.user).toBe(one('user'));
    const ids = ev.identityFiles.map((l) => l.args[0]);
    if (ids.length) expect(ids).toEqual(g.get('identityfile'));
    else expect(g.get('identityfile')).toContain('~/.ssh/id_rsa'); // ssh -G lists its defaults
    const jump = opts.jump ?? (ev.proxy?.keyword === 'proxyjump' ? ev.proxy.rest : undefined);
    expect(jump).toBe(one('proxyjump'));
    const proxyCommand = opts.jump ? undefined : t.proxyCommand ? ev.proxy?.rest : undefined;
    expect(proxyCommand).toBe(row.olderSshDrops !== undefined && one('proxycommand') === undefined ? row.olderSshDrops : one('proxycommand'));
    expect(t.hostKey.userFiles.join(' ') || 'none').toBe(one('userknownhostsfile'));
    expect(t.hostKey.globalFiles.join(' ') || 'none').toBe(one('globalknownhostsfile'));
    if (one('hostkeyalias')) expect(t.hostKey.name).toBe(one('hostkeyalias'));
    // OpenSSH's `no` turns checking off; audit2grant reads it as accept-new (never off).
    expect(t.hostKey.acceptNew).toBe(['accept-new', 'false'].includes(one('stricthostkeychecking')!));
    expect(t.hostKey.hash ? 'yes' : 'no').toBe(one('hashknownhosts'));
    expect(t.identitiesOnly ? 'yes' : 'no').toBe(one('identitiesonly'));
    expect(t.connectTimeoutMs === null ? 'none' : String(t.connectTimeoutMs / 1000)).toBe(one('connecttimeout'));
  });
});
