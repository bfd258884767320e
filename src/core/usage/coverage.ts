// How much of the asked window the logs read actually cover (docs/usage.md, "Coverage"): the time
// spans that hold audit records, per host and over all hosts, the gaps between them, and whether a
// verdict over them can be trusted. `unused` writes it into its report; `revoke --from` judges it
// again from the report's spans (it does not trust the report's own `gapped`/`short`).

/** A stretch with no audit record from any host longer than this is a gap: uses in it would not show. */
export const GAP_MS = 24 * 3600 * 1000;
/** Records are kept per hour: a span is made of the hours that hold records, no more than GAP_MS apart. */
export const BUCKET_MS = 3600 * 1000;
/** Covered less than this share of the asked window (`--since`…`--until`, or now): coverage is short. */
export const MIN_SHARE = 0.9;
/** Covered less than this in all: coverage is short (a weekly job's use could be missed). */
export const MIN_COVERED_MS = 7 * 24 * 3600 * 1000;

export interface Span {
  first: number;
  last: number;
}

export interface Coverage {
  /** The window judged: from `--since` (else the first record) to `until`, the report's time (report.ts windowEnd), or nulls. */
  since: number | null;
  until: number | null;
  /** The spans holding records over all hosts (merged when no more than GAP_MS apart). */
  spans: Span[];
  coveredMs: number;
  /** The window judged: the asked one, from the first record when no since, to the last when no until. */
  windowMs: number;
  /** Stretches of the window longer than GAP_MS with no record from any host (leading and trailing included). */
  gaps: Span[];
  /** Covered less than MIN_SHARE of the window, or less than MIN_COVERED_MS in all. */
  short: boolean;
}

/** Merge spans (any order) whose distance is at most GAP_MS. */
export function mergeSpans(spans: readonly Span[], gapMs = GAP_MS): Span[] {
  const sorted = [...spans].sort((a, b) => a.first - b.first);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.first - last.last <= gapMs) last.last = Math.max(last.last, s.last);
    else out.push({ ...s });
  }
  return out;
}

/**
 * Judge the union of every host's spans against the asked window; where none was asked, against
 * `within` (one component's records are judged against the window of all records read), else
 * from the first record to the last.
 */
export function judgeCoverage(hostSpans: ReadonlyArray<readonly Span[]>, asked: { since: number | null; until: number | null }, gapMs = GAP_MS, within: Span | null = null): Coverage {
  const spans = mergeSpans(hostSpans.flat(), gapMs);
  const start = asked.since ?? within?.first ?? spans[0]?.first ?? null;
  const end = asked.until ?? within?.last ?? spans[spans.length - 1]?.last ?? null;
  // Only what lies inside the window counts.
  const inside = spans
    .map((s) => ({ first: Math.max(s.first, start ?? s.first), last: Math.min(s.last, end ?? s.last) }))
    .filter((s) => s.first <= s.last);
  const coveredMs = inside.reduce((n, s) => n + (s.last - s.first), 0);
  const windowMs = start !== null && end !== null ? Math.max(0, end - start) : 0;
  const gaps: Span[] = [];
  if (start !== null && end !== null) {
    let at = start;
    for (const s of inside) {
      if (s.first - at > gapMs) gaps.push({ first: at, last: s.first });
      at = Math.max(at, s.last);
    }
    if (end - at > gapMs) gaps.push({ first: at, last: end });
  }
  const short = inside.length === 0 || coveredMs < MIN_COVERED_MS || coveredMs < MIN_SHARE * windowMs;
  return { since: asked.since, until: asked.until, spans: inside, coveredMs, windowMs, gaps, short };
}

/**
 * One component's records judged against the asked window, else against the window of all records
 * read (`all`): a component short of the others is short, though its own first and last agree.
 */
export function judgeComponent(spans: readonly Span[], asked: { since: number | null; until: number | null }, all: Coverage): Coverage {
  const first = all.spans[0];
  const last = all.spans[all.spans.length - 1];
  return judgeCoverage([spans], asked, GAP_MS, first && last ? { first: first.first, last: last.last } : null);
}

/**
 * A duration as people read it: seconds under two minutes, minutes under an hour, hours under two
 * days, then days (a short window read as "0 h" said nothing of what was read).
 */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  const h = Math.round(ms / 3_600_000);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} d`;
}

/**
 * What the window judged is, in words after its length ("30 d asked"), or null when it is only the
 * records' own first to last (a report built without its time).
 */
export function windowWords(c: Coverage): string | null {
  return c.since !== null ? 'asked' : c.until !== null ? 'from the first record to this report' : null;
}

/**
 * "the 2 h of logs read (of 30 d asked; 1 gap)": what an `unused` verdict rests on; `what` names
 * whose records (default: any component's), e.g. "mesos-master records".
 */
export function coverageText(c: Coverage, what = 'logs'): string {
  const judged = windowWords(c);
  const asked = judged ? ` of ${duration(c.windowMs)} ${judged}` : ` from ${duration(c.windowMs)} between the first and last record`;
  const gaps = c.gaps.length ? `; ${c.gaps.length} gap${c.gaps.length === 1 ? '' : 's'} longer than ${duration(GAP_MS)}` : '';
  return `the ${duration(c.coveredMs)} of ${what} read (${asked.trim()}${gaps})`;
}

/**
 * Why a verdict over `c` should not be acted on (revoke), or null when the coverage is whole enough;
 * `component` names whose records `c` counts (null: any component's).
 */
export function coverageFault(c: Coverage, iso: (t: number) => string, component: string | null = null): string | null {
  const faults: string[] = [];
  const records = component === null ? 'audit record' : `${component} audit record`;
  if (c.gaps.length) {
    const list = c.gaps.slice(0, 3).map((g) => `${iso(g.first)} → ${iso(g.last)} (${duration(g.last - g.first)})`).join(', ');
    faults.push(`no ${records} was read ${list}${c.gaps.length > 3 ? ', …' : ''}: uses then would not show`);
  }
  if (c.short) faults.push(`the ${component === null ? 'logs' : `${component} records`} cover ${duration(c.coveredMs)} of the ${duration(c.windowMs)} window${c.coveredMs < MIN_COVERED_MS ? ` (less than ${duration(MIN_COVERED_MS)})` : ''}`);
  return faults.length ? faults.join('; ') : null;
}

/** Per-host record hours → spans (merged when no more than GAP_MS apart). */
export function spansOfBuckets(buckets: ReadonlyMap<number, Span>, gapMs = GAP_MS): Span[] {
  return mergeSpans([...buckets.values()], gapMs);
}
