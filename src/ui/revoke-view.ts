// The bodies of the other questions that list pairs, as plain lines (dialog-view.ts has the rule they
// share with the grant confirmation): `u` (undo a grant batch: revoke it), the unused list's `g`
// (revoke the selection, with what is dangerous to touch and what the policy refused) and its `u`
// (grant a revoke batch back: a grant, so each pair's risk is named as the grant confirmation would).
// And the body of whichever question is open, built once for the keys and the dialog drawn alike.
import { explain } from '../core/catalog/index.js';
import { keyOf, type BatchPlan, type RevokePlan } from '../core/session/index.js';
import type { Finding, GrantPair, Risk } from '../core/types.js';
import { confirmBody } from './confirm-view.js';
import { byAccountLines, pairLines, type DialogBody, type DialogLine } from './dialog-view.js';
import type { UiState } from './screen.js';
import { shown, shownId } from './text.js';

const pairText = (p: GrantPair): string => `${shownId(p.rid)} ${shownId(p.action)}`;

/** `u` on the denials list: the batch's pairs by account. */
function undoBody(pairs: readonly GrantPair[], width: number): DialogBody {
  return { notes: [], lines: byAccountLines(pairs, width, String, (p) => ({ text: pairText(p) })) };
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

/** `u` on the unused list: the pairs to grant back, each with its risk when not normal. */
export function regrantBody(pairs: readonly GrantPair[], width: number): DialogBody {
  const lines = pairs.flatMap((p) => {
    const risk = riskOf(p);
    const note = risk === undefined ? '' : `  ${risk === 'unknown' ? 'UNKNOWN RISK' : risk.toUpperCase()}`;
    return pairLines(`    ${pairText(p)}${note}`, width, 'pair', risk);
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
      return u.undo ? undoBody(u.undo.pairs, width) : null;
    case 'revoke':
      return u.revokePlan ? revokeBody(u.revokePlan, width) : null;
    case 'regrant':
      return u.regrant ? regrantBody(u.regrant.pairs, width) : null;
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
