// dcos:// specs → the nodes to read and where their logging API is (docs/logging-api.md):
// masters at their own address (no route reaches a non-leading master), the leader through
// Admin Router's leader route, agents through the agent route. Masters come from Mesos-DNS (what
// `dcos node list` uses), else the system health API; agents from Mesos. Every address and id
// comes from the network and is validated before it goes into a URL.
import { isIP } from 'node:net';
import { AuthError } from '../../cluster/auth.js';
import { BODY_TOO_LARGE, LISTING_BODY_BYTES } from '../../cluster/httpAttempt.js';
import { safeText } from '../../core/text.js';
import type { SourceError } from '../../core/types.js';
import { checkNodeAddress, type JsonAnswer } from './connect.js';
import { AGENT_ID, ipLabel, parseDcosSpec, type DcosSpec } from './spec.js';

export interface NodeTarget {
  /** One reader per key: the same journal is never read twice. */
  key: string;
  /** `dcos://10.0.0.1`, `dcos://leader`, `dcos://agent/ID`: in progress, errors and stats. */
  label: string;
  kind: 'master' | 'leader' | 'agent';
  /** Read at the master's own address (it falls back to the leader route when unreachable). */
  direct: boolean;
  ip: string | null;
  agentId: string | null;
  /** `https://host:port[/prefix]/system/v1/…/logs/v1`, no trailing slash. */
  base: string;
}

/** The units whose processes write audit records (docs/logging-api.md): pushed as `filter=`. */
export const AUDIT_UNITS = [
  'dcos-adminrouter.service',
  'dcos-adminrouter-agent.service',
  'dcos-mesos-master.service',
  'dcos-mesos-slave.service',
  'dcos-mesos-slave-public.service',
  'dcos-marathon.service',
  'dcos-metronome.service',
  'dcos-bouncer.service',
  'dcos-secrets.service',
] as const;

export const MASTERS_DNS = '/mesos_dns/v1/hosts/master.mesos';
export const LEADER_DNS = '/mesos_dns/v1/hosts/leader.mesos';
export const HEALTH_NODES = '/system/health/v1/nodes';
export const MESOS_SLAVES = '/mesos/master/slaves';

function prefixOf(cluster: URL): string {
  return cluster.pathname.replace(/\/+$/, '');
}

export function masterTarget(cluster: URL, ip: string): NodeTarget {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return { key: `m:${ip}`, label: ipLabel(ip), kind: 'master', direct: true, ip, agentId: null, base: `${cluster.protocol}//${host}${cluster.port ? `:${cluster.port}` : ''}${prefixOf(cluster)}/system/v1/logs/v1` };
}

export function leaderTarget(cluster: URL, leaderIp: string | null): NodeTarget {
  return { key: leaderIp ? `m:${leaderIp}` : 'leader', label: 'dcos://leader', kind: 'leader', direct: false, ip: leaderIp, agentId: null, base: `${cluster.origin}${prefixOf(cluster)}/system/v1/leader/mesos/logs/v1` };
}

export function agentTarget(cluster: URL, id: string, ip: string | null): NodeTarget {
  return { key: `a:${id}`, label: ip ? ipLabel(ip) : `dcos://agent/${id}`, kind: 'agent', direct: false, ip, agentId: id, base: `${cluster.origin}${prefixOf(cluster)}/system/v1/agent/${encodeURIComponent(id)}/logs/v1` };
}

function filterQuery(units: readonly string[]): string {
  return units.map((u) => `filter=_SYSTEMD_UNIT:${encodeURIComponent(u)}`).join('&');
}

/** A range page: `limit` entries from the head, or strictly after `cursor` (moved back `skipPrev` entries first). */
export function rangeUrl(t: NodeTarget, units: readonly string[], p: { cursor?: string | null; skipPrev?: number; limit: number }): URL {
  let q = `${filterQuery(units)}&limit=${p.limit}`;
  // Once encoded: `;` would split the query, and the server decodes a cursor twice.
  if (p.cursor) q += `&cursor=${encodeURIComponent(p.cursor)}`;
  if (p.skipPrev) q += `&skip_prev=${p.skipPrev}`;
  return new URL(`${t.base}/range/?${q}`);
}

/** The event stream (its position comes as `Last-Event-ID`). */
export function streamUrl(t: NodeTarget, units: readonly string[]): URL {
  return new URL(`${t.base}/stream/?${filterQuery(units)}`);
}

