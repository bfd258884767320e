// Whether a usage read was whole, besides its time coverage (coverage.ts): the cluster's nodes
// against the hosts read, and the scan's warnings of parts left unread (docs/usage.md).
import type { InexactRecords, ScanWarning } from '../types.js';
import { firstInexact } from '../findings/inexact.js';
import { NO_HOST, type HostWindow } from './collect.js';
import type { UsageWarning } from './window.js';

/** How many masters and agents the cluster lists, or why it could not be asked. */
export type NodeCount = { masters: number; agents: number } | { error: string };

/** Up to three node labels, for a message. */
function named(labels: readonly string[]): string {
  return labels.slice(0, 3).join(', ') + (labels.length > 3 ? `, … ${labels.length - 3} more` : '');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Why the nodes read may not be all the cluster's, or null. A log names its host by a name the
 * node list does not give (it gives addresses), so only counts are compared: the hosts whose
 * records were read, plus the nodes read whole (`quiet`: dcos://, ssh:// sources) that held no
 * audit record. Those were read, and are named as such; still, with no record, how far back a
 * node's log reaches cannot be told, so a use through one could be older than what it holds: a
 * gap for `revoke --from` too (docs/usage.md, "Nodes not read").
 */
export function nodesFault(nodes: NodeCount | null | undefined, hostsRead: number, quiet: readonly string[] = []): string | null {
  if (nodes === undefined) return null;
  if (nodes === null) return 'it says nothing of the cluster\'s nodes (no "nodes": made by an older audit2grant, or edited): a node not read could not be told';
  if ('error' in nodes) return `the cluster's nodes could not be listed (${nodes.error}): a node not read could not be told`;
  const listed = `the cluster lists ${plural(nodes.masters, 'master')} and ${plural(nodes.agents, 'agent')}`;
  const held = quiet.length ? `${plural(quiet.length, 'node')} read held no audit record (${named(quiet)})` : '';
  if (hostsRead + quiet.length < nodes.masters + nodes.agents) {
    return `records were read from ${plural(hostsRead, 'host')}${held ? `, and ${held}` : ''}, but ${listed}: a use through a node not read would not show (read every node: dcos://all, --all-nodes)`;
  }
  if (!held) return null;
  const one = quiet.length === 1;
  return (
    `every node was read (${plural(hostsRead + quiet.length, 'node')}; ${listed}), but ${quiet.length} of them held no audit record (${named(quiet)}): ` +
    `how far back ${one ? 'its log reaches' : 'their logs reach'} no record tells, so a use through ${one ? 'it' : 'one'} could be older than what ${one ? 'it holds' : 'they hold'}`
  );
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
  'mixed-forms',
  'interrupted',
]);
export function unreadParts(warnings: readonly ScanWarning[], interrupted: boolean): string[] {
  const out = warnings.filter((w) => UNREAD.has(w.kind)).map((w) => w.message);
  if (interrupted && !warnings.some((w) => w.kind === 'interrupted')) out.push('the scan was interrupted before the end of its sources');
  return out;
}

export function nodeWarnings(nodes: NodeCount | undefined, read: number, quiet: readonly string[] = []): UsageWarning[] {
  const fault = nodesFault(nodes, read, quiet);
  if (!fault) return [];
  const kind = nodes && !('error' in nodes) && read + quiet.length >= nodes.masters + nodes.agents ? 'nodes-without-records' : 'nodes-not-read';
  return [{ kind, message: `${fault}; revoke --from refuses such a report without --allow-gaps` }];
}

/**
 * Allows of the account (or whose uid is not exact) that no report can name, a byte of their uid,
 * object or action not valid UTF-8 (UsageCollector.inexactAllows): each is a use of some grant, maybe
 * one called unused, so the read is not whole (`incomplete`: revoke --from refuses the report) and a
 * warning says how many and where the first is (docs/usage.md, "A whole read").
 */
export function inexactAllowsSaid(uid: string, d: InexactRecords | null | undefined): { incomplete: string[]; warnings: UsageWarning[] } {
  if (!d) return { incomplete: [], warnings: [] };
  const whose = `of ${uid} (or whose uid could not be read) could not be named exactly (a byte of their uid, object or action is not valid UTF-8`;
  return {
    incomplete: [`${d.count} allow record${d.count === 1 ? '' : 's'} ${whose}): a use of a grant called unused here could be among them`],
    warnings: [{
      kind: 'inexact-allows',
      message: `${d.count} allow(s) ${whose}, shown as \\xNN): each is a use of a permission no report can name, maybe of a grant called unused here; revoke --from refuses this report; e.g. ${firstInexact(d)}`,
    }],
  };
}
