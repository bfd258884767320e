// Denials refused because their uid, object or action holds a byte that is not valid UTF-8
// (audit/message.ts): no finding can name what was denied, so none is made and nothing of them is
// granted. They are real denials all the same: the scan says how many and where the first is, and
// has no clean verdict then (docs/verdicts.md; docs/audit-log-forms.md, "What the user sees").
import type { InexactDenials, Malformed, ScanWarning } from '../types.js';
import { MAX_EXAMPLE_BYTES } from '../types.js';

/** What of the line the warning quotes: enough to find it (the table's notes show malformed lines too). */
const QUOTED = 300;

/** Counts them, keeping the first: those of the --uid (or whose uid is not exact) and in the window. */
export class InexactCount {
  private seen: InexactDenials | null = null;

  constructor(
    private readonly uids: ReadonlySet<string>,
    private readonly inWindow: (t: number | null) => boolean,
  ) {}

  /** Counts `ev` when it is such a denial; returns its uid when that is one of the --uid (it was denied), else null. */
  add(ev: Malformed): string | null {
    const d = ev.inexactDeny;
    if (!d || (this.uids.size > 0 && d.uid !== null && !this.uids.has(d.uid)) || !this.inWindow(d.time)) return null;
    if (this.seen) this.seen.count++;
    else this.seen = { count: 1, source: ev.source, line: d.line ?? null, raw: structuredClone(ev.raw.slice(0, MAX_EXAMPLE_BYTES)) };
    return d.uid !== null && this.uids.has(d.uid) ? d.uid : null;
  }

  result(): InexactDenials | null {
    return this.seen && { ...this.seen };
  }
}

/** The warning: how many, where the first is, and why no finding was made of them. */
export function inexactWarning(d: InexactDenials): ScanWarning {
  const where = d.line === null ? d.source : `${d.source}, line ${d.line}`;
  return {
    kind: 'inexact-denials',
    source: null,
    message:
      `${d.count} denial(s) could not be named exactly (a byte of their uid, object or action is not valid UTF-8, shown as \\xNN): ` +
      `no finding was made of them and nothing is granted for them, so what they were denied is missing from the findings; ` +
      `e.g. ${where}: ${d.raw.length > QUOTED ? `${d.raw.slice(0, QUOTED)}…` : d.raw}`,
  };
}