export interface Lister {
  clusterUrl: URL;
  readerUid: string | null;
  getJson(route: string, maxBodyBytes?: number): Promise<JsonAnswer>;
}

export interface Resolved {
  targets: NodeTarget[];
  errors: SourceError[];
  /** The leading master's address, when Mesos-DNS told. */
  leaderIp: string | null;
  /** For stderr: entries skipped, fallbacks used. */
  notes: string[];
}

interface Agent {
  id: string;
  ip: string | null;
  host: string | null;
}

/**
 * A failed listing; `auth` when the cluster refused the credentials themselves (its hint then
 * says to log in again: no grant to the reading account would help, and every route fails alike).
 */
type Listed<T> = { ok: true; items: T } | { ok: false; why: string; auth?: string; tooLarge?: true };

async function get(l: Lister, route: string, maxBodyBytes?: number): Promise<Listed<unknown>> {
  try {
    const r = await l.getJson(route, maxBodyBytes);
    if (r.status !== 200) return { ok: false, why: `GET ${route} answered ${r.status}` };
    return r.json === null ? { ok: false, why: `GET ${route} did not answer JSON` } : { ok: true, items: r.json };
  } catch (e) {
    const why = (e as Error).message.split('\n')[0] ?? '';
    // A 403 is answered (pass403), so an AuthError here is a refused login or token (401).
    if (e instanceof AuthError) return { ok: false, why, auth: e.hint ?? 'log in again' };
    return (e as NodeJS.ErrnoException).code === BODY_TOO_LARGE ? { ok: false, why, tooLarge: true } : { ok: false, why };
  }
}

/**
 * What a spec that needed a listing says when it failed. A refused login says so with its own hint,
 * once per spec (dcos://all lists masters and agents: both are refused alike).
 */
function listingError(errors: SourceError[], spec: string, failed: { why: string; auth?: string; tooLarge?: true }, what: string, grant: string, instead: string): void {
  // No grant makes an answer smaller: only naming the nodes helps.
  if (failed.tooLarge) errors.push({ source: spec, message: `${spec}: cannot ${what} (${failed.why}): ${instead}` });
  else if (failed.auth === undefined) errors.push({ source: spec, message: `${spec}: cannot ${what} (${failed.why}): grant ${grant}, or ${instead}` });
  else if (!errors.some((e) => e.source === spec && e.message.endsWith(failed.auth!))) errors.push({ source: spec, message: `${spec}: ${failed.why}: ${failed.auth}` });
}

function objects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x)) : [];
}

/** Masters' addresses: Mesos-DNS, else the health API. */
async function listMasters(l: Lister, notes: string[]): Promise<Listed<string[]>> {
  const dns = await get(l, MASTERS_DNS);
  const ips = (v: unknown, field: string, role?: string): string[] => {
    const out: string[] = [];
    for (const o of objects(v)) {
      if (role !== undefined && o.role !== role) continue;
      const ip = checkNodeAddress(o[field]);
      if (ip && isIP(ip)) {
        if (!out.includes(ip)) out.push(ip);
      } else notes.push(`skipped a master with an invalid address ${safeText(JSON.stringify(String(o[field])).slice(0, 60))}`);
    }
    return out;
  };
  if (dns.ok && Array.isArray(dns.items)) return { ok: true, items: ips(dns.items, 'ip') };
  if (!dns.ok && dns.auth !== undefined) return dns; // refused credentials: the health API would refuse them too
  const health = await get(l, HEALTH_NODES);
  const list = health.ok ? (health.items as { nodes?: unknown }).nodes : undefined;
  if (Array.isArray(list)) {
    notes.push(`${dns.ok ? `GET ${MASTERS_DNS} answered no list` : dns.why}: listed the masters through ${HEALTH_NODES}`);
    return { ok: true, items: ips(list, 'host_ip', 'master') };
  }
  return { ok: false, why: `${dns.ok ? `GET ${MASTERS_DNS} answered no list` : dns.why}; ${health.ok ? `GET ${HEALTH_NODES} answered no list` : health.why}` };
}

