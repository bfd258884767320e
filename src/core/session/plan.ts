// What a grant batch would do with the current selection: which pairs go, which need a second
// confirmation (SENSITIVE, unknown), which are refused (DANGEROUS without --allow-dangerous, non-rid).
import type { Finding, GrantPair } from '../types.js';
import { keyOf } from './state.js';
import { heldRecords, statusOf } from './status.js';
import type { SessionState } from './types.js';

export interface BatchPlan {
  /** Pairs to send, in list order. */
  pairs: GrantPair[];
  /** The subset of `pairs` that needs the second key (SENSITIVE or not in the catalog). */
  sensitive: Finding[];
  refused: Array<{ finding: Finding; why: string }>;
}

export interface PlanOptions {
  allowDangerous: boolean;
}

export function planBatch(s: SessionState, findings: readonly Finding[], opts: PlanOptions): BatchPlan {
  const plan: BatchPlan = { pairs: [], sensitive: [], refused: [] };
  for (const f of findings) {
    if (!s.selected.has(keyOf(f))) continue;
    if (f.kind === 'non-rid') {
      plan.refused.push({ finding: f, why: 'not a DC/OS rid: nothing can be granted' });
      continue;
    }
    if (f.risk === 'dangerous' && !opts.allowDangerous) {
      plan.refused.push({ finding: f, why: 'DANGEROUS (superuser-equivalent): restart with --allow-dangerous to grant it' });
      continue;
    }
    plan.pairs.push({ uid: f.uid, rid: f.rid, action: f.action });
    if (f.risk !== 'normal') plan.sensitive.push(f);
  }
  return plan;
}

/** The keys `a` selects: verified (not derived: an inferred mapping is checked by eye first), normal risk, not held or covered yet. */
export function safeKeys(s: SessionState, findings: readonly Finding[]): string[] {
  const held = heldRecords(s);
  return findings
    .filter((f) => f.kind === 'permission' && f.risk === 'normal' && (s.uid === null || f.uid === s.uid))
    .filter((f) => {
      const st = statusOf(s, f, { held }).status;
      return st === 'new' || st === 'selected';
    })
    .map(keyOf);
}
