// Where a `--since` window starts, without downloading the history before it: the logging API has
// no time filter, but `skip_prev` moves back any number of entries from a cursor and `limit=1`
// answers with just the entry found there (docs/logging-api.md). From the newest entry T, probe
// T-k for k doubling until an entry is older than `since`, then halve the gap down to one page.
// Probes are anchored on T's cursor, so entries written meanwhile do not shift them.

/** One entry `skipPrev` before `cursor` (null: from the journal's end), and how far it really went. */
export type Probe = (skipPrev: number, cursor: string | null) => Promise<{ cursor: string; timeMs: number | null; skipped: number } | null>;

/** Read from the journal's start (`cursor` null), or from `skipPrev` entries before `cursor`, or strictly after `cursor` (skipPrev 0). */
export interface Start {
  cursor: string | null;
  skipPrev: number;
  /** Probe requests made (each one is a log request, logged by Admin Router). */
  probes: number;
}

const MAX_DOUBLINGS = 48;

export async function findStart(probe: Probe, sinceMs: number, step: number): Promise<Start> {
  let probes = 1;
  const tail = await probe(1, null);
  if (!tail) return { cursor: null, skipPrev: 0, probes };
  const before = (t: number | null) => t !== null && t < sinceMs;
  if (before(tail.timeMs)) return { cursor: tail.cursor, skipPrev: 0, probes }; // nothing in the window yet
  const T = tail.cursor;
  // Invariants: entry T-newer is in the window; entry T-older is before it (once found).
  let newer = 0;
  let older = -1;
  for (let k = Math.max(1, step), i = 0; i < MAX_DOUBLINGS; k *= 2, i++) {
    probes++;
    const e = await probe(k, T);
    if (!e) return { cursor: null, skipPrev: 0, probes };
    if (before(e.timeMs)) {
      older = Math.min(k, e.skipped);
      break;
    }
    if (e.skipped < k) return { cursor: null, skipPrev: 0, probes }; // reached the first entry, still in the window
    newer = k;
  }
  if (older < 0) return { cursor: null, skipPrev: 0, probes };
  while (older - newer > step) {
    const mid = Math.floor((older + newer) / 2);
    probes++;
    const e = await probe(mid, T);
    if (!e || before(e.timeMs)) older = mid;
    else newer = mid;
  }
  return { cursor: T, skipPrev: older, probes };
}
