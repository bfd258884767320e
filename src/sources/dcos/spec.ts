// `dcos://…` source specs: which nodes of the cluster to read through its logging API
// (docs/logging-api.md). Parsed before anything connects, so a typo is a usage error.
import { redactUrls } from '../../core/redact.js';

/**
 * node:net's isIP, loaded on first use: every scan loads this file, and node:net costs ~1 ms of
 * start-up (docs/benchmarks.md, tenth pass).
 */
const isIP = (s: string): number => process.getBuiltinModule('node:net').isIP(s);

export type DcosSpec =
  | { kind: 'leader' }
  | { kind: 'masters' }
  | { kind: 'agents' }
  | { kind: 'all' }
  | { kind: 'agent'; id: string }
  /** `agent`: named as `dcos://agent/<ip>`: only an agent at that address, never a master. */
  | { kind: 'ip'; ip: string; agent?: true };

export function isDcosSpec(spec: string): boolean {
  return /^dcos:\/\//i.test(spec);
}

/** Mesos agent ids are `<uuid>-S<n>`; anything outside this set could change the request path. */
export const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export const SPEC_HINT = 'use dcos://leader, dcos://masters, dcos://agents, dcos://all, dcos://agent/AGENT_ID or dcos://NODE_IP';

/** The spec's nodes, or an Error saying what is wrong (its message names the spec). */
export function parseDcosSpec(raw: string): DcosSpec {
  // Quoted in every message below: a user name or password typed into it is hidden first.
  const spec = redactUrls(raw);
  const rest = raw.replace(/^dcos:\/\//i, '').replace(/\/+$/, '');
  if (/^[^/]*@/.test(rest)) {
    throw new Error(`${spec}: a dcos:// source names nodes only: the logging API is read with the cluster credentials (--token, --login-uid, DCOS_ACS_TOKEN, the DC/OS CLI login), never a user or password in the source`);
  }
  const word = rest.toLowerCase();
  if (word === 'leader' || word === 'masters' || word === 'agents' || word === 'all') return { kind: word };
  if (word.startsWith('agent/')) {
    const id = rest.slice('agent/'.length);
    // No Mesos agent id is an address (they are `<uuid>-S<n>`): one there names the agent at that
    // address, so the same agent named by `dcos://agents` is read once and failed once.
    const ip = addressOf(id);
    if (ip) return { kind: 'ip', ip, agent: true };
    if (!AGENT_ID.test(id)) throw new Error(`${spec}: ${JSON.stringify(id.slice(0, 80))} is not a Mesos agent id (like 0c2d…-S3; \`dcos node list\` shows them)`);
    return { kind: 'agent', id };
  }
  const ip = addressOf(rest);
  if (ip) return { kind: 'ip', ip };
  if (isIP(rest) === 6) throw new Error(`${spec}: write an IPv6 address in brackets, e.g. dcos://[${rest}]`);
  throw new Error(`${spec}: not a node of the logging API: ${SPEC_HINT}`);
}

/** An IPv4 address, or an IPv6 one in brackets, as the address (lower case); else null. */
function addressOf(s: string): string | null {
  const bare = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  return isIP(bare) === 4 || (isIP(bare) === 6 && s.startsWith('[')) ? bare.toLowerCase() : null;
}

/** `dcos://IP` as a label (IPv6 in brackets). */
export function ipLabel(ip: string): string {
  return `dcos://${ip.includes(':') ? `[${ip}]` : ip}`;
}
