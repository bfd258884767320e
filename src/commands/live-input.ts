// The live sources of `scan` and the interactive command, resolved by their handlers (the option
// builders in options/ only parse and check flags): the SSH options, `--all-nodes` expanded into
// ssh:// sources by asking the cluster API (network I/O, so here and not in a builder), and the
// dcos:// sources' cluster and credentials.
import { OperationalError, UsageError } from '../errors.js';
import type { DcosOptions } from '../sources/dcos/options.js';
import type { SshOptions } from '../sources/ssh/options.js';
import { dcosSourceInput } from './dcos-input.js';
import { clusterFlags, type ClusterArgs } from './options/cluster.js';
import { sshOptionsOf, type ScanTimes, type SshArgs } from './options/ssh.js';

export interface AllNodesIo {
  signal: AbortSignal;
  /** Where the discovered list and warnings go (default process.stderr). */
  stderr?: { write(s: string): unknown };
  env?: NodeJS.ProcessEnv;
}

/**
 * `--all-nodes`: list the cluster's nodes through its API (the grant credentials) and append them
 * to `sources` as ssh://USER@IP, with the jump host they are reached through; the list goes to
 * stderr. Without the flag, returns its arguments unchanged. The discovery code loads only here.
 */
export async function withAllNodes(a: SshArgs & ClusterArgs, sources: readonly string[], ssh: SshOptions, io: AllNodesIo): Promise<{ sources: string[]; ssh: SshOptions }> {
  if (!a.allNodes) return { sources: [...sources], ssh };
  const { discoverNodes } = await import('../sources/ssh/discover.js');
  const found = await discoverNodes({ flags: clusterFlags(a), jump: ssh.jump ?? (ssh.proxyCommand != null ? 'none' : null), sources, env: io.env, signal: io.signal });
  const err = io.stderr ?? process.stderr;
  for (const w of found.warnings) err.write(`audit2grant: warning: ${w}\n`);
  err.write(`audit2grant: ${found.summary}\n`);
  if (found.list) err.write(`audit2grant:   ${found.list}\n`);
  if (found.nodes.length === 0) {
    const msg = 'the cluster API listed no node to read';
    if (sources.length === 0) throw new OperationalError(msg, 'check the cluster URL, or name the nodes as ssh://HOST sources');
    err.write(`audit2grant: warning: ${msg}\n`);
  }
  // -o ProxyCommand reaches each node by itself: no default jump host then.
  return { sources: [...sources, ...found.specs], ssh: { ...ssh, jump: ssh.proxyCommand != null ? ssh.jump : found.jump } };
}

export interface LiveInput {
  /** The sources named, plus the nodes `--all-nodes` found. */
  sources: string[];
  ssh: SshOptions;
  /** Undefined when no source is a dcos:// one. */
  dcos: DcosOptions | undefined;
}

/** SSH flags checked, `--all-nodes` expanded, dcos:// cluster resolved: in this order, so the first bad flag is the error. */
export async function liveSourceInput(a: SshArgs & ClusterArgs & { uid?: string[] }, sources: readonly string[], times: ScanTimes, signal: AbortSignal): Promise<LiveInput> {
  await checkSshSpecs(sources);
  const live = await withAllNodes(a, sources, sshOptionsOf(a, times), { signal });
  const dcos = await dcosSourceInput(a, live.sources, live.ssh.concurrency);
  return { ...live, dcos };
}

/**
 * An ssh:// source that is no `ssh://[user@]host[:port]` is a usage error (2), as a dcos:// one is,
 * not a source that failed to be read (1). Its message quotes it with any password hidden.
 */
async function checkSshSpecs(sources: readonly string[]): Promise<void> {
  const specs = sources.filter((s) => s.startsWith('ssh://'));
  if (!specs.length) return;
  const { parseSshUrl } = await import('../sources/ssh/config.js');
  for (const s of specs) {
    try {
      parseSshUrl(s);
    } catch (e) {
      throw new UsageError((e as Error).message, 'an SSH source is ssh://[user@]host[:port] (keys from -i, ssh-agent or the default ones), e.g. ssh://core@10.0.0.1');
    }
  }
}
