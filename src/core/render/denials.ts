// The denials a total names. stats.denyLines counts every principal's, with and without --uid
// (docs/verdicts.md, "Stats with and without --uid"); next to findings of the --uid accounts only,
// the totals of the table and the scripts' first line count theirs: the findings' counts (every
// finding of a --uid is kept, findings/bound.ts), with all of them after.
import type { ScanResult } from '../types.js';

/**
 * `14 denials of --uid (18 in all)`; without --uid, `12 denials in --since/--until (18 in all)`; when
 * they are all: `18 denials`. `unit`: how a count is named.
 */
export function denialsText(result: Pick<ScanResult, 'findings' | 'stats' | 'uidCoverage'>, unit: (n: number) => string): string {
  const all = result.stats.denyLines;
  if (!result.uidCoverage) {
    // Without --uid, only --since/--until leave denials out (stats.filteredLines).
    const inside = all - (result.stats.filteredLines ?? 0);
    return inside === all ? `${all} ${unit(all)}` : `${inside} ${unit(inside)} in --since/--until (${all} in all)`;
  }
  const asked = result.findings.reduce((n, f) => n + f.count, 0);
  return asked === all ? `${all} ${unit(all)}` : `${asked} ${unit(asked)} of --uid (${all} in all)`;
}
