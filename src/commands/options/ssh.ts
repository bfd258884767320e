// SSH flags shared by `scan` and the interactive command: one builder, one reader that turns them
// into the `SshOptions` the ssh sources take (`OpenOptions.ssh`). Pure: parses and checks, no I/O
// (`--all-nodes` is expanded by the handlers, commands/live-input.ts). Imports nothing heavy: ssh2
// is loaded only when an ssh:// source is actually opened.
import type { Argv } from 'yargs';
import { UsageError } from '../../errors.js';
import { validateUnit } from '../../sources/ssh/command.js';
import type { SshOptions } from '../../sources/ssh/options.js';
import { withClusterConnectionOptions, type ClusterArgs } from './cluster.js';
import { O_KEYS, parseSshOptionFlags } from './ssh-o.js';

export interface SshArgs {
  identity?: string[];
  jump?: string;
  /** `-p PORT`. */
  p?: string;
  /** `-o Key=Value`, repeatable. */
  o?: string[];
  /** `-F FILE`. */
  F?: string;
  knownHosts?: string;
  acceptNewHostKey?: boolean;
  sudo?: boolean;
  /** `--concurrency`: as typed (checked by sshOptionsOf); a number from code. */
  concurrency?: string | number;
  units?: string[];
  allNodes?: boolean;
}

const GROUP = 'SSH options (ssh:// sources):';

export function withSshOptions<T>(y: Argv<T>): Argv<T & SshArgs> {
  return y
    // nargs 1: `-i KEY ssh://host` must leave the host a source, as with ssh.
    .option('identity', { alias: 'i', type: 'string', array: true, nargs: 1, requiresArg: true, group: GROUP, describe: 'private key file (repeatable; = -o IdentityFile); else ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa' })
    .option('jump', { alias: 'J', type: 'string', requiresArg: true, group: GROUP, describe: 'reach nodes through this host, [user@]host[:port] (comma-separated chain; = -o ProxyJump; like dcos node ssh --master-proxy); beats ProxyJump and ProxyCommand from ssh_config' })
    .option('p', { type: 'string', requiresArg: true, group: GROUP, describe: 'port of ssh:// sources that name none (= -o Port)' })
    .option('o', { type: 'string', array: true, nargs: 1, requiresArg: true, group: GROUP, describe: `OpenSSH option Key=Value (repeatable): ${O_KEYS.join(', ')}` })
    .option('F', { type: 'string', requiresArg: true, group: GROUP, describe: 'ssh_config file to read instead of ~/.ssh/config and /etc/ssh/ssh_config (none: no config)' })
    .option('known-hosts', { type: 'string', requiresArg: true, group: GROUP, describe: 'known_hosts file (= -o UserKnownHostsFile; default ~/.ssh/known_hosts)' })
    .option('accept-new-host-key', { type: 'boolean', group: GROUP, describe: 'add keys of hosts never seen to known_hosts (= -o StrictHostKeyChecking=accept-new; changed keys are still refused)' })
    .option('sudo', { type: 'boolean', group: GROUP, describe: 'run journalctl through `sudo -n` (needs NOPASSWD)' })
    // A string, checked here: yargs turns `--concurrency abc` into NaN, and the error should say `abc`.
    .option('concurrency', { type: 'string', requiresArg: true, group: GROUP, describe: 'nodes read at once, ssh:// and dcos:// sources (default 8)' })
    .option('units', { type: 'string', array: true, nargs: 1, requiresArg: true, group: GROUP, describe: "journal units ssh:// sources read (comma-separated or repeated; default 'dcos-*'); dcos:// sources always read the audit-writing units" })
    .option('all-nodes', { type: 'boolean', group: GROUP, describe: 'also read every master and agent the cluster API lists (cluster flags as for grant), through --jump (default: core.ssh_proxy_ip, else the cluster URL host) as the --jump user, else core.ssh_user, else centos; --jump none = direct' }) as unknown as Argv<T & SshArgs>;
}

