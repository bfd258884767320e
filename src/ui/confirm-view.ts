// What the grant confirmation shows, as plain lines (pure: ConfirmDialog draws them through
// PairDialog, the keys scroll them): by account, every pair the batch sends in full, with its risk,
// whether it was inferred, and on the SENSITIVE second key why it is sensitive; then what the policy
// refused, with why. The rule shared by every question that lists pairs is in dialog-view.ts.
import type { BatchPlan } from '../core/session/index.js';
import { keyOf } from '../core/session/index.js';
import type { Finding, GrantPair } from '../core/types.js';
import { byAccountLines, pairLines, type DialogBody } from './dialog-view.js';
import { firstLine, shown, shownId } from './text.js';

function pairText(p: GrantPair, f: Finding | undefined, sensitive: boolean): string {
  const risk = f && f.risk !== 'normal' ? `  ${f.risk.toUpperCase()}` : '';
  const inferred = f?.derived ? `  inferred from ${shownId(f.derived.rawAction)} ${shownId(f.derived.path)}` : '';
  const why = sensitive && f ? `: ${firstLine(f.explanation)}` : '';
  return `${shownId(p.rid)} ${shownId(p.action)}${risk}${inferred}${why}`;
}

/**
 * The body: by account, every pair in full (the second stage: only what needs the second key), then
 * the refusals. Notes: pairs of the batch the filter hides (`hidden`), and inferred ones.
 */
export function confirmBody(
  plan: BatchPlan, stage: 'first' | 'sensitive', findings: ReadonlyMap<string, Finding>, width: number, hidden = 0, filter = '',
): DialogBody {
  const inferred = plan.pairs.filter((p) => findings.get(keyOf(p))?.derived).length;
  const notes = [
    hidden ? `${hidden} of them hidden by the filter "${shown(filter)}": they are in this batch too` : '',
    inferred ? `${inferred} inferred (mapped from a Marathon/Metronome action): check the mapping` : '',
  ].filter(Boolean);
  const items: GrantPair[] = stage === 'first' ? plan.pairs : plan.confirm;
  const lines = byAccountLines(items, width, (n) => `${n}${stage === 'sensitive' ? ' to confirm' : ''}`, (p) => {
    const f = findings.get(keyOf(p));
    return { text: pairText(p, f, stage === 'sensitive'), ...(f && f.risk !== 'normal' ? { risk: f.risk } : {}) };
  });
  if (stage === 'first') {
    for (const r of plan.refused) {
      lines.push(...pairLines(`  refused ${shownId(r.finding.uid)} ${shownId(r.finding.rid)} ${shownId(r.finding.action)}: ${shown(r.why)}`, width, 'refused'));
    }
  }
  return { notes, lines };
}

/** What the second key confirms, by the risks it holds: `DANGEROUS` (with --allow-dangerous), `SENSITIVE`, `uncatalogued`. */
export function confirmWord(confirm: readonly Finding[]): string {
  const words = (['dangerous', 'sensitive', 'unknown'] as const).filter((r) => confirm.some((f) => f.risk === r)).map((r) => RISK_WORD[r]);
  return words.join('/') || 'SENSITIVE';
}
const RISK_WORD = { dangerous: 'DANGEROUS', sensitive: 'SENSITIVE', unknown: 'uncatalogued' } as const;
