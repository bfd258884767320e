// Where and as whom to connect: an `ssh://[user@]host[:port]` spec, `-J/--jump`, `-o`/`-p`, and
// ssh_config (ssh-config/*) resolved with OpenSSH's precedence: the spec beats the command line,
// which beats the config files, which beat defaults. A hop is resolved like OpenSSH's own `ssh -W`
// for it: the first hop of a chain reads its own ProxyJump/ProxyCommand (recursively), later hops
// are reached through the chain.
import { redactUrls } from '../../core/redact.js';
import { evaluate, type Evaluated } from './ssh-config/evaluate.js';
import { configFromText, type LoadedConfig } from './ssh-config/load.js';
import { firstArg, type ConfigLine } from './ssh-config/parse.js';
import { expandEnv, expandTilde, expandTokens } from './ssh-config/tokens.js';
import { parseDuration, yesNo } from './ssh-config/values.js';
import { knownHostName } from './known-hosts.js';

export interface HostSpec {
  host: string;
  user: string | null;
  port: number | null;
}

/** How a hop's host key is checked (known-hosts.ts, host-key-check.ts). */
export interface HostKeyPolicy {
  /** The name keys are stored under: HostKeyAlias, else the HostName (`[name]:port` off port 22), as OpenSSH does. */
  name: string;
  /** UserKnownHostsFile: read, and the first one gets new keys. */
  userFiles: string[];
  /** GlobalKnownHostsFile: read only. */
  globalFiles: string[];
  /** StrictHostKeyChecking accept-new (`no` is read as accept-new: checking is never off). */
  acceptNew: boolean;
  /** HashKnownHosts: new keys are written hashed. */
  hash: boolean;
}

/** A resolved destination: where to connect, as whom, with which keys, through which hops. */
export interface SshTarget {
  /** What the user named (`ssh://m1`), for progress and errors. */
  label: string;
  /** The name as given (alias). */
  alias: string;
  /** The address to connect to (HostName, else the alias), lower-cased as OpenSSH does. */
  hostname: string;
  port: number;
  user: string;
  /** IdentityFile entries, expanded. */
  identityFiles: string[];
  /** IdentitiesOnly: the agent may offer only keys of the identity files. */
  identitiesOnly: boolean;
  /** ConnectTimeout, or null for the default. */
  connectTimeoutMs: number | null;
  /** ProxyCommand to run instead of connecting (expanded; only on the first hop) and where it was set, or null. */
  proxyCommand: { command: string; from: string } | null;
  hostKey: HostKeyPolicy;
  /** Hops, first one first (`--jump`, else ProxyJump). */
  jumps: SshTarget[];
}

export interface ResolveEnv {
  /** Config files in OpenSSH's order: the user's (or `-F`), then the system file. */
  configs: LoadedConfig[];
  /** Command-line settings of the destination only (`-p`, `-o Port/User/HostName/HostKeyAlias/ProxyCommand`). */
  destination?: ConfigLine[];
  /** Command-line settings for every hop (`--known-hosts`, `--accept-new-host-key`, `-o IdentitiesOnly`, …). */
  everyHop?: ConfigLine[];
  /** Local user name, the default remote user. */
  localUser: string;
  home: string;
  /** For `${VAR}` in file names (default: none set). */
  env?: Record<string, string | undefined>;
  /** Local host name, for `%l` (`%L` is its first label). */
  localHost?: string;
  /** `-o ConnectTimeout` (ms): beats ConnectTimeout from the config, for every hop. */
  connectTimeoutMs?: number;
  /** Receives notes (a `Match exec` not run, …); the caller deduplicates. */
  note?: (text: string) => void;
}

function badSpec(spec: string, why: string): Error {
  // The spec is quoted back, so a password typed into it is hidden first.
  return new Error(`invalid SSH destination ${JSON.stringify(redactUrls(spec))}: ${why}`);
}

export function parsePort(text: string, spec: string): number {
  const n = Number(text);
  if (!/^\d{1,5}$/.test(text) || n < 1 || n > 65535) throw badSpec(spec, `bad port ${JSON.stringify(text)}`);
  return n;
}

