// The policy over a whole batch, before the first request: a batch with any pair not allowed
// applies nothing (the CLI's rails and the IAM client's last check).
import type { GrantPair, PairResult } from '../types.js';
import { decide, type PolicyContext, type PolicyDecision } from './decide.js';

export interface BatchDecision extends PolicyDecision {
  pair: GrantPair;
}

export interface BatchReport {
  decisions: BatchDecision[];
  /** Every pair is allowed: the batch may be applied. */
  ok: boolean;
  refused: BatchDecision[];
  /** Pairs an interactive caller must confirm (then decide again with `yes`). */
  confirm: BatchDecision[];
  /** What allowed pairs are worth a warning for. */
  warnings: string[];
}

export function decideBatch(pairs: readonly GrantPair[], ctx: PolicyContext): BatchReport {
  const decisions = pairs.map((pair) => ({ ...decide(pair, ctx), pair }));
  return {
    decisions,
    ok: decisions.every((d) => d.verdict === 'allow'),
    refused: decisions.filter((d) => d.verdict === 'refuse'),
    confirm: decisions.filter((d) => d.verdict === 'confirm'),
    warnings: decisions.map((d) => d.warning).filter((w): w is string => !!w),
  };
}

/** Results for a batch the policy stopped: the culprits with their reason, the rest "not applied". */
export function refusedBatch(report: BatchReport): PairResult[] {
  const bad = report.decisions.filter((d) => d.verdict !== 'allow').length;
  return report.decisions.map((d) => ({
    ...d.pair,
    outcome: 'refused' as const,
    detail: d.verdict === 'allow' ? `not applied: ${bad} other pair${bad === 1 ? '' : 's'} in this batch ${bad === 1 ? 'was' : 'were'} refused` : d.reason,
    aclCreated: false,
  }));
}

/** One key per ACE: the account's (uid, rid, action), or the group's (a group pair's uid is only who it answers for). */
export const pairKey = (p: GrantPair): string =>
  p.gid !== undefined ? `group\u0000${p.gid}\u0000${p.rid}\u0000${p.action}` : accountKey(p.uid, p.rid, p.action);

/** The key of an account's (uid, rid, action): pairKey of a pair without a group. */
export const accountKey = (uid: string, rid: string, action: string): string => `${uid}\u0000${rid}\u0000${action}`;

/** Drops repeated pairs, keeping the first (a batch grants each pair once). */
export function uniquePairs<T extends GrantPair>(pairs: readonly T[]): T[] {
  const seen = new Set<string>();
  return pairs.filter((p) => {
    const k = pairKey(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
