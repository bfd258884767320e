// The one edit distance of "did you mean": a mistyped option or command (commands/usage.ts) and a
// --uid close to a principal the log shows (findings/uid-not-seen.ts). Counted in UTF-16 code units:
// the words compared are option names, command words and account ids (ASCII).

export interface EditDistanceOptions {
  /** Count swapping two adjacent characters as one edit (`scna` → `scan`): optimal string alignment. Default false (Levenshtein). */
  transpositions?: boolean;
  /** Stop counting past this: anything farther is `max + 1` (uids are compared with every principal read). Default: no bound. */
  max?: number;
}

/** Insertions, deletions and substitutions (and, with `transpositions`, adjacent swaps) that turn `a` into `b`. */
export function editDistance(a: string, b: string, opts: EditDistanceOptions = {}): number {
  const { transpositions = false, max = Infinity } = opts;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rows of b.length + 1 cells (the one two back only for swaps): every index read is in range.
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (transpositions && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
      least = Math.min(least, d);
    }
    // A row's least cell never falls below the row before's (a swap's cell is one more than two
    // rows back, and the row between is at most that): once past max, so is the distance.
    if (least > max) return max + 1;
    before = prev;
    prev = cur;
  }
  return Math.min(prev[b.length]!, max + 1);
}
