// The pace of an unattended loop (`demo --auto`, any future `--auto`): a round is granted once no new
// pending denial appeared for `settleMs` (one attempt's lines all in); when only what is not granted
// unattended was denied again in the open round, the loop is blocked. Pure: the caller observes,
// sends and sleeps.
import type { Finding, GrantPair } from '../types.js';
import { autoDecide, type AutoDecision } from './auto.js';
import { currentRound } from './state.js';
import { keyOf } from './pair-results.js';
import type { SessionState } from './types.js';

export interface AutoPace {
  /** Pending keys already noticed: the settle time counts from the last new one. */
  seen: ReadonlySet<string>;
  lastNewAt: number;
}

export interface AutoOptions {
  /** `--yes`: SENSITIVE and uncatalogued findings too. */
  yes: boolean;
  settleMs: number;
}

export type AutoNext =
  | { type: 'wait' }
  | { type: 'grant'; pairs: GrantPair[] }
  /** Settled, and the open round's denials are only of what is not granted unattended. */
  | { type: 'blocked' };

export interface AutoStep {
  pace: AutoPace;
  decision: AutoDecision;
  next: AutoNext;
}

export const startPace = (now: number): AutoPace => ({ seen: new Set(), lastNewAt: now });

export function autoNext(pace: AutoPace, s: SessionState, findings: readonly Finding[], now: number, o: AutoOptions): AutoStep {
  const decision = autoDecide(s, findings, { yes: o.yes });
  const fresh = [...decision.grant, ...decision.skipped.map((x) => x.finding)].map(keyOf).filter((k) => !pace.seen.has(k));
  const next = fresh.length ? { seen: new Set([...pace.seen, ...fresh]), lastNewAt: now } : pace;
  const settled = now - next.lastNewAt >= o.settleMs;
  if (settled && decision.grant.length) {
    return { pace: next, decision, next: { type: 'grant', pairs: decision.grant.map(({ uid, rid, action }) => ({ uid, rid, action })) } };
  }
  // Since the last batch (by log time, as the session core places denials) the service retried with
  // everything we would grant and was denied again only what we will not grant.
  const round = currentRound(s);
  if (settled && decision.skipped.some((x) => round.denials[keyOf(x.finding)])) return { pace: next, decision, next: { type: 'blocked' } };
  return { pace: next, decision, next: { type: 'wait' } };
}
