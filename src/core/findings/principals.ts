// With --uid, the principals the scan saw besides the wanted ones: denied (counted from their
// bytes or parsed) and allowed (the allows whose principal was read, a sample: scanner/allow-sample.ts).
// A --uid never denied is then told apart from one never seen, and a near name offered.

/** Distinct principals kept (a bound on memory: log text anyone may write names them). */
const MAX_PRINCIPALS = 10_000;

export class PrincipalCounts {
  private readonly counts = new Map<string, number>();
  /** Every line counted, kept or not. */
  total = 0;
  /** The lines whose principal is kept: past the bound, a name is not known to be absent (uid-not-seen.ts). */
  kept = 0;

  add(uid: string): void {
    this.total++;
    const n = this.counts.get(uid);
    if (n !== undefined) this.counts.set(uid, n + 1);
    else if (this.counts.size < MAX_PRINCIPALS) this.counts.set(structuredClone(uid), 1); // not a slice of its line
    else return;
    this.kept++;
  }

  has(uid: string): boolean {
    return this.counts.has(uid);
  }

  /** The `n` most counted, most first (ties by name), leaving out `except`. */
  top(n: number, except: ReadonlySet<string> = new Set()): { uid: string; count: number }[] {
    return [...this.counts]
      .filter(([uid]) => !except.has(uid))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([uid, count]) => ({ uid, count }));
  }
}