async function listAgents(l: Lister, notes: string[]): Promise<Listed<Agent[]>> {
  const r = await get(l, MESOS_SLAVES, LISTING_BODY_BYTES);
  const slaves = r.ok ? (r.items as { slaves?: unknown }).slaves : undefined;
  if (!Array.isArray(slaves)) return r.ok ? { ok: false, why: `GET ${MESOS_SLAVES} answered no "slaves" list` } : r;
  const out: Agent[] = [];
  for (const s of objects(slaves)) {
    if (typeof s.id !== 'string' || !AGENT_ID.test(s.id)) {
      notes.push(`skipped an agent with an invalid id ${safeText(JSON.stringify(String(s.id)).slice(0, 60))}`);
      continue;
    }
    // `pid` is `slave(1)@10.0.1.5:5051`.
    const pid = typeof s.pid === 'string' ? /@([^:@]+):\d+$/.exec(s.pid)?.[1] ?? null : null;
    const ip = checkNodeAddress(pid);
    out.push({ id: s.id, ip: ip && isIP(ip) ? ip : null, host: checkNodeAddress(s.hostname) });
  }
  return { ok: true, items: out };
}

async function leaderOf(l: Lister): Promise<string | null> {
  const r = await get(l, LEADER_DNS);
  if (!r.ok) return null;
  const ip = checkNodeAddress(objects(r.items)[0]?.ip);
  return ip && isIP(ip) ? ip : null;
}

/** Turn the specs into targets (each listing asked once); a spec that cannot be resolved becomes a SourceError. */
export async function resolveTargets(specs: readonly string[], l: Lister): Promise<Resolved> {
  const errors: SourceError[] = [];
  const notes: string[] = [];
  const parsed: Array<{ spec: string; p: DcosSpec }> = [];
  for (const spec of specs) {
    try {
      parsed.push({ spec, p: parseDcosSpec(spec) });
    } catch (e) {
      errors.push({ source: spec, message: (e as Error).message });
    }
  }
  // The leader last: when the masters are read at their own addresses, it is one of them.
  parsed.sort((a, b) => Number(a.p.kind === 'leader') - Number(b.p.kind === 'leader'));
  const kinds = new Set(parsed.map((x) => x.p.kind));
  const wantMasters = kinds.has('masters') || kinds.has('all');
  const wantAgents = kinds.has('agents') || kinds.has('all') || kinds.has('ip');
  const [masters, agents, leaderIp] = await Promise.all([
    wantMasters ? listMasters(l, notes) : null,
    wantAgents ? listAgents(l, notes) : null,
    wantMasters || kinds.has('leader') ? leaderOf(l) : Promise.resolve(null),
  ]);
  const who = l.readerUid ?? 'the reading account';
  const targets = new Map<string, NodeTarget>();
  const add = (t: NodeTarget) => {
    if (!targets.has(t.key)) targets.set(t.key, t);
  };
  for (const { spec, p } of parsed) {
    const cluster = l.clusterUrl;
    if (p.kind === 'masters' || p.kind === 'all') {
      if (masters?.ok) {
        for (const ip of masters.items) add(masterTarget(cluster, ip));
        if (masters.items.length === 0) errors.push({ source: spec, message: `${spec}: the cluster listed no master` });
      } else if (masters) {
        listingError(errors, spec, masters, 'list the masters', `${who} dcos:adminrouter:ops:mesos-dns full`, 'name them as dcos://MASTER_IP');
      }
    }
    if (p.kind === 'agents' || p.kind === 'all') {
      if (agents?.ok) for (const a of agents.items) add(agentTarget(cluster, a.id, a.ip));
      else if (agents) listingError(errors, spec, agents, 'list the agents', `${who} dcos:adminrouter:ops:mesos full`, 'name them as dcos://agent/AGENT_ID');
    }
    if (p.kind === 'leader') {
      // The leader, when it is also read at its own address, is that same journal.
      if (!(leaderIp && targets.has(`m:${leaderIp}`))) add(leaderTarget(cluster, leaderIp));
    }
    if (p.kind === 'agent') add(agentTarget(cluster, p.id, agents?.ok ? (agents.items.find((a) => a.id === p.id)?.ip ?? null) : null));
    if (p.kind === 'ip') {
      if (!agents?.ok) {
        if (agents) listingError(errors, spec, agents, 'tell a master from an agent', `${who} dcos:adminrouter:ops:mesos full`, 'name an agent as dcos://agent/AGENT_ID');
        continue;
      }
      const agent = agents.items.find((a) => a.ip === p.ip || a.host === p.ip);
      add(agent ? agentTarget(cluster, agent.id, p.ip) : masterTarget(cluster, p.ip));
    }
  }
  return { targets: [...targets.values()], errors, leaderIp, notes };
}
