// `uid-not-seen`: a --uid with no denial, said when the log shows it may be a typo. Either other
// principals were denied, or it is not among the principals of the allows read (a --uid whose lines
// were all allowed is then no typo, and nothing is said). A near name is offered from both lists.
import type { ScanWarning, UidCoverage } from '../types.js';
import { editDistance } from '../edit-distance.js';
import { asciiText } from '../text.js';

/** Other principals' uids, read from log text anyone may write: escaped (no terminal controls, no look-alikes). */
export function principals(others: UidCoverage['others'], n: number): string {
  const shown = others.slice(0, n).map((o) => `${asciiText(o.uid)} (${o.count})`);
  return shown.join(', ') + (others.length > n ? ', …' : '');
}

/** A principal seen whose name is close to `u` (case aside, or one or two edits by its length), denied ones first. */
function near(u: string, cov: UidCoverage): string | null {
  // Two edits turn any 2-letter name into any other: short names are close only when they differ in case.
  const limit = u.length < 4 ? 0 : u.length < 8 ? 1 : 2;
  const close = [...cov.others, ...cov.allowedOthers].find((o) => o.uid.toLowerCase() === u.toLowerCase() || editDistance(o.uid, u, { max: limit }) <= limit);
  return close ? close.uid : null;
}

/**
 * The --uid values never seen (no denial, not among the allows' principals read) whose name is close
 * to a principal that was: a typo, likely. Nothing was checked of what was asked, so a
 * `--fail-on-findings` run has no verdict (verdict.ts noVerdictReason).
 */
export function mistypedUids(cov: UidCoverage, allowLines: number): { uid: string; close: string }[] {
  // Only every allow's principal read makes "never seen" exact: on a busy log a sibling account
  // (kafka-1 beside kafka-2) may be among the allows not read. Case alone is a typo either way.
  const whole = cov.allowsRead >= allowLines;
  return cov.wanted
    .filter((u) => !cov.denied.includes(u) && !cov.allowed.includes(u))
    .flatMap((u) => {
      const close = near(u, cov);
      return close === null || !(whole || close.toLowerCase() === u.toLowerCase()) ? [] : [{ uid: u, close }];
    });
}

/**
 * The warnings for --uid values never denied. `allowLines`: the allows counted, so that a sample
 * that read every one of them can say "never seen" outright.
 */
export function uidNotSeen(cov: UidCoverage, allowLines: number): ScanWarning[] {
  return cov.wanted
    .filter((u) => !cov.denied.includes(u))
    .flatMap((u) => {
      // Its allows were read: a real principal, not a typo.
      const allowed = cov.allowed.includes(u);
      const close = allowed ? null : near(u, cov);
      const guess = close !== null ? `; did you mean --uid ${asciiText(close)}?` : '';
      if (cov.otherDenials > 0) {
        return [{ kind: 'uid-not-seen' as const, source: null, message: `--uid ${u} was never denied, but ${cov.otherDenials} denial(s) of other principals were read: ${principals(cov.others, 5)}${guess}` }];
      }
      // No denial at all: silent unless the allows show it absent, with a name near it, or all of them read.
      const whole = cov.allowsRead >= allowLines;
      if (allowed || cov.allowsRead === 0 || (close === null && !whole)) return [];
      const seen = cov.allowedOthers.length > 0 ? `: ${principals(cov.allowedOthers, 5)}` : '';
      // A sample cannot say "never seen": the --uid's allows may come after it.
      const message = whole
        ? `--uid ${u} was never seen: no denial, and not a principal of the ${cov.allowsRead} allowed request(s) read${seen}${guess}`
        : `--uid ${u} was not denied, and is not among the principals of the first ${cov.allowsRead} allowed request(s) read (of ${allowLines}; its own may be among those not read)${seen}${guess}`;
      return [{ kind: 'uid-not-seen' as const, source: null, message }];
    });
}
