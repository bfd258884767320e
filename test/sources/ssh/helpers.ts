// Shared test plumbing: a temp HOME with a client key and known_hosts, a per-test set of in-process
// fake nodes trusted through it, and a collector for openSshSources.
import { afterEach, beforeEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { SourceError, SourceProgress } from '../../../src/core/types.js';
import type { SourceStream } from '../../../src/sources/index.js';
import { openSshSources, type SshOptions } from '../../../src/sources/ssh/index.js';
import { knownHostName } from '../../../src/sources/ssh/known-hosts.js';
import { parseSshUrl, resolveTarget } from '../../../src/sources/ssh/config.js';
import { openSession } from '../../../src/sources/ssh/connection.js';
import { connectParamsOf } from '../../../src/sources/ssh/open.js';
import { loadSshConfigs, resolveEnvOf } from '../../../src/sources/ssh/setup.js';
import { makeKey, startFakeNode, type FakeNode, type FakeNodeOptions, type KeyPair } from './fake-node.js';

/** OpenSSH's ssh-keygen is there (openssh-client; CI installs it): tests that call it are skipped without it. */
export const HAVE_SSH_KEYGEN = spawnSync('ssh-keygen', ['-h']).error === undefined;

export interface TempHome {
  dir: string;
  clientKey: KeyPair;
  keyFile: string;
  knownHosts: string;
  cleanup(): void;
}

export function tempHome(): TempHome {
  const dir = mkdtempSync(join(tmpdir(), 'a2g-ssh-'));
  mkdirSync(join(dir, '.ssh'), { mode: 0o700 });
  const clientKey = makeKey();
  const keyFile = join(dir, 'client_key');
  writeFileSync(keyFile, clientKey.private, { mode: 0o600 });
  const knownHosts = join(dir, '.ssh', 'known_hosts');
  writeFileSync(knownHosts, '');
  return { dir, clientKey, keyFile, knownHosts, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Options isolated from the real user and machine: no agent, no ssh_config (nor /etc/ssh/ssh_config), no global known_hosts, no default keys, no prompt. */
export function isolated(h: TempHome, extra: SshOptions = {}): SshOptions {
  return {
    identity: [h.keyFile],
    knownHosts: h.knownHosts,
    globalKnownHosts: [],
    agent: null,
    sshConfigFile: null,
    systemSshConfigFile: null,
    defaultKeys: false,
    askPassphrase: null,
    home: h.dir,
    localUser: 'tester',
    connectTimeoutMs: 3000,
    ...extra,
  };
}

/** One test's fake nodes: a fresh HOME and host key per test; nodes (and whatever onStop adds) stopped after it. */
export interface FakeNodes {
  readonly home: TempHome;
  /** The host key of the nodes started by node() (unless they are given another). */
  readonly hostKey: KeyPair;
  /** Adds the node on `port` with `key` (default: hostKey) to HOME's known_hosts. */
  trust(port: number, key?: KeyPair): void;
  /** Starts a node with hostKey that lets HOME's client key in (both overridable), stopped after the test. */
  node(opts?: Partial<FakeNodeOptions>): Promise<FakeNode>;
  onStop(stop: () => Promise<void> | void): void;
}

/** Call at module level of a test file: registers the beforeEach/afterEach. */
export function useFakeNodes(): FakeNodes {
  let home: TempHome;
  let hostKey: KeyPair;
  const stops: Array<() => Promise<void> | void> = [];
  beforeEach(() => {
    home = tempHome();
    hostKey = makeKey();
  });
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((s) => s()));
    home.cleanup();
  });
  const onStop = (stop: () => Promise<void> | void): void => void stops.push(stop);
  return {
    get home() {
      return home;
    },
    get hostKey() {
      return hostKey;
    },
    trust(port, key = hostKey) {
      const t = key.public.trim().split(/\s+/);
      writeFileSync(home.knownHosts, `${knownHostName('127.0.0.1', port)} ${t[0]} ${t[1]}\n`, { flag: 'a' });
    },
    async node(opts = {}) {
      const n = await startFakeNode({ hostKey, authorized: [home.clientKey.public], ...opts });
      onStop(() => n.close());
      return n;
    },
    onStop,
  };
}

export interface Collected {
  streams: { label: string; text: string }[];
  errors: SourceError[];
  progress: SourceProgress[];
  order: string[];
}

export async function collect(urls: string[], ssh: SshOptions, signal = new AbortController().signal): Promise<Collected> {
  const c: Collected = { streams: [], errors: [], progress: [], order: [] };
  for await (const item of openSshSources(urls, { signal, year: null, ssh, onProgress: (p) => c.progress.push(p) })) {
    if ('chunks' in item) {
      const s = item as SourceStream;
      const parts: Buffer[] = [];
      for await (const ch of s.chunks) parts.push(ch);
      c.streams.push({ label: s.meta.label, text: Buffer.concat(parts).toString('utf8') });
      c.order.push(`stream ${s.meta.label}`);
    } else {
      c.errors.push(item);
      c.order.push(`error ${item.source}`);
    }
  }
  return c;
}

export function lines(text: string): string[] {
  return text.split('\n').filter(Boolean);
}

/**
 * One connection to `url` made as the ssh sources make it (config files, -o settings, keys, host
 * key check), for tests that look at the failure itself: the error thrown, or null when it connected.
 */
export async function connectOnce(url: string, ssh: SshOptions, signal = new AbortController().signal): Promise<unknown> {
  const home = ssh.home ?? homedir();
  const read = loadSshConfigs(ssh, home);
  if (read.error !== null) throw new Error(read.error);
  const env = resolveEnvOf(ssh, home, read.configs, ssh.localUser ?? userInfo().username);
  const target = resolveTarget(parseSshUrl(url), url, env, ssh.jump ?? null);
  try {
    const session = await openSession(target, connectParamsOf(ssh, home, signal));
    session.close();
    return null;
  } catch (e) {
    return e;
  }
}