// Host names reach a shell as `%h` in ProxyCommand: no character a shell would interpret.
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
  if (url.password) throw badSpec(spec, 'a password in the URL is not used: SSH logs in with keys (-i FILE, ssh-agent, the default keys)');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) {
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
  const [, user, host = '', port] = m;
  return { user: user ?? null, host: checkHost(host.replace(/^\[(.*)\]$/, '$1'), spec), port: port ? parsePort(port, spec) : null };
}

/** A config from text (tests, and the command line's `-o` lines). */
export function parseSshConfig(text: string, path = 'config'): LoadedConfig {
  return configFromText(text, path);
}

const where = (l: ConfigLine): string => (l.line ? `${l.file} line ${l.line}` : l.file);

function flag(l: ConfigLine | undefined, dflt: boolean): boolean {
  if (!l) return dflt;
  const arg = firstArg(l);
  const v = yesNo(arg);
  if (v === null) throw new Error(`${where(l)}: ${l.keyword} must be yes or no, not ${JSON.stringify(arg)}`);
  return v;
}

/**
 * StrictHostKeyChecking → accept new keys? `no`/`off` is read as accept-new, with a note that says
 * what that means with the first UserKnownHostsFile (`addTo`): with `/dev/null` or none, no key is
 * ever recorded, so no new key is taken at all (host-key-check.ts; docs/sources.md, "Known hosts").
 */
function acceptNewOf(l: ConfigLine | undefined, addTo: string | null, note: (t: string) => void): boolean {
  if (!l) return false;
  const v = firstArg(l).toLowerCase();
  if (v === 'yes' || v === 'true' || v === 'ask') return false;
  if (v === 'accept-new') return true;
  if (v === 'no' || v === 'off' || v === 'false') {
    note(
      addTo === null || addTo === '/dev/null'
        ? `${where(l)}: StrictHostKeyChecking ${l.args[0]} is read as accept-new, but UserKnownHostsFile ${addTo ?? 'none'} keeps no key: ` +
            'a host is reached only when its key is already in a known_hosts file, and a changed key is refused (OpenSSH would accept any key on every run; audit2grant never turns host key checking off)'
        : `${where(l)}: StrictHostKeyChecking ${l.args[0]} is read as accept-new: audit2grant adds keys of new hosts to ${addTo} (if it keeps what is written: a regular file, not a device) but never turns host key checking off (a changed key is still refused)`,
    );
    return true;
  }
  throw new Error(`${where(l)}: StrictHostKeyChecking must be yes, accept-new, no or ask, not ${JSON.stringify(l.args[0])}`);
}

// Characters a shell treats specially; a %-token put into a ProxyCommand may not hold any.
const SHELL_SAFE = /^[A-Za-z0-9._@:%+=,/-]*$/;

interface Hop {
  spec: HostSpec;
  label: string;
  depth: number;
  isDestination: boolean;
  /** A later hop of a chain: reached through the previous one, its own proxy settings do not apply. */
  throughChain: boolean;
}

function expandProxyCommand(l: ConfigLine, t: { hostname: string; port: number; user: string; alias: string }): string {
  const tokens = { h: t.hostname, p: String(t.port), r: t.user, n: t.alias };
  for (const [k, v] of Object.entries(tokens)) {
    if (l.rest.includes(`%${k}`) && !SHELL_SAFE.test(v)) {
      throw new Error(`${where(l)}: refusing to put ${JSON.stringify(v)} into ProxyCommand as %${k}: it holds characters the shell would interpret`);
    }
  }
  return expandTokens(l.rest, tokens, `${where(l)}: ProxyCommand`);
}

