// dcos:// specs → the nodes to read and where their logging API is (docs/logging-api.md):
// masters at their own address (no route reaches a non-leading master), the leader through
// Admin Router's leader route, agents through the agent route. The nodes come from the cluster's
// lists (listing.ts); a listed node that cannot be read is an error, never a silent gap.
import { isLoopbackUrl } from '../../cluster/clusterUrl.js';
import { uncheckedTlsWarning } from '../../cluster/tls.js';
import { warningNote } from '../../core/source-notes.js';
import type { SourceError } from '../../core/types.js';
import { leaderOf, listAgents, listingError, listMasters, type Lister, type Skipped } from './listing.js';
import { nodeAt } from './node-at.js';
import { ipLabel, parseDcosSpec, type DcosSpec } from './spec.js';

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

function prefixOf(cluster: URL): string {
  return cluster.pathname.replace(/\/+$/, '');
}

/**
 * A plain-HTTP cluster URL on this machine (`http://127.0.0.1`: on a master, or a tunnel) sends the
 * token over no network, and gets no warning; a master's own address is across the network. So
 * such a master is read over HTTPS at Admin Router's own port (443, no prefix: the URL's port and
 * path are the tunnel's or proxy's), never with the token in clear.
 */
export function tlsForMaster(cluster: URL, host: string): boolean {
  return cluster.protocol === 'http:' && isLoopbackUrl(cluster.href) && !isLoopbackUrl(`http://${host}/`);
}

