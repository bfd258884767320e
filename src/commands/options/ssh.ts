// SSH flags shared by `scan` and the interactive command: one builder, one reader that turns them
// into the `SshOptions` the ssh sources take (`OpenOptions.ssh`). Imports nothing heavy: ssh2 is
// loaded only when an ssh:// source is actually opened.
import type { Argv } from 'yargs';
import { UsageError } from '../../errors.js';
import { validateUnit } from '../../sources/ssh/command.js';
import type { SshOptions } from '../../sources/ssh/options.js';

export interface SshArgs {
  identity?: string[];
  jump?: string;
  knownHosts?: string;
  acceptNewHostKey?: boolean;
  sudo?: boolean;
  concurrency?: number;
  units?: string[];
  allNodes?: boolean;
}

const GROUP = 'SSH options (ssh:// sources):';

export function withSshOptions<T>(y: Argv<T>): Argv<T & SshArgs> {
  return y
    .option('identity', { alias: 'i', type: 'string', array: true, requiresArg: true, group: GROUP, describe: 'private key file (repeatable); else ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa' })
    .option('jump', { type: 'string', requiresArg: true, group: GROUP, describe: 'reach nodes through this host, [user@]host[:port] (like dcos node ssh --master-proxy); beats ProxyJump' })
    .option('known-hosts', { type: 'string', requiresArg: true, group: GROUP, describe: 'known_hosts file (default ~/.ssh/known_hosts)' })
    .option('accept-new-host-key', { type: 'boolean', group: GROUP, describe: 'add keys of hosts never seen to known_hosts (changed keys are still refused)' })
    .option('sudo', { type: 'boolean', group: GROUP, describe: 'run journalctl through `sudo -n` (needs NOPASSWD)' })
    .option('concurrency', { type: 'number', requiresArg: true, default: 8, group: GROUP, describe: 'nodes read at once' })
    .option('units', { type: 'string', array: true, requiresArg: true, group: GROUP, describe: "journal units to read (comma-separated or repeated; default 'dcos-*')" })
    .option('all-nodes', { type: 'boolean', group: GROUP, describe: 'read every master and agent listed by the cluster API (not available yet)' }) as unknown as Argv<T & SshArgs>;
}

export interface ScanTimes {
  /** Milliseconds since the epoch, from the scan flags (already parsed). */
  since: number | null;
  until: number | null;
  follow: boolean;
}

/** Flags → SshOptions; throws UsageError on bad values. */
export function sshOptionsOf(a: SshArgs, scan: ScanTimes): SshOptions {
  const concurrency = a.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new UsageError(`--concurrency: ${String(a.concurrency)} is not a whole number from 1 to 256`, 'e.g. --concurrency 8');
  }
  const units = (a.units ?? []).flatMap((u) => String(u).split(',')).map((u) => u.trim()).filter(Boolean);
  for (const u of units) {
    try {
      validateUnit(u);
    } catch (e) {
      throw new UsageError(`--units: ${(e as Error).message}`);
    }
  }
  if (a.allNodes) throw new UsageError('--all-nodes is not available yet', 'name the nodes: ssh://MASTER ssh://AGENT … (with --jump MASTER for agents)');
  return {
    identity: (a.identity ?? []).map(String),
    jump: a.jump ?? null,
    knownHosts: a.knownHosts ?? null,
    acceptNewHostKey: !!a.acceptNewHostKey,
    sudo: !!a.sudo,
    concurrency,
    units: units.length ? units : ['dcos-*'],
    since: scan.since === null ? null : new Date(scan.since).toISOString(),
    until: scan.until === null ? null : new Date(scan.until).toISOString(),
    follow: scan.follow,
  };
}
