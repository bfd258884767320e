// `--all-nodes`: ask the cluster API for its masters and agents (with the same credentials as
// grant: flags, environment, DC/OS CLI config) and turn them into `ssh://USER@IP` sources read
// through a jump host, the way `dcos node ssh --master-proxy` reaches them.
//
// Defaults, as the DC/OS CLI has them:
// - SSH user: the user of `--jump` if it names one (same user on both hops), else `core.ssh_user`
//   from the DC/OS CLI config of that cluster, else `centos` (CLI ≥ 2.1; older CoreOS clusters use `core`).
// - Jump host: `--jump`, else `core.ssh_proxy_ip`, else the cluster URL's host. `--jump none`
//   connects to the nodes directly (e.g. when running on a master).
import { OperationalError, UsageError } from '../../errors.js';
import { IamSession } from '../../cluster/auth.js';
import { resolveCluster, sameCluster, type ClusterFlags } from '../../cluster/credentials.js';
import { loadDcosConfig } from '../../cluster/dcosConfig.js';
import { secondsFromEnv } from '../../cluster/env-limit.js';
import { DEADLINE_ENV, HttpClient } from '../../cluster/http.js';
import { listClusterNodes, type ClusterNode } from '../../cluster/nodes.js';
import { parseHopSpec, parseSshUrl } from './config.js';

export const DEFAULT_SSH_USER = 'centos';

export interface DiscoverOptions {
  flags: ClusterFlags;
  /** `--jump` as given; null = the default jump host. */
  jump: string | null;
  /** Sources the user named: a node already named as ssh://… is not added twice. */
  sources?: readonly string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** HTTP knobs (tests). */
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
}

export interface Discovery {
  nodes: ClusterNode[];
  /** `ssh://USER@IP` for every node not already among the sources, masters first. */
  specs: string[];
  /** The jump to use (`--jump` syntax; `none` = direct). */
  jump: string;
  user: string;
  /** Which API answered. */
  via: string;
  /** Skipped entries, fallbacks, TLS warnings: for stderr. */
  warnings: string[];
  /** For stderr: `discovered 3 masters, 5 agents (2 public) …` and the list of addresses. */
  summary: string;
  list: string;
}

export interface SshDefaults {
  user: string;
  jump: string;
}

/** The SSH user and jump host for discovered nodes (see the header comment for the order). */
export function sshDefaults(jumpFlag: string | null, clusterUrl: string, cfg: { sshUser?: string | null; sshProxyIp?: string | null } | null): SshDefaults {
  const configured = cfg?.sshUser || null;
  if (jumpFlag) {
    const hops = jumpFlag.split(',').map((s) => s.trim()).filter(Boolean);
    const lastHop = hops.at(-1);
    const last = lastHop !== undefined && lastHop.toLowerCase() !== 'none' ? parseHopSpec(lastHop) : null;
    return { user: last?.user ?? configured ?? DEFAULT_SSH_USER, jump: jumpFlag };
  }
  const user = configured ?? DEFAULT_SSH_USER;
  const host = cfg?.sshProxyIp || new URL(clusterUrl).hostname;
  return { user, jump: `${user}@${bracket(host)}` };
}

function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** `ssh://USER@IP` (IPv6 in brackets; the user percent-encoded so it cannot change the URL). */
export function nodeSpec(user: string, ip: string): string {
  return `ssh://${encodeURIComponent(user)}@${bracket(ip)}`;
}

function hostOf(source: string): string | null {
  if (!source.startsWith('ssh://')) return null;
  try {
    return parseSshUrl(source).host.toLowerCase();
  } catch {
    return null;
  }
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function summarize(nodes: readonly ClusterNode[], via: string, d: SshDefaults): { summary: string; list: string } {
  const of = (role: ClusterNode['role']) => nodes.filter((n) => n.role === role).map((n) => n.ip);
  const [masters, agents, pub] = [of('master'), of('agent'), of('agent_public')];
  const agentCount = agents.length + pub.length;
  const how = d.jump.toLowerCase() === 'none' ? `directly as ${d.user}` : `as ${d.user} through ${d.jump}`;
  const summary =
    `discovered ${plural(masters.length, 'master', 'masters')}, ${plural(agentCount, 'agent', 'agents')}` +
    `${pub.length ? ` (${pub.length} public)` : ''} (${via}); reading them over SSH ${how}`;
  const parts = [
    masters.length ? `masters ${masters.join(' ')}` : null,
    agents.length ? `agents ${agents.join(' ')}` : null,
    pub.length ? `public agents ${pub.join(' ')}` : null,
  ].filter(Boolean);
  return { summary, list: parts.join('; ') };
}

/** List the cluster's nodes and turn them into ssh:// sources. Throws UsageError / OperationalError with a hint. */
export async function discoverNodes(o: DiscoverOptions): Promise<Discovery> {
  const env = o.env ?? process.env;
  let resolved;
  try {
    resolved = resolveCluster(o.flags, env, { needAuth: true });
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`--all-nodes lists the nodes through the cluster API, but ${e.message}`, e.hint);
    throw e;
  }
  const clusterUrl = resolved.clusterUrl as string;
  let cfg = null;
  try {
    const c = loadDcosConfig(env);
    // The config's SSH settings belong to its own cluster only.
    if (c && sameCluster(c.dcosUrl, clusterUrl)) cfg = c;
  } catch {
    /* a broken DC/OS CLI config was already reported by resolveCluster when it mattered */
  }
  let defaults: SshDefaults;
  try {
    defaults = sshDefaults(o.jump, clusterUrl, cfg);
  } catch (e) {
    throw new UsageError(`--jump: ${(e as Error).message}`, 'e.g. --jump centos@MASTER_PUBLIC_IP');
  }

  // AUDIT2GRANT_IAM_DEADLINE bounds these requests as it does every request to the cluster API.
  const deadlineMs = secondsFromEnv(env, DEADLINE_ENV);
  const http = new HttpClient({ baseUrl: clusterUrl, tls: resolved.tls, signal: o.signal, timeoutMs: o.timeoutMs, retries: o.retries, backoffMs: o.backoffMs, deadlineMs });
  let listing;
  try {
    listing = await listClusterNodes(new IamSession(http, resolved.login!));
  } catch (e) {
    // Say which step failed: the same 401 text also comes from grant.
    if (e instanceof OperationalError && !o.signal?.aborted) throw new OperationalError(`--all-nodes: listing the nodes of ${clusterUrl}: ${e.message}`, e.hint);
    throw e;
  } finally {
    http.close();
  }
  const named = new Set((o.sources ?? []).map(hostOf).filter((h): h is string => h !== null));
  const specs = listing.nodes.filter((n) => !named.has(n.ip.toLowerCase())).map((n) => nodeSpec(defaults.user, n.ip));
  return {
    nodes: listing.nodes,
    specs,
    ...defaults,
    via: listing.via,
    warnings: [...resolved.warnings, ...listing.warnings],
    ...summarize(listing.nodes, listing.via, defaults),
  };
}
