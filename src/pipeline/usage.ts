// The usage scan behind `audit2grant unused`: the same sources and scanner as a deny scan, in the
// scanner's `usage` mode (every audit line parsed, allows through the same origin checks), into a
// usage collector for one account.
import { createUsageCollector, type HostWindow, type LostUse, type Span, type Use } from '../core/usage/index.js';
import type { ScanResult, SourceError } from '../core/types.js';
import { runScan, type ScanRunOptions } from './scan.js';

export interface UsageScan {
  uses: Use[];
  windows: HostWindow[];
  componentSpans: Record<string, Span[]>;
  lostUid: LostUse[];
  unreadableOfUid: number;
  untimed: number;
  /** The deny scan's result of the same read (stats, errors, warnings about the sources). */
  scan: ScanResult;
  records: number;
  allows: number;
  errors: SourceError[];
}

export async function runUsageScan(uid: string, o: Omit<ScanRunOptions, 'mode' | 'onEvent' | 'follow'>): Promise<UsageScan> {
  const collector = createUsageCollector(uid);
  const scan = await runScan({ ...o, mode: 'usage', follow: false, onEvent: (ev) => collector.add(ev) });
  return { uses: collector.uses(), windows: collector.windows(), componentSpans: collector.componentSpans(), lostUid: collector.lostUid(), unreadableOfUid: collector.stats.unreadableOfUid, untimed: collector.stats.untimed, scan, records: collector.stats.records, allows: collector.stats.allows, errors: scan.errors };
}