export interface ScanTimes {
  /** Milliseconds since the epoch, from the scan flags (already parsed). */
  since: number | null;
  until: number | null;
  follow: boolean;
}

/** Flags → SshOptions; throws UsageError on bad values. */
export function sshOptionsOf(a: SshArgs, scan: ScanTimes): SshOptions {
  const given = a.concurrency === undefined ? '8' : String(a.concurrency).trim();
  const concurrency = /^\d{1,3}$/.test(given) ? Number(given) : NaN;
  if (!(concurrency >= 1 && concurrency <= 256)) {
    throw new UsageError(`--concurrency: ${JSON.stringify(String(a.concurrency))} is not a whole number from 1 to 256`, 'e.g. --concurrency 8');
  }
  const units = (a.units ?? []).flatMap((u) => String(u).split(',')).map((u) => u.trim()).filter(Boolean);
  for (const u of units) {
    try {
      validateUnit(u);
    } catch (e) {
      throw new UsageError(`--units: ${(e as Error).message}`);
    }
  }
  return {
    ...openSshFlags(a),
    sudo: !!a.sudo,
    concurrency,
    units: units.length ? units : ['dcos-*'],
    since: scan.since === null ? null : new Date(scan.since).toISOString(),
    until: scan.until === null ? null : new Date(scan.until).toISOString(),
    follow: scan.follow,
  };
}

function agree<T>(what: string, a: T | undefined, b: T | undefined): T | undefined {
  if (a !== undefined && b !== undefined && JSON.stringify(a) !== JSON.stringify(b)) throw new UsageError(`${what} disagree`, 'give it once');
  return a ?? b;
}

/** The OpenSSH-spelled flags (-i, -J, -p, -o, -F) and their audit2grant spellings, merged; conflicting values are a usage error. */
function openSshFlags(a: SshArgs): SshOptions {
  const o = parseSshOptionFlags((a.o ?? []).map(String));
  let port: number | undefined;
  if (a.p !== undefined) {
    const n = Number(a.p);
    if (!/^\d{1,5}$/.test(String(a.p)) || n < 1 || n > 65535) throw new UsageError(`-p: ${JSON.stringify(String(a.p))} is not a port`, 'e.g. -p 2222');
    port = n;
  }
  const jump = agree('-J/--jump and -o ProxyJump', a.jump, o.jump);
  if (jump !== undefined && o.proxyCommand != null) throw new UsageError('-J/--jump and -o ProxyCommand cannot be used together (as with ssh)', 'give one way to reach the nodes');
  const knownHosts = agree('--known-hosts and -o UserKnownHostsFile', a.knownHosts === undefined ? undefined : [String(a.knownHosts)], o.knownHosts == null ? undefined : [o.knownHosts].flat());
  const acceptNewHostKey = agree('--accept-new-host-key and -o StrictHostKeyChecking', a.acceptNewHostKey ? true : undefined, o.acceptNewHostKey);
  const { identity: oIdentity, jump: _j, ...rest } = o;
  const out: SshOptions = {
    ...rest,
    identity: [...(a.identity ?? []).map(String), ...oIdentity],
    jump: jump ?? null,
    knownHosts: knownHosts ?? null,
    port: agree('-p and -o Port', port, o.port ?? undefined) ?? null,
  };
  if (acceptNewHostKey !== undefined) out.acceptNewHostKey = acceptNewHostKey;
  if (a.F !== undefined) out.sshConfigFile = String(a.F).toLowerCase() === 'none' ? null : String(a.F);
  return out;
}

/** `scan`'s live-source flags: the SSH flags and, for `--all-nodes`, which cluster and credentials. */
export function withScanSshOptions<T>(y: Argv<T>): Argv<T & SshArgs & ClusterArgs> {
  return withSshOptions(withClusterConnectionOptions(y));
}
