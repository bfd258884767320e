// Whether a usage read was whole, besides its time coverage (coverage.ts): the cluster's nodes
// against the hosts read, and the scan's warnings of parts left unread (docs/usage.md).
import type { ScanWarning } from '../types.js';
import { NO_HOST, type HostWindow } from './collect.js';
import type { UsageWarning } from './window.js';

/** How many masters and agents the cluster lists, or why it could not be asked. */
export type NodeCount = { masters: number; agents: number } | { error: string };

/**
 * Why the hosts read may not be all the cluster's nodes, or null: a use through a node not read
 * would not show, and a log names its host by a name the node list does not give (it gives
 * addresses), so only the count can be compared: fewer hosts read than nodes listed.
 */
export function nodesFault(nodes: NodeCount | null | undefined, hostsRead: number): string | null {
  if (nodes === undefined) return null;
  if (nodes === null) return 'it says nothing of the cluster\'s nodes (no "nodes": made by an older audit2grant, or edited): a node not read could not be told';
  if ('error' in nodes) return `the cluster's nodes could not be listed (${nodes.error}): a node not read could not be told`;
  const all = nodes.masters + nodes.agents;
  if (hostsRead >= all) return null;
  return `records were read from ${hostsRead} host${hostsRead === 1 ? '' : 's'}, but the cluster lists ${nodes.masters} master${nodes.masters === 1 ? '' : 's'} and ${nodes.agents} agent${nodes.agents === 1 ? '' : 's'}: a use through a node not read would not show (read every node: dcos://all, --all-nodes)`;
}

/** Hosts a report's records came from (records without a host name none). */
export const hostsRead = (windows: readonly HostWindow[]): number => windows.filter((w) => w.host !== NO_HOST).length;

/**
 * The scan's warnings that say part of what was asked went unread: a source skipped, read in part
 * or without its journal, messages hidden (blob data, json's null) or cut, a source whose every
 * audit-looking line was unverified, the scan interrupted. Any use could have
 * been in that part, so `revoke --from` acts on no report that has one.
 */
const UNREAD: ReadonlySet<ScanWarning['kind']> = new Set([
  'skipped',
  'gzip-trailing-bytes',
  'truncated-while-read',
  'damaged-export',
  'not-searched',
  'malformed-utf16',
  'nul-bytes',
  'unreadable-file',
  'no-journal-output',
  'blob-data',
  'null-messages',
  'long-lines-cut',
  'unverified-audit-lines',
  'interrupted',
]);
export function unreadParts(warnings: readonly ScanWarning[], interrupted: boolean): string[] {
  const out = warnings.filter((w) => UNREAD.has(w.kind)).map((w) => w.message);
  if (interrupted && !warnings.some((w) => w.kind === 'interrupted')) out.push('the scan was interrupted before the end of its sources');
  return out;
}

export function nodeWarnings(nodes: NodeCount | undefined, read: number): UsageWarning[] {
  const fault = nodesFault(nodes, read);
  return fault ? [{ kind: 'nodes-not-read', message: `${fault}; revoke --from refuses such a report without --allow-gaps` }] : [];
}
