// What the session's transitions say of pairs and their answers, apart from the state itself: the
// loop's row key, the answer times, a batch's queue, and what reverting a batch has left to send.
import type { GrantPair, PairResult } from '../types.js';
import { accountKey } from '../policy/batch.js';
import type { Batch, TimedResult } from './types.js';

/**
 * The loop keys its rows by account: a grant made to a group (`--gid`) counts for the account whose
 * finding it answered, so the group is left out of the key (the policy's one key format otherwise).
 */
export const keyOf = (p: GrantPair): string => accountKey(p.uid, p.rid, p.action);

/** The results with their answer times (`times`, by key); one answered with the whole request gets `now`. */
export const stamped = (results: readonly PairResult[], times: Readonly<Record<string, number>>, now: number): TimedResult[] =>
  results.map((r) => ({ ...r, at: times[keyOf(r)] ?? now }));

/**
 * How many pairs of a batch in flight go before `k` (`inFlight` in the order sent, answered ones
 * gone): the IAM layer sends one pair at a time, so 0 is the pair being sent and the rest wait.
 */
export function pairsAhead(inFlight: ReadonlySet<string>, k: string): number {
  let ahead = 0;
  for (const x of inFlight) {
    if (x === k) break;
    ahead++;
  }
  return ahead;
}

/** What a pair waiting in a batch in flight says of itself (the detail pane). */
export const queuedNote = (ahead: number): string => `queued: sent once the ${ahead} pair(s) before it in the batch are answered`;

// Reverting a batch, the same for undoing a grant batch here and for granting back a revoke batch
// of the held-not-used list (unused.ts): what is left to revert, and when the batch is undone.

/** The pair is not held after this answer (taken away now, or it was not there). */
export const isGone = (r: PairResult): boolean => r.outcome === 'revoked' || r.outcome === 'already absent';

/** The pair is held after this answer (granted now, or it was there already). */
export const isHeldNow = (r: PairResult): boolean => r.outcome === 'granted' || r.outcome === 'already held';

/** Nothing of the pair is left to revert: reverted now, or (`already undone`) the ledger shows it taken back or given back since. */
export const isReverted = (r: PairResult, did: 'revoked' | 'granted'): boolean => (did === 'revoked' ? isGone(r) : isHeldNow(r)) || r.outcome === 'already undone';

/** What reverting a batch must still send: the pairs the batch did (`did`: their outcome), not reverted yet. */
export const pairsLeft = (results: readonly PairResult[], did: PairResult['outcome'], reverted: readonly string[]): GrantPair[] =>
  results.filter((r) => r.outcome === did && !reverted.includes(keyOf(r))).map((r) => ({ uid: r.uid, rid: r.rid, action: r.action }));

/**
 * Answers to reverting a batch came in (`back`: the keys they reverted): the batch's reverted keys
 * now, and whether nothing the batch did is left.
 */
export function reverted(results: readonly PairResult[], did: PairResult['outcome'], before: readonly string[], back: ReadonlySet<string>): { reverted: string[]; undone: boolean } {
  const now = [...new Set([...before, ...results.filter((r) => r.outcome === did && back.has(keyOf(r))).map(keyOf)])];
  return { reverted: now, undone: results.every((r) => r.outcome !== did || now.includes(keyOf(r))) };
}

/** The pairs undo must revoke: only those this batch granted (not those held before it). */
export const pairsToUndo = (b: Batch): GrantPair[] => pairsLeft(b.results, 'granted', b.revoked);
