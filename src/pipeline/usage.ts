// The usage scan behind `audit2grant unused`: the same sources and scanner as a deny scan, in the
// scanner's `usage` mode (every audit line parsed, allows through the same origin checks), into a
// usage collector for one account.
import { createUsageCollector, type HostWindow, type LostUse, type Span, type Use } from '../core/usage/index.js';
import type { InexactRecords, ScanResult, SourceError } from '../core/types.js';
import { runScan, type ScanRunOptions } from './scan.js';

export interface UsageScan {
  uses: Use[];
  windows: HostWindow[];
  componentSpans: Record<string, Span[]>;
  lostUid: LostUse[];
  unreadableOfUid: number;
  /** The account's allows no report can name (UsageCollector.inexactAllows), or null. */
  inexactAllows: InexactRecords | null;
  untimed: number;
  /** The deny scan's result of the same read (stats, errors, warnings about the sources). */
  scan: ScanResult;
  records: number;
  allows: number;
  errors: SourceError[];
  /**
   * Nodes (a dcos:// node, an ssh:// host: one stream each) read to their end whose logs held no
   * audit record: read, though no record names their host (core/usage/completeness.ts).
   */
  quietNodes: string[];
}

/** One node's stream: a merged one (`dcos://{a,b}`) is several nodes, a file none. */
const isNode = (label: string): boolean => /^(dcos|ssh):\/\/[^{]/.test(label);

export async function runUsageScan(uid: string, o: Omit<ScanRunOptions, 'mode' | 'onEvent' | 'follow'>): Promise<UsageScan> {
  const collector = createUsageCollector(uid);
  const { since, until } = o.filter;
  // --since/--until bound what is judged (docs/usage.md): a record outside them is no use and no part
  // of a host's window. Placed by the journal's time, as coverage is (collect.ts), else its own.
  const outside = (t: number | null | undefined): boolean => t != null && ((since !== null && t < since) || (until !== null && t > until));
  const done = new Set<string>();
  const withRecords = new Set<string>();
  const scan = await runScan({
    ...o,
    mode: 'usage',
    // Read once to the end, live sources too: the loop's own ssh:// and dcos:// options follow.
    follow: false,
    ssh: o.ssh && { ...o.ssh, follow: false },
    dcos: o.dcos && { ...o.dcos, follow: false },
    onEvent: (ev) => {
      if (ev.type === 'decision' && outside(ev.loggedAt ?? ev.time)) return;
      if (ev.type === 'decision') withRecords.add(ev.source);
      collector.add(ev);
    },
    onProgress: (p) => {
      if (p.state === 'done' && isNode(p.label)) done.add(p.label);
      o.onProgress?.(p);
    },
  });
  const failed = new Set(scan.errors.map((e) => e.source));
  const quietNodes = [...done].filter((l) => !withRecords.has(l) && !failed.has(l)).sort();
  return {
    quietNodes, uses: collector.uses(), windows: collector.windows(), componentSpans: collector.componentSpans(), lostUid: collector.lostUid(), unreadableOfUid: collector.stats.unreadableOfUid, inexactAllows: collector.inexactAllows(), untimed: collector.stats.untimed, scan, records: collector.stats.records, allows: collector.stats.allows, errors: scan.errors };
}
