// The bodies of the other questions that list pairs, as plain lines (dialog-view.ts has the rule they
// share with the grant confirmation): `u` (undo a grant batch: revoke it), the unused list's `g`
// (revoke the selection, with what is dangerous to touch and what the policy refused) and its `u`
// (grant a revoke batch back: a grant, so each pair's risk is named as the grant confirmation would);
// the two undo questions give each pair the time it was granted or revoked (its own answer's).
// And the body of whichever question is open, built once for the keys and the dialog drawn alike.
import { explain } from '../core/catalog/index.js';
import { keyOf, type BatchPlan, type RevokePlan, type TimedResult } from '../core/session/index.js';
import { formatTime } from '../core/format.js';
import type { Finding, GrantPair, Risk } from '../core/types.js';
import { confirmBody } from './confirm-view.js';
import { byAccountLines, pairLines, type DialogBody, type DialogLine } from './dialog-view.js';
import type { UiState } from './screen.js';
import { shown, shownId } from './text.js';

const pairText = (p: GrantPair): string => `${shownId(p.rid)} ${shownId(p.action)}`;

/** When each pair of `results` was answered (the time of its ledger line), by key. */
const answerTimes = (results: readonly TimedResult[]): Map<string, number> => new Map(results.map((r) => [keyOf(r), r.at]));

/**
 * The time a batch did what a question lists, for its title: the first and the last of those
 * pairs' answer times (one when they fall in the same second; a batch sends one pair at a time),
 * else the batch's end.
 */
export function answeredSpan(batch: { at: number; results: readonly TimedResult[] }, pairs: readonly GrantPair[]): string {
  const times = answerTimes(batch.results);
  const at = pairs.map((p) => times.get(keyOf(p))).filter((t): t is number => t !== undefined);
  if (!at.length) return formatTime(batch.at);
  const [first, last] = [formatTime(Math.min(...at)), formatTime(Math.max(...at))];
  return first === last ? first : `${first} to ${last}`;
}

/** A pair as an undo question lists it: with the time `did` happened to it (its own answer's). */
const withTime = (p: GrantPair, did: string, times: ReadonlyMap<string, number>): string => {
  const at = times.get(keyOf(p));
  return `${pairText(p)}${at === undefined ? '' : `  ${did} ${formatTime(at)}`}`;
};

/** `u` on the denials list: the batch's pairs by account, each with the time it was granted. */
function undoBody(results: readonly TimedResult[], pairs: readonly GrantPair[], width: number): DialogBody {
  const times = answerTimes(results);
  return { notes: [], lines: byAccountLines(pairs, width, String, (p) => ({ text: withTime(p, 'granted', times) })) };
}

/** `g` on the unused list: every pair (dangerous to touch ones marked), then every refusal with why. */
function revokeBody(plan: RevokePlan, width: number): DialogBody {
  const caution = new Set(plan.cautions.map((c) => keyOf(c.pair)));
  const lines: DialogLine[] = [];
  for (const p of plan.pairs) {
    const touchy = caution.has(keyOf(p));
    lines.push(...pairLines(`    ${pairText(p)}${touchy ? '  DANGEROUS TO TOUCH (--allow-dangerous)' : ''}`, width, 'pair', touchy ? 'dangerous' : undefined));
  }
  if (plan.refused.length) lines.push({ text: `  refused (${plan.refused.length}), not sent:`, kind: 'refused' });
  for (const r of plan.refused) lines.push(...pairLines(`    ${pairText(r.pair)}: ${shown(r.why)}`, width, 'refused'));
  return { notes: [], lines };
}

/** A grant back is a grant: what the grant confirmation would name is named here too (y is the consent). */
function riskOf(p: GrantPair): Risk | undefined {
  const risk = explain(p.rid, p.action).risk;
  return risk === 'normal' ? undefined : risk;
}

/** `u` on the unused list: the pairs to grant back, each with the time it was revoked and its risk when not normal. */
export function regrantBody(results: readonly TimedResult[], pairs: readonly GrantPair[], width: number): DialogBody {
  const times = answerTimes(results);
  const lines = pairs.flatMap((p) => {
    const risk = riskOf(p);
    const note = risk === undefined ? '' : `  ${risk === 'unknown' ? 'UNKNOWN RISK' : risk.toUpperCase()}`;
    return pairLines(`    ${withTime(p, 'revoked', times)}${note}`, width, 'pair', risk);
  });
  return { notes: [], lines };
}

/** The open question's body (null: none open, or one that lists no pairs), for its keys; `hidden`: the plan's pairs the filter hides. */
function openBody(u: UiState, findings: ReadonlyMap<string, Finding>, width: number, hidden: number): DialogBody | null {
  switch (u.mode) {
    case 'confirm':
    case 'confirm2':
      return u.plan ? confirmBody(u.plan, u.mode === 'confirm' ? 'first' : 'sensitive', findings, width, hidden, u.filter) : null;
    case 'undo':
      return u.undo ? undoBody(u.undo.batch.results, u.undo.pairs, width) : null;
    case 'revoke':
      return u.revokePlan ? revokeBody(u.revokePlan, width) : null;
    case 'regrant':
      return u.regrant ? regrantBody(u.regrant.batch.results, u.regrant.pairs, width) : null;
    default:
      return null;
  }
}

/**
 * openBody kept while its inputs are the same: the keys (how far the body scrolls, whether the
 * terminal may ask) and the dialog drawn after them share one build per question and width, rather
 * than a build each per key (a body lists every pair of a batch, each rid wrapped).
 */
export function bodyCache(): (u: UiState, findings: ReadonlyMap<string, Finding>, width: number, hidden: (p: BatchPlan) => number) => DialogBody | null {
  let last: { deps: unknown[]; body: DialogBody | null } | null = null;
  return (u, findings, width, hidden) => {
    const n = (u.mode === 'confirm' || u.mode === 'confirm2') && u.plan ? hidden(u.plan) : 0;
    const deps = [u.mode, u.plan, u.undo, u.revokePlan, u.regrant, u.filter, findings, width, n];
    if (!last || deps.some((d, i) => d !== last?.deps[i])) last = { deps, body: openBody(u, findings, width, n) };
    return last.body;
  };
}
