// Why a batch failed, said once: when every pair refused or failed for the one reason (an expired
// token, an IAM that cannot be reached), the loop's results and the quit summary give that reason
// whole, once, instead of cutting it on every row.
import { STOPPED_AFTER_ERROR, type PairResult } from '../types.js';

/** The detail of each pair left unsent then: the words are the only mark such a pair carries of that cause. */
export const STOPPED_BEFORE = `not attempted: ${STOPPED_AFTER_ERROR}`;

const failedOrRefused = (r: PairResult): boolean => r.outcome === 'failed' || r.outcome === 'refused';

/** A pair left unsent because an earlier pair's error stopped the batch: that error is its cause too. */
export const stoppedByEarlier = (r: PairResult): boolean => failedOrRefused(r) && (r.detail ?? '').startsWith(STOPPED_BEFORE);

/**
 * The one reason shared by every pair that failed or was refused (pairs stopped by an earlier error
 * share that error's), or null when none failed or the reasons differ. A lone failure among other
 * answers is no batch's reason: its row keeps it, as the others keep theirs.
 */
export function sharedCause(results: readonly PairResult[]): string | null {
  const failed = results.filter(failedOrRefused);
  if (failed.length < 2 && failed.length < results.length) return null;
  const own = new Set(failed.filter((r) => !stoppedByEarlier(r)).map((r) => r.detail ?? ''));
  const [cause] = own;
  return own.size === 1 && cause ? cause : null;
}

/** True when `r`'s own detail is the shared `cause` (the row then need not repeat it). */
export const hasCause = (r: PairResult, cause: string | null): boolean => cause !== null && failedOrRefused(r) && r.detail === cause;
