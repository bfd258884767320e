// The catalog's explanation of a (rid, action), computed once per pair for the findings aggregator.
import type { Explanation } from '../catalog/index.js';

/** Distinct (rid, action) explanations kept; past it the memo starts over (memory stays bounded). */
const EXPLAIN_MEMO = 4096;
/**
 * Longer rids are explained each time, not kept as keys: a rid that long is one service's or one
 * request's own (seldom shared), and a key is a second copy of it besides the finding's (1,500
 * findings of 1.5 KB rids: 2.3 MB the findings bound did not weigh).
 */
const MAX_KEY_RID = 256;

/**
 * Every principal denied the same permission gets the same explanation: without `--uid`, a busy log
 * makes thousands of findings from a few dozen (rid, action) pairs, and matching the catalog (up
 * to ~70 patterns) for each was most of the aggregator's time. Explanations are read, never changed.
 */
export function memoized(explain: (rid: string, action: string) => Explanation): (rid: string, action: string) => Explanation {
  const memo = new Map<string, Explanation>();
  return (rid, action) => {
    if (rid.length > MAX_KEY_RID) return explain(rid, action);
    const key = `${rid}\u0000${action}`;
    let x = memo.get(key);
    if (x === undefined) {
      if (memo.size >= EXPLAIN_MEMO) memo.clear();
      x = explain(rid, action);
      memo.set(key, x);
    }
    return x;
  };
}
