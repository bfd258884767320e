// Why the session's grant batches failed, batch by batch, for the loop's help overlay (`?`): the
// results panel shows only the last batch, and is gone once another batch or an undo answers.
// The reasons are the batch's recorded answers (cause.ts groups them), never new words.
import type { PairResult } from '../types.js';
import { sharedCause, stoppedByEarlier } from './cause.js';
import type { SessionState } from './types.js';

export interface FailedBatch {
  /** The batch's number in the session ("batch 2" in the results panel). */
  n: number;
  /** The one reason its failed or refused pairs share (cause.ts), or null when they differ. */
  cause: string | null;
  /** Its failed or refused pairs with a reason of their own (not those an earlier error left unsent). */
  failed: PairResult[];
  /** Pairs left unsent because an earlier pair's error stopped the batch (cause.ts STOPPED_BEFORE). */
  stopped: number;
  /** Pairs the batch sent or meant to send. */
  total: number;
}

/** A grant batch's number from its id (`<session>-b<n>`, core/session/driver.ts), or null. */
export function batchNumber(id: string): number | null {
  const m = /-b(\d+)$/.exec(id);
  return m ? Number(m[1]) : null;
}

const failedOrRefused = (r: PairResult): boolean => r.outcome === 'failed' || r.outcome === 'refused';

/**
 * Every grant batch of the session with a pair that failed or was refused, the newest first: those
 * that granted nothing (kept by their round) and those that granted some of their pairs.
 */
export function failedBatches(s: SessionState): FailedBatch[] {
  const all = [...s.batches.map((b) => ({ id: b.id, results: b.results })), ...s.rounds.flatMap((r) => r.failed.map((f) => ({ id: f.batch, results: f.results })))];
  const out: FailedBatch[] = [];
  for (const b of all) {
    const bad = b.results.filter(failedOrRefused);
    const n = batchNumber(b.id);
    if (!bad.length || n === null) continue;
    const stopped = bad.filter(stoppedByEarlier);
    out.push({ n, cause: sharedCause(b.results), failed: bad.filter((r) => !stopped.includes(r)), stopped: stopped.length, total: b.results.length });
  }
  return out.sort((a, b) => b.n - a.n);
}
