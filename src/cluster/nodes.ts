// The cluster's nodes, as the cluster API lists them (for `--all-nodes`): the system health API
// first (every node with its role), else Mesos (agents) + Exhibitor (masters). Authenticated through
// the one IAM session; every address is validated before anyone connects to it, because it comes
// from the network and ends up as an SSH destination.
import { isIP } from 'node:net';
import { OperationalError } from '../errors.js';
import type { IamSession } from './auth.js';
import type { HttpResponse } from './http.js';
import { LISTING_BODY_BYTES } from './httpAttempt.js';

export type NodeRole = 'master' | 'agent' | 'agent_public';

export interface ClusterNode {
  /** IPv4, IPv6 (bare, no brackets) or a DNS name, as validated by `checkNodeAddress`. */
  ip: string;
  role: NodeRole;
}

export interface NodeListing {
  /** Masters first, then agents, then public agents; each address once. */
  nodes: ClusterNode[];
  /** Which API answered, e.g. `GET /system/health/v1/nodes`. */
  via: string;
  /** Entries skipped (bad address, unknown role) and APIs that failed in the fallback. */
  warnings: string[];
}

export const HEALTH_NODES = '/system/health/v1/nodes';
export const MESOS_SLAVES = '/mesos/master/slaves';
export const EXHIBITOR_STATUS = '/exhibitor/exhibitor/v1/cluster/status';

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * An address from the API, or null when it is not plainly an IPv4/IPv6 address or a DNS name:
 * no user@, no port, no spaces, no leading dash (option injection), no zone id, no brackets.
 */
export function checkNodeAddress(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0 || v.length > 253) return null;
  if (isIP(v) === 4) return v;
  if (/^[0-9A-Fa-f:.]+$/.test(v) && isIP(v) === 6) return v.toLowerCase();
  const name = v.endsWith('.') ? v.slice(0, -1) : v;
  // A name made of digits and dots only would be a mangled IPv4 address: refuse it.
  if (/^[0-9.]+$/.test(name)) return null;
  return name.split('.').every((l) => LABEL.test(l)) ? name : null;
}

/** Shown in warnings: short and printable whatever the API sent. */
function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  const clean = s.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > 60 ? `${clean.slice(0, 60)}…` : clean);
}

class Collector {
  private seen = new Set<string>();
  readonly nodes: ClusterNode[] = [];
  readonly warnings: string[] = [];
  add(raw: unknown, role: unknown, api: string): void {
    const ip = checkNodeAddress(raw);
    if (ip === null) {
      this.warnings.push(`${api} listed a node with an invalid address ${shown(raw)}: skipped`);
      return;
    }
    if (role !== 'master' && role !== 'agent' && role !== 'agent_public') {
      this.warnings.push(`${api} listed ${ip} with an unknown role ${shown(role)}: skipped`);
      return;
    }
    if (this.seen.has(ip)) return;
    this.seen.add(ip);
    this.nodes.push({ ip, role });
  }
  sorted(): ClusterNode[] {
    const rank: Record<NodeRole, number> = { master: 0, agent: 1, agent_public: 2 };
    return [...this.nodes].sort((a, b) => rank[a.role] - rank[b.role]);
  }
}

type Got = { ok: true; json: unknown } | { ok: false; why: string };

async function get(session: IamSession, route: string, maxBodyBytes?: number): Promise<Got> {
  const res: HttpResponse = await session.call('GET', route, undefined, { pass403: true, maxBodyBytes });
  if (res.status !== 200) return { ok: false, why: `GET ${route} answered ${res.status}` };
  if (res.json === null) return { ok: false, why: `GET ${route} did not answer JSON` };
  return { ok: true, json: res.json };
}

export function objects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x)) : [];
}

/**
 * List the cluster's nodes. A refused token (401) throws the session's AuthError; the network
 * failing throws NetworkError; both APIs failing throws an OperationalError saying what to grant.
 */
export async function listClusterNodes(session: IamSession): Promise<NodeListing> {
  const health = await get(session, HEALTH_NODES);
  if (health.ok) {
    const list = (health.json as { nodes?: unknown }).nodes;
    if (Array.isArray(list)) {
      const c = new Collector();
      for (const n of objects(list)) c.add(n.host_ip, n.role, HEALTH_NODES);
      return { nodes: c.sorted(), via: `GET ${HEALTH_NODES}`, warnings: c.warnings };
    }
  }
  const firstWhy = health.ok ? `GET ${HEALTH_NODES} answered without a "nodes" list` : health.why;

  // Fallback: agents from Mesos, masters from Exhibitor (ZooKeeper's ensemble is the masters).
  const [slaves, exhibitor] = [await get(session, MESOS_SLAVES, LISTING_BODY_BYTES), await get(session, EXHIBITOR_STATUS)];
  const c = new Collector();
  const warnings: string[] = [`${firstWhy}: listed the nodes through Mesos and Exhibitor instead`];
  const used: string[] = [];
  if (exhibitor.ok && Array.isArray(exhibitor.json)) {
    for (const m of objects(exhibitor.json)) c.add(m.hostname, 'master', EXHIBITOR_STATUS);
    used.push(`GET ${EXHIBITOR_STATUS}`);
  } else {
    warnings.push(`${exhibitor.ok ? `GET ${EXHIBITOR_STATUS} answered without a list` : exhibitor.why}: masters not listed`);
  }
  const agents = slaves.ok ? (slaves.json as { slaves?: unknown }).slaves : undefined;
  if (Array.isArray(agents)) {
    for (const a of objects(agents)) {
      const attrs = (a.attributes ?? {}) as Record<string, unknown>;
      c.add(a.hostname, String(attrs.public_ip) === 'true' ? 'agent_public' : 'agent', MESOS_SLAVES);
    }
    used.push(`GET ${MESOS_SLAVES}`);
  } else {
    warnings.push(`${slaves.ok ? `GET ${MESOS_SLAVES} answered without a "slaves" list` : slaves.why}: agents not listed`);
  }
  if (used.length === 0) {
    const who = session.actingUid ?? 'this account';
    throw new OperationalError(
      `cannot list the cluster's nodes: ${[firstWhy, !slaves.ok ? slaves.why : null, !exhibitor.ok ? exhibitor.why : null].filter(Boolean).join('; ')}`,
      `grant ${who} dcos:adminrouter:ops:system-health full, or name the nodes as ssh://HOST sources instead of --all-nodes`,
    );
  }
  return { nodes: c.sorted(), via: used.join(' + '), warnings: [...warnings, ...c.warnings] };
}
