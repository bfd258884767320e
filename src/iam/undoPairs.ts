// The loop's `u` reverts one batch, not a whole session: the plan `undo --session` makes for the
// loop's own session (sessionToUndo, with every ledger check of undoState.ts and undoCheck.ts),
// narrowed to the batch's pairs. A pair the plan does not name is sent nothing: the ledger shows
// nothing of it left to revert (docs/ledger.md, "The loop's undo").
import { pairKey } from '../core/policy/index.js';
import type { GrantPair } from '../core/types.js';
import type { UndoPlan } from './ledger.js';
import type { LedgerRecord } from './ledgerLines.js';
import { undoCheck } from './undoCheck.js';

/** `op`: what the batch did (`grant`: `u` revokes it; `revoke`: `u` grants it back). */
export function planForPairs(plan: UndoPlan, pairs: readonly GrantPair[], op: 'grant' | 'revoke'): { plan: UndoPlan; unnamed: GrantPair[] } {
  const wanted = new Set(pairs.map(pairKey));
  const mine = (r: LedgerRecord): boolean => r.op === op && wanted.has(pairKey(r));
  const narrowed: UndoPlan = {
    session: plan.session,
    grants: op === 'grant' ? plan.grants.filter(mine) : [],
    regrants: op === 'revoke' ? plan.regrants.filter(mine) : [],
    skipped: plan.skipped.filter((s) => mine(s.record)),
    // Its notes only (a DANGEROUS grant revoked), as undoCheck words them.
    notes: op === 'grant' ? plan.grants.filter(mine).flatMap((r) => { const c = undoCheck(r); return c.ok && c.note ? [c.note] : []; }) : [],
    done: plan.done.filter((d) => mine(d.record)),
  };
  const named = new Set([...narrowed.grants, ...narrowed.regrants, ...narrowed.skipped.map((s) => s.record), ...narrowed.done.map((d) => d.record)].map(pairKey));
  return { plan: narrowed, unnamed: pairs.filter((p) => !named.has(pairKey(p))) };
}

/** Why nothing is sent for a pair the plan does not name (a refused result's detail). */
export const unnamedDetail = (op: 'grant' | 'revoke', session: string): string =>
  `${op === 'grant' ? 'not revoked' : 'not granted back'}: the ledger shows no ${op} of it by session ${session} left to revert: nothing sent (see \`audit2grant history\`)`;