function resolveHop(h: Hop, env: ResolveEnv, jumpOverride: string | null): SshTarget {
  if (h.depth > 8) throw new Error(`ProxyJump chain for ${h.label} is too long (a loop in the SSH config?)`);
  const note = env.note ?? (() => undefined);
  const commandLine = [...(h.isDestination ? (env.destination ?? []) : []), ...(env.everyHop ?? [])];
  const ev: Evaluated = evaluate(commandLine, env.configs, { host: h.spec.host, user: h.spec.user, localUser: env.localUser });
  ev.notes.forEach(note);
  const v = (k: string): ConfigLine | undefined => ev.first.get(k);

  const hn = v('hostname');
  const hostname = checkHost((hn ? expandTokens(firstArg(hn), { h: h.spec.host }, `${where(hn)}: HostName`) : h.spec.host).toLowerCase(), h.label);
  const portLine = v('port');
  const port = h.spec.port ?? (portLine ? parsePort(firstArg(portLine), h.label) : 22);
  const user = h.spec.user ?? v('user')?.args[0] ?? env.localUser;
  // OpenSSH lower-cases HostKeyAlias like the HostName (`ssh -G` shows it).
  const aliasLine = v('hostkeyalias');
  const alias = aliasLine ? firstArg(aliasLine).toLowerCase() : null;
  const local = env.localHost ?? 'localhost';
  const tokens = {
    d: env.home,
    h: hostname,
    i: String(process.getuid?.() ?? 0),
    k: alias ?? h.spec.host,
    L: local.split('.')[0] ?? local,
    l: local,
    n: h.spec.host,
    p: String(port),
    r: user,
    u: env.localUser,
  };
  const file = (text: string, l: ConfigLine): string => expandEnv(expandTokens(expandTilde(text, env.home), tokens, `${where(l)}: ${l.keyword}`), env.env ?? {}, where(l));
  const files = (l: ConfigLine | undefined, dflt: string[]): string[] => {
    if (!l) return dflt.map((f) => expandTilde(f, env.home));
    return l.args.some((a) => a.toLowerCase() === 'none') ? [] : l.args.map((a) => file(a, l));
  };

  const identityFiles = ev.identityFiles.map((l) => ({ l, path: firstArg(l) })).filter(({ path }) => path.toLowerCase() !== 'none').map(({ l, path }) => file(path, l));
  const ct = v('connecttimeout');
  const userFiles = files(v('userknownhostsfile'), ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']);
  const target: SshTarget = {
    label: h.label,
    alias: h.spec.host,
    hostname,
    port,
    user,
    identityFiles,
    identitiesOnly: flag(v('identitiesonly'), false),
    connectTimeoutMs: env.connectTimeoutMs ?? (ct ? parseDuration(firstArg(ct), `${where(ct)}: ConnectTimeout`) : null),
    proxyCommand: null,
    hostKey: {
      name: alias ?? knownHostName(hostname, port),
      userFiles,
      globalFiles: files(v('globalknownhostsfile'), ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']),
      acceptNew: acceptNewOf(v('stricthostkeychecking'), userFiles[0] ?? null, note),
      hash: flag(v('hashknownhosts'), false),
    },
    jumps: [],
  };

  let jumpText: string | null = jumpOverride;
  if (jumpText === null && !h.throughChain && ev.proxy) {
    // ProxyCommand is handed to the shell as written (a `#` in it is the shell's business).
    if (ev.proxy.keyword === 'proxyjump') jumpText = ev.proxy.rest.replace(/#.*$/, '').trim();
    else if (ev.proxy.rest.trim().toLowerCase() !== 'none') {
      const fd = v('proxyusefdpass');
      if (flag(fd, false)) throw new Error(`${where(fd!)}: ProxyUseFdpass is not supported by audit2grant (its ProxyCommand must relay the connection on stdin/stdout)`);
      target.proxyCommand = { command: expandProxyCommand(ev.proxy, target), from: where(ev.proxy) };
    }
  }
  if (jumpText && jumpText.toLowerCase() !== 'none') {
    const hops = jumpText.split(',').map((s) => s.trim()).filter(Boolean);
    hops.forEach((hop, i) => {
      const t = resolveHop({ spec: parseHopSpec(hop), label: `jump ${hop}`, depth: h.depth + 1, isDestination: false, throughChain: i > 0 }, env, null);
      // The first hop is reached as OpenSSH's `ssh -W` reaches it, through its own hops if it has any.
      target.jumps.push(...t.jumps, { ...t, jumps: [] });
    });
  }
  return target;
}

/**
 * Resolve one destination. `jumpOverride` (`-J/--jump`) replaces ProxyJump and ProxyCommand like
 * `ssh -J` does (`none`: connect directly).
 */
export function resolveTarget(spec: HostSpec, label: string, env: ResolveEnv, jumpOverride: string | null): SshTarget {
  return resolveHop({ spec, label, depth: 0, isDestination: true, throughChain: false }, env, jumpOverride);
}
