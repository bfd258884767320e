// What a grant batch would do with the current selection, as the policy decides it for someone at
// the keyboard: which pairs go, which need the second key, which are refused and why.
import { decide, isSafe } from '../policy/index.js';
import type { Finding, GrantPair } from '../types.js';
import { keyOf } from './pair-results.js';
import { heldRecords, statusOf } from './status.js';
import type { SessionState } from './types.js';

export interface BatchPlan {
  /** Pairs to send, in list order. */
  pairs: GrantPair[];
  /** The findings of `pairs` that are not normal risk (SENSITIVE, unknown, DANGEROUS): labelled in the dialog. */
  sensitive: Finding[];
  /** The findings of `pairs` the policy wants confirmed: the second key (none with --yes). */
  confirm: Finding[];
  refused: Array<{ finding: Finding; why: string }>;
}

/** The consents the loop was started with. */
export interface PlanOptions {
  allowDangerous: boolean;
  forceNative?: boolean;
  /** `--yes`: what needs a confirmation needs no second key. */
  yes?: boolean;
}

export function planBatch(s: SessionState, findings: readonly Finding[], opts: PlanOptions): BatchPlan {
  const plan: BatchPlan = { pairs: [], sensitive: [], confirm: [], refused: [] };
  const ctx = { op: 'grant', mode: 'interactive', allowDangerous: opts.allowDangerous, forceNative: !!opts.forceNative, yes: !!opts.yes } as const;
  for (const f of findings) {
    if (!s.selected.has(keyOf(f))) continue;
    const d = decide(f, ctx);
    if (d.verdict === 'refuse') {
      plan.refused.push({ finding: f, why: d.reason });
      continue;
    }
    plan.pairs.push({ uid: f.uid, rid: f.rid, action: f.action });
    if (d.risk !== 'normal') plan.sensitive.push(f);
    if (d.verdict === 'confirm') plan.confirm.push(f);
  }
  return plan;
}

/**
 * The keys `a` selects: verified (not derived: an inferred mapping is checked by eye first), what the
 * policy grants with no consent at all, not held or covered yet.
 */
export function safeKeys(s: SessionState, findings: readonly Finding[]): string[] {
  const held = heldRecords(s);
  return findings
    .filter((f) => f.kind === 'permission' && (s.uid === null || f.uid === s.uid) && isSafe(f))
    .filter((f) => {
      const st = statusOf(s, f, { held }).status;
      return st === 'new' || st === 'selected';
    })
    .map(keyOf);
}
