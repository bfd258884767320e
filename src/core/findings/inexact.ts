// Denials refused because their uid, object or action holds a byte that is not valid UTF-8
// (audit/message.ts): no finding can name what was denied, so none is made and nothing of them is
// granted. They are real denials all the same: the scan says how many and where the first is, and
// has no clean verdict then (docs/verdicts.md; docs/audit-log-forms.md, "What the user sees").
// Allows refused so are counted alike by `unused` (usage/collect.ts): each is a use no report names.
import type { InexactDecision, InexactDenials, InexactRecords, Malformed, ScanWarning } from '../types.js';
import { MAX_EXAMPLE_BYTES } from '../types.js';

/** What of the line the warning quotes: enough to find it (the table's notes show malformed lines too). */
const QUOTED = 300;

/**
 * Counts the decisions of one result refused so, keeping the first: those of `uids` (or whose uid is
 * not exact; any uid's when `uids` is empty) and in the window. The deny scan counts denials;
 * `unused` counts one account's allows (usage/collect.ts).
 */
export class InexactCount {
  private seen: InexactRecords | null = null;

  constructor(
    private readonly kind: InexactDecision['result'],
    private readonly uids: ReadonlySet<string>,
    private readonly inWindow: (t: number | null) => boolean = () => true,
  ) {}

  /** Counts `ev` when it is such a decision; returns its uid when that is one of `uids`, else null. */
  add(ev: Malformed): string | null {
    const d = ev.inexact;
    if (!d || d.result !== this.kind || (this.uids.size > 0 && d.uid !== null && !this.uids.has(d.uid)) || !this.inWindow(d.time)) return null;
    if (this.seen) this.seen.count++;
    else this.seen = { count: 1, source: ev.source, line: d.line ?? null, raw: structuredClone(ev.raw.slice(0, MAX_EXAMPLE_BYTES)) };
    return d.uid !== null && this.uids.has(d.uid) ? d.uid : null;
  }

  result(): InexactRecords | null {
    return this.seen && { ...this.seen };
  }
}

/** Where the first is, and its line (cut to what a warning quotes). */
export function firstInexact(d: InexactRecords): string {
  const where = d.line === null ? d.source : `${d.source}, line ${d.line}`;
  return `${where}: ${d.raw.length > QUOTED ? `${d.raw.slice(0, QUOTED)}…` : d.raw}`;
}

/** The warning: how many, where the first is, and why no finding was made of them. */
export function inexactWarning(d: InexactDenials): ScanWarning {
  return {
    kind: 'inexact-denials',
    source: null,
    message:
      `${d.count} denial(s) could not be named exactly (a byte of their uid, object or action is not valid UTF-8, shown as \\xNN): ` +
      `no finding was made of them and nothing is granted for them, so what they were denied is missing from the findings; ` +
      `e.g. ${firstInexact(d)}`,
  };
}
