// Where and as whom to connect: an `ssh://[user@]host[:port]` spec, `--jump`, and ~/.ssh/config
// (HostName, User, Port, IdentityFile, ProxyJump) resolved through the ssh-config library, with
// OpenSSH's precedence: what the command line says beats the config file, which beats defaults.
// ProxyCommand is not run (yet): a host that OpenSSH would reach through one is refused, never
// connected to directly (docs/sources.md).
import SSHConfig from 'ssh-config';

export interface HostSpec {
  host: string;
  user: string | null;
  port: number | null;
}

/** A resolved destination: where to connect, as whom, with which keys, through which hops. */
export interface SshTarget {
  /** What the user named (`ssh://m1`), for progress and errors. */
  label: string;
  /** The name as given (alias); known_hosts is checked for this name and for `hostname`. */
  alias: string;
  /** The address to connect to (config HostName, else the alias). */
  hostname: string;
  port: number;
  user: string;
  /** From ~/.ssh/config, `~` expanded. */
  identityFiles: string[];
  /** Hops, first one first (`--jump`, else ProxyJump). */
  jumps: SshTarget[];
}

export interface ResolveEnv {
  config: SSHConfig | null;
  /** Where `config` came from, for messages (default `~/.ssh/config`). */
  configFile?: string;
  /** Local user name, the default remote user. */
  localUser: string;
  home: string;
}

function badSpec(spec: string, why: string): Error {
  return new Error(`invalid SSH destination ${JSON.stringify(spec)}: ${why}`);
}

function parsePort(text: string, spec: string): number {
  const n = Number(text);
  if (!/^\d{1,5}$/.test(text) || n < 1 || n > 65535) throw badSpec(spec, `bad port ${JSON.stringify(text)}`);
  return n;
}

const HOST_RE = /^[A-Za-z0-9._:%-]+$/;

function checkHost(host: string, spec: string): string {
  if (!host || !HOST_RE.test(host) || host.startsWith('-')) throw badSpec(spec, 'bad host name');
  return host;
}

/** `ssh://[user@]host[:port]` (IPv6 in brackets). */
export function parseSshUrl(spec: string): HostSpec {
  if (!spec.startsWith('ssh://')) throw badSpec(spec, 'expected ssh://[user@]host[:port]');
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw badSpec(spec, 'expected ssh://[user@]host[:port]');
  }
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash || url.password) {
    throw badSpec(spec, 'only ssh://[user@]host[:port] is understood');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host: checkHost(host, spec),
    user: url.username ? decodeURIComponent(url.username) : null,
    port: url.port ? parsePort(url.port, spec) : null,
  };
}

/** `[user@]host[:port]` as in `--jump` and ProxyJump (also accepts the `ssh://` form). */
export function parseHopSpec(spec: string): HostSpec {
  if (spec.startsWith('ssh://')) return parseSshUrl(spec);
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d+))?$/.exec(spec);
  if (!m) throw badSpec(spec, 'expected [user@]host[:port]');
  return { user: m[1] ?? null, host: checkHost(m[2].replace(/^\[(.*)\]$/, '$1'), spec), port: m[3] ? parsePort(m[3], spec) : null };
}

function expandPath(p: string, env: ResolveEnv, host: string, user: string): string {
  let out = p.replace(/%d/g, env.home).replace(/%h/g, host).replace(/%r/g, user).replace(/%u/g, env.localUser).replace(/%%/g, '%');
  if (out === '~' || out.startsWith('~/')) out = env.home + out.slice(1);
  return out;
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function parseSshConfig(text: string): SSHConfig {
  return SSHConfig.parse(text);
}

/**
 * Resolve one destination. `jumpOverride` (from `--jump`) replaces ProxyJump like `ssh -J` does;
 * jump hosts are resolved through the config too (their own HostName/User/Port/IdentityFile).
 */
export function resolveTarget(spec: HostSpec, label: string, env: ResolveEnv, jumpOverride: string | null, depth = 0): SshTarget {
  return resolve(spec, label, env, jumpOverride, depth, jumpOverride === null ? 'host' : null);
}

type Computed = Record<string, string | string[]>;

/**
 * The ProxyCommand OpenSSH would run to reach this host, or null. Of ProxyCommand and ProxyJump
 * the first one obtained wins, `none` included (ssh_config(5)); ssh-config's computed object keeps
 * the order keys were first obtained in.
 */
function effectiveProxyCommand(c: Computed): string | null {
  const keys = Object.keys(c);
  const cmd = keys.indexOf('proxycommand');
  if (cmd < 0) return null;
  const jump = keys.indexOf('proxyjump');
  if (jump >= 0 && jump < cmd) return null;
  const value = one(c.proxycommand)?.trim() ?? '';
  return value === '' || value.toLowerCase() === 'none' ? null : value;
}

/**
 * `direct`: OpenSSH would reach this host by itself, so its own ProxyCommand would apply: the
 * destination without `--jump`, and the first hop of a chain (later hops are reached through the
 * chain, which replaces theirs).
 */
function resolve(spec: HostSpec, label: string, env: ResolveEnv, jumpOverride: string | null, depth: number, direct: 'host' | 'jump host' | null): SshTarget {
  if (depth > 8) throw new Error(`ProxyJump chain for ${label} is too long (a loop in ~/.ssh/config?)`);
  const c: Computed = env.config ? env.config.compute(spec.host, { ignoreCase: true, matchExec: false }) : {};
  if (direct && effectiveProxyCommand(c) !== null) {
    const file = env.configFile ?? '~/.ssh/config';
    throw new Error(
      `${file} sets ProxyCommand for ${direct} ${spec.host}, which audit2grant does not run: refusing to connect without it (that could reach another machine); use -J/--jump [user@]host[:port], or ProxyJump in ${file}, to go through a jump host`,
    );
  }
  const hostname = (one(c.hostname) ?? spec.host).replace(/%h/g, spec.host);
  const user = spec.user ?? one(c.user) ?? env.localUser;
  const port = spec.port ?? (one(c.port) ? parsePort(one(c.port)!, label) : 22);
  const files = c.identityfile ? (Array.isArray(c.identityfile) ? c.identityfile : [c.identityfile]) : [];
  const identityFiles = files.filter((f) => f.toLowerCase() !== 'none').map((f) => expandPath(f, env, hostname, user));
  const jumpText = jumpOverride ?? one(c.proxyjump) ?? null;
  const jumps: SshTarget[] = [];
  if (jumpText && jumpText.toLowerCase() !== 'none') {
    for (const hop of jumpText.split(',').map((s) => s.trim()).filter(Boolean)) {
      // A hop's own ProxyJump is ignored when it is part of an explicit chain, as OpenSSH does.
      const t = resolve(parseHopSpec(hop), `jump ${hop}`, env, 'none', depth + 1, jumps.length === 0 ? 'jump host' : null);
      jumps.push(t);
    }
  }
  return { label, alias: spec.host, hostname, port, user, identityFiles, jumps };
}
