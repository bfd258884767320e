// The propagation grace: a denial logged up to a few seconds after the grant that covers it is the
// tail of the denials before it (an authorizer's cache, whole-second log times, clocks a little
// apart), not a sign that the grant was wrong. Such a denial neither shows "still denied after
// grant" nor counts as a new denial of the round the grant opened.
import { actionCovers } from '../policy/covers.js';
import type { Finding, GrantPair } from '../types.js';
import type { Batch } from './types.js';
import { isHeldNow } from './pair-results.js';

export const PROPAGATION_GRACE_MS = 5_000;

/** Does `held` (a pair now held) cover a denial of `f`: the same action, or `full` on the same rid. */
export const pairCovers = (held: GrantPair, f: GrantPair): boolean => held.uid === f.uid && held.rid === f.rid && actionCovers(held.action, f.action);

/** Did batch `b` make `f` held (granted, or found already held)? */
export const batchCovers = (b: Batch, f: Finding): boolean => b.results.some((r) => isHeldNow(r) && pairCovers(r, f));

/** A denial logged at `t` within the grace after batch `b`, which covers it. */
export const inGrace = (b: Batch, f: Finding, t: number | null, graceMs = PROPAGATION_GRACE_MS): boolean =>
  t !== null && t <= b.at + graceMs && batchCovers(b, f);
