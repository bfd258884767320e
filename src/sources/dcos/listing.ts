// Which nodes the cluster has, for dcos:// specs that name them as a group (docs/logging-api.md):
// masters from Mesos-DNS (what `dcos node list` uses), else the system health API; agents from
// Mesos. Every address and id comes from the network and is validated before it goes into a URL;
// a listed node that fails that check is kept as skipped, so the caller can say it was not read.
import { isIP } from 'node:net';
import { AuthError } from '../../cluster/auth.js';
import { BODY_TOO_LARGE, LISTING_BODY_BYTES } from '../../cluster/httpAttempt.js';
import { HEALTH_NODES, MESOS_SLAVES, objects } from '../../cluster/nodes.js';
import { safeText } from '../../core/text.js';
import type { SourceError } from '../../core/types.js';
import { checkNodeAddress, type JsonAnswer, type TlsSettings } from './connect.js';
import { AGENT_ID } from './spec.js';

const MASTERS_DNS = '/mesos_dns/v1/hosts/master.mesos';
const LEADER_DNS = '/mesos_dns/v1/hosts/leader.mesos';

export interface Lister {
  clusterUrl: URL;
  /** The cluster's TLS trust, which the masters' own reads use too. */
  tls: TlsSettings;
  readerUid: string | null;
  getJson(route: string, maxBodyBytes?: number): Promise<JsonAnswer>;
}

export interface Agent {
  id: string;
  ip: string | null;
  host: string | null;
}

/** A listed node that cannot be put into a URL: `shown` is its id or address, quoted and cut for a message. */
export interface Skipped {
  shown: string;
  /** A skipped agent's address, when its `pid` had a valid one (a `dcos://IP` spec must not take it for a master). */
  ip: string | null;
}

export interface Listing<T> {
  items: T[];
  skipped: Skipped[];
}

/**
 * A failed listing. `auth`: the cluster refused the credentials themselves (its hint then says to
 * log in again: no grant would help, and every route fails alike); `refused`: a 403, the one
 * answer a grant to the reading account cures; `busy`: a 429 or 5xx, worth another try.
 */
export type Listed<T> = { ok: true; items: T } | ListFailure;
export type ListFailure = { ok: false; why: string; auth?: string; tooLarge?: true; refused?: true; busy?: true };

async function get(l: Lister, route: string, maxBodyBytes?: number): Promise<Listed<unknown>> {
  try {
    const r = await l.getJson(route, maxBodyBytes);
    if (r.status === 403) return { ok: false, why: `GET ${route} answered 403`, refused: true };
    // Mesos answers 503 while it elects a leader.
    if (r.status !== 200) return { ok: false, why: `GET ${route} answered ${r.status}`, ...(r.status === 429 || r.status >= 500 ? { busy: true as const } : {}) };
    return r.json === null ? { ok: false, why: `GET ${route} did not answer JSON` } : { ok: true, items: r.json };
  } catch (e) {
    const why = (e as Error).message.split('\n')[0] ?? '';
    // A 403 is answered (pass403), so an AuthError here is a refused login or token (401).
    if (e instanceof AuthError) return { ok: false, why, auth: e.hint ?? 'log in again' };
    return (e as NodeJS.ErrnoException).code === BODY_TOO_LARGE ? { ok: false, why, tooLarge: true } : { ok: false, why };
  }
}

/**
 * What a spec that needed a listing says when it failed. Only a 403 names the grant; a refused
 * login says so with its own hint, once per spec (dcos://all lists masters and agents: both are
 * refused alike); anything else (a 503 while Mesos elects a leader, a list too large) says what
 * happened and how to name the nodes instead.
 */
export function listingError(errors: SourceError[], spec: string, failed: ListFailure, what: string, grant: string, instead: string): void {
  if (failed.auth !== undefined) {
    if (!errors.some((e) => e.source === spec && e.message.endsWith(failed.auth!))) errors.push({ source: spec, message: `${spec}: ${failed.why}: ${failed.auth}` });
  } else if (failed.refused) errors.push({ source: spec, message: `${spec}: cannot ${what} (${failed.why}): grant ${grant}, or ${instead}` });
  else errors.push({ source: spec, message: `${spec}: cannot ${what} (${failed.why}): ${failed.busy ? 'try again, or ' : ''}${instead}` });
}

const shown = (v: unknown): string => safeText(JSON.stringify(String(v)).slice(0, 60));

/** Masters' addresses: Mesos-DNS, else the health API (`notes`: the fallback, for stderr). */
export async function listMasters(l: Lister, notes: string[]): Promise<Listed<Listing<string>>> {
  const dns = await get(l, MASTERS_DNS);
  const ips = (v: unknown, field: string, role?: string): Listing<string> => {
    const out: Listing<string> = { items: [], skipped: [] };
    for (const o of objects(v)) {
      if (role !== undefined && o.role !== role) continue;
      const ip = checkNodeAddress(o[field]);
      if (ip && isIP(ip)) {
        if (!out.items.includes(ip)) out.items.push(ip);
      } else out.skipped.push({ shown: shown(o[field]), ip: null });
    }
    return out;
  };
  if (dns.ok && Array.isArray(dns.items)) return { ok: true, items: ips(dns.items, 'ip') };
  if (!dns.ok && dns.auth !== undefined) return dns; // refused credentials: the health API would refuse them too
  const health = await get(l, HEALTH_NODES);
  const list = health.ok ? (health.items as { nodes?: unknown }).nodes : undefined;
  const dnsWhy = dns.ok ? `GET ${MASTERS_DNS} answered no list` : dns.why;
  if (Array.isArray(list)) {
    notes.push(`${dnsWhy}: listed the masters through ${HEALTH_NODES}`);
    return { ok: true, items: ips(list, 'host_ip', 'master') };
  }
  const failed: ListFailure = { ok: false, why: `${dnsWhy}; ${health.ok ? `GET ${HEALTH_NODES} answered no list` : health.why}` };
  // The grant named is Mesos-DNS's: only its 403 makes it the cure.
  return !dns.ok && dns.refused ? { ...failed, refused: true } : failed;
}

export async function listAgents(l: Lister): Promise<Listed<Listing<Agent>>> {
  const r = await get(l, MESOS_SLAVES, LISTING_BODY_BYTES);
  const slaves = r.ok ? (r.items as { slaves?: unknown }).slaves : undefined;
  if (!Array.isArray(slaves)) return r.ok ? { ok: false, why: `GET ${MESOS_SLAVES} answered no "slaves" list` } : r;
  const out: Listing<Agent> = { items: [], skipped: [] };
  for (const s of objects(slaves)) {
    // `pid` is `slave(1)@10.0.1.5:5051`.
    const pid = typeof s.pid === 'string' ? /@([^:@]+):\d+$/.exec(s.pid)?.[1] ?? null : null;
    const checked = checkNodeAddress(pid);
    const ip = checked && isIP(checked) ? checked : null;
    if (typeof s.id !== 'string' || !AGENT_ID.test(s.id)) out.skipped.push({ shown: shown(s.id), ip });
    else out.items.push({ id: s.id, ip, host: checkNodeAddress(s.hostname) });
  }
  return { ok: true, items: out };
}

export async function leaderOf(l: Lister): Promise<string | null> {
  const r = await get(l, LEADER_DNS);
  if (!r.ok) return null;
  const ip = checkNodeAddress(objects(r.items)[0]?.ip);
  return ip && isIP(ip) ? ip : null;
}