export function masterTarget(cluster: URL, ip: string): NodeTarget {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  const origin = tlsForMaster(cluster, host) ? `https://${host}` : `${cluster.protocol}//${host}${cluster.port ? `:${cluster.port}` : ''}${prefixOf(cluster)}`;
  return { key: `m:${ip}`, label: ipLabel(ip), kind: 'master', direct: true, ip, agentId: null, base: `${origin}/system/v1/logs/v1` };
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

export interface Resolved {
  targets: NodeTarget[];
  errors: SourceError[];
  /** The leading master's address, when Mesos-DNS told. */
  leaderIp: string | null;
  /** Every listed master is among the targets: when none answers, the leader's route reads one of them. */
  everyMaster: boolean;
  /** For stderr: fallbacks used, how the masters are reached. */
  notes: string[];
}

/** Up to three of the skipped nodes, for a message. */
function examples(skipped: readonly Skipped[]): string {
  const some = skipped.slice(0, 3).map((s) => (s.ip ? `${s.shown} at ${s.ip}` : s.shown));
  return some.join(', ') + (skipped.length > 3 ? `, … ${skipped.length - 3} more` : '');
}

/** Up to three targets' origins, for a message. */
function origins(targets: readonly NodeTarget[]): string {
  const some = targets.slice(0, 3).map((t) => new URL(t.base).origin);
  return some.join(', ') + (targets.length > 3 ? `, … ${targets.length - 3} more` : '');
}

/** A listed master or agent that cannot be put into a URL was not read: an error, so the scan gives no clean verdict. */
function skippedError(spec: string, kind: 'master' | 'agent', skipped: readonly Skipped[]): SourceError {
  const n = skipped.length;
  const message =
    kind === 'master'
      ? `${spec}: the cluster listed ${n === 1 ? 'a master' : `${n} masters`} with an invalid address (${examples(skipped)}), not read: name ${n === 1 ? 'it' : 'them'} as dcos://MASTER_IP or ssh://MASTER_IP (\`dcos node list\` shows them)`
      : `${spec}: Mesos listed ${n === 1 ? 'an agent' : `${n} agents`} with an invalid id (${examples(skipped)}), not read: no route reaches an agent without its id; read ${n === 1 ? 'it' : 'them'} over SSH (ssh://AGENT_IP)`;
  return { source: spec, message };
}

/**
 * Turn the specs into targets (each listing asked once). A spec that cannot be resolved, an empty
 * list, or a listed node that cannot be read becomes a SourceError: a node not read never leaves a
 * clean verdict behind (docs/verdicts.md).
 */
export async function resolveTargets(specs: readonly string[], l: Lister): Promise<Resolved> {
  const errors: SourceError[] = [];
  const notes: string[] = [];
  const parsed: Array<{ spec: string; p: DcosSpec }> = [];
  const named = new Set<string>();
  for (const spec of specs) {
    try {
      const p = parseDcosSpec(spec);
      // The same nodes named again (`dcos://10.0.1.5` twice, or with a trailing slash) add nothing,
      // not even a second error for a listing that failed.
      const same = JSON.stringify(p);
      if (!named.has(same)) parsed.push({ spec, p });
      named.add(same);
    } catch (e) {
      errors.push({ source: spec, message: (e as Error).message });
    }
  }
  // The leader last: when the masters are read at their own addresses, it is one of them.
  parsed.sort((a, b) => Number(a.p.kind === 'leader') - Number(b.p.kind === 'leader'));
  const kinds = new Set(parsed.map((x) => x.p.kind));
  const wantMasters = kinds.has('masters') || kinds.has('all');
  // A `dcos://IP` that is no agent must be a listed master, and whether it leads decides if the
  // leader route may stand in for it when its own address cannot be reached (fallback.ts).
  const wantMasterIp = parsed.some(({ p }) => p.kind === 'ip' && !p.agent);
  const wantAgents = kinds.has('agents') || kinds.has('all') || kinds.has('ip');
  const [masters, agents, leaderIp] = await Promise.all([
    wantMasters || wantMasterIp ? listMasters(l, notes) : null,
    wantAgents ? listAgents(l) : null,
    wantMasters || wantMasterIp || kinds.has('leader') ? leaderOf(l) : Promise.resolve(null),
  ]);
  const who = l.readerUid ?? 'the reading account';
  const cluster = l.clusterUrl;
  const targets = new Map<string, NodeTarget>();
  const add = (t: NodeTarget) => {
    if (!targets.has(t.key)) targets.set(t.key, t);
  };
  // Each listed node left out is said once, by the first spec that lists or names it (a group, or
  // an agent's address): one error per node, another node's still said. Each listing is made once,
  // so a node is its Skipped object.
  const told = new Set<Skipped>();
  const tell = (spec: string, kind: 'master' | 'agent', skipped: readonly Skipped[]): void => {
    const fresh = skipped.filter((s) => !told.has(s));
    for (const s of fresh) told.add(s);
    if (fresh.length) errors.push(skippedError(spec, kind, fresh));
  };
  // Every listed master is read at its own address: the leader is one of them.
  const everyMaster = (): boolean =>
    !!masters?.ok && masters.items.items.length > 0 && masters.items.skipped.length === 0 && masters.items.items.every((ip) => targets.has(`m:${ip}`));
  for (const { spec, p } of parsed) {
    if (p.kind === 'masters' || p.kind === 'all') {
      if (masters?.ok) {
        for (const ip of masters.items.items) add(masterTarget(cluster, ip));
        tell(spec, 'master', masters.items.skipped);
        if (masters.items.items.length === 0 && masters.items.skipped.length === 0) errors.push({ source: spec, message: `${spec}: the cluster listed no master` });
      } else if (masters) {
        listingError(errors, spec, masters, 'list the masters', `${who} dcos:adminrouter:ops:mesos-dns full`, 'name them as dcos://MASTER_IP');
      }
    }
    if (p.kind === 'agents' || p.kind === 'all') {
      if (agents?.ok) {
        for (const a of agents.items.items) add(agentTarget(cluster, a.id, a.ip));
        tell(spec, 'agent', agents.items.skipped);
        if (agents.items.items.length === 0 && agents.items.skipped.length === 0) {
          // A newly elected Mesos master lists agents only as they register with it again.
          errors.push({ source: spec, message: `${spec}: Mesos listed no agent (after a leader change it lists them as they register again): try again, or name them as dcos://agent/AGENT_ID` });
        }
      } else if (agents) listingError(errors, spec, agents, 'list the agents', `${who} dcos:adminrouter:ops:mesos full`, 'name them as dcos://agent/AGENT_ID');
    }
    if (p.kind === 'leader') {
      // The leader, when it is also read at its own address, is that same journal. Unnamed (no
      // Mesos-DNS), it is among the masters read: the fallback reads its route if none answers.
      if (!(leaderIp ? targets.has(`m:${leaderIp}`) : everyMaster())) add(leaderTarget(cluster, leaderIp));
    }
    if (p.kind === 'agent') add(agentTarget(cluster, p.id, agents?.ok ? (agents.items.items.find((a) => a.id === p.id)?.ip ?? null) : null));
    if (p.kind === 'ip') {
      const at = nodeAt(errors, spec, p, masters, agents, who);
      if (at && 'skipped' in at) tell(spec, 'agent', at.skipped);
      else if (at && 'agent' in at) add(agentTarget(cluster, at.agent.id, p.ip));
      else if (at) add(masterTarget(cluster, at.master));
    }
  }
  const secured = [...targets.values()].filter((t) => t.direct && t.base.startsWith('https:') && cluster.protocol === 'http:');
  if (secured.length) {
    notes.push(`the cluster URL is plain HTTP on this machine: masters are read over HTTPS at their own address (https://${secured[0]!.label.replace('dcos://', '')}, port 443), so the token never crosses the network in clear`);
    // The credentials warn of unchecked certificates for an https:// cluster URL only: these
    // connections are named here.
    if (l.tls.insecure) notes.push(warningNote(uncheckedTlsWarning(l.tls, `the connections to the masters read over HTTPS (${origins(secured)})`)));
  }
  return { targets: [...targets.values()], errors, leaderIp, everyMaster: everyMaster(), notes };
}
