// What `dcos://IP` names: a listed agent (read through the agent route) or a listed master (read at
// its own address). An address that is neither is an error, never read: a master taken on trust
// would send the token to whatever answers there, and when nothing answers the leader route would
// read another node in its place (docs/logging-api.md).
import type { SourceError } from '../../core/types.js';
import { listingError, type Agent, type Listed, type Listing, type Skipped } from './listing.js';
import type { DcosSpec } from './spec.js';

export type NodeAt = { agent: Agent } | { master: string } | { skipped: Skipped[] } | null;

/** Up to five addresses, for a message. */
function some(ips: readonly string[]): string {
  return ips.slice(0, 5).join(', ') + (ips.length > 5 ? `, … ${ips.length - 5} more` : '');
}

/** The node at `p.ip`, or null with the reason pushed onto `errors`. */
export function nodeAt(
  errors: SourceError[],
  spec: string,
  p: Extract<DcosSpec, { kind: 'ip' }>,
  masters: Listed<Listing<string>> | null,
  agents: Listed<Listing<Agent>> | null,
  who: string,
): NodeAt {
  const ssh = `ssh://${p.ip.includes(':') ? `[${p.ip}]` : p.ip}`;
  if (agents?.ok) {
    const agent = agents.items.items.find((a) => a.ip === p.ip || a.host === p.ip);
    if (agent) return { agent };
    // An agent whose id is unusable is still an agent: never read as a master.
    const unusable = agents.items.skipped.filter((s) => s.ip === p.ip);
    if (unusable.length) return { skipped: unusable };
  }
  const master = !p.agent && masters?.ok && masters.items.items.includes(p.ip);
  if (master) return { master: p.ip };
  const grantMesos = `${who} dcos:adminrouter:ops:mesos full`;
  if (p.agent) {
    if (agents && !agents.ok) listingError(errors, spec, agents, `find the agent at ${p.ip}`, grantMesos, 'name an agent as dcos://agent/AGENT_ID');
    else errors.push({ source: spec, message: `${spec}: Mesos lists no agent at ${p.ip}: \`dcos node list\` shows the agents' ids and addresses` });
    return null;
  }
  const listed = masters?.ok ? `the masters are ${some(masters.items.items) || 'none listed'}` : null;
  if (agents && !agents.ok) {
    if (listed) listingError(errors, spec, agents, `find the agent at ${p.ip} (no master is there: ${listed})`, grantMesos, 'name an agent as dcos://agent/AGENT_ID');
    else listingError(errors, spec, agents, 'tell a master from an agent', grantMesos, 'name an agent as dcos://agent/AGENT_ID');
    return null;
  }
  if (!listed) {
    if (masters && !masters.ok) listingError(errors, spec, masters, `tell whether ${p.ip} is a master (Mesos lists no agent there)`, `${who} dcos:adminrouter:ops:mesos-dns full`, `read it over SSH (${ssh})`);
    return null;
  }
  errors.push({ source: spec, message: `${spec}: not a node of this cluster: ${listed}, and Mesos lists no agent at ${p.ip} (\`dcos node list\` shows the agents)` });
  return null;
}
