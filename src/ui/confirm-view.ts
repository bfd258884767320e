// What the grant confirmation shows, as plain lines (pure: ConfirmDialog draws them). Every pair the
// batch sends is named in full, its rid wrapped over as many lines as it needs (never cut: two long
// rids that differ only in the middle must not look the same where consent is asked); the body
// scrolls when it is longer than the dialog. Below a minimum height nothing is asked at all: the
// dialog says the terminal is too small to confirm, and `y` refuses.
import type { BatchPlan } from '../core/session/index.js';
import { keyOf } from '../core/session/index.js';
import type { Finding, GrantPair, Risk } from '../core/types.js';
import { byAccount } from './groups.js';
import { firstLine, shown } from './text.js';

export interface DialogLine {
  text: string;
  kind: 'account' | 'pair' | 'refused' | 'note';
  /** The pair's risk, when not normal (coloured). */
  risk?: Risk;
}

/** Border (2), title, keys line, scroll line. */
export const CONFIRM_CHROME = 5;
/** Body lines a confirmation needs at least: one line of a pair and one more. */
export const MIN_CONFIRM_BODY = 2;

/** The middle is too short to show what a confirmation is for: it refuses to ask. */
export const confirmTooSmall = (height: number): boolean => height - CONFIRM_CHROME < MIN_CONFIRM_BODY;
/** Terminal rows a confirmation needs at least (the frame's fixed lines and one spare row around the middle). */
export const CONFIRM_MIN_ROWS = CONFIRM_CHROME + MIN_CONFIRM_BODY + 6 + 1;

/** `text` cut in pieces of `width` (hard: a rid has no spaces), later pieces indented by `indent`. */
export function wrapHard(text: string, width: number, indent = ''): string[] {
  const w = Math.max(1, width);
  const rest = Math.max(1, w - indent.length);
  const out = [text.slice(0, w)];
  for (let i = w; i < text.length; i += rest) out.push(indent + text.slice(i, i + rest));
  return out;
}

function pairText(p: GrantPair, f: Finding | undefined, sensitive: boolean): string {
  const risk = f && f.risk !== 'normal' ? `  ${f.risk.toUpperCase()}` : '';
  const inferred = f?.derived ? `  inferred from ${shown(f.derived.rawAction)} ${shown(f.derived.path)}` : '';
  const why = sensitive && f ? `: ${firstLine(f.explanation)}` : '';
  return `${shown(p.rid)} ${shown(p.action)}${risk}${inferred}${why}`;
}

/** The body: by account, every pair in full (the second stage: only what needs the second key). */
export function confirmLines(plan: BatchPlan, stage: 'first' | 'sensitive', findings: ReadonlyMap<string, Finding>, width: number): DialogLine[] {
  const lines: DialogLine[] = [];
  const items: GrantPair[] = stage === 'first' ? plan.pairs : plan.confirm;
  for (const g of byAccount(items)) {
    lines.push({ text: `  ${shown(g.uid)} (${g.items.length}${stage === 'sensitive' ? ' to confirm' : ''}):`, kind: 'account' });
    for (const p of g.items) {
      const f = findings.get(keyOf(p));
      const risk = f && f.risk !== 'normal' ? f.risk : undefined;
      for (const t of wrapHard(`    ${pairText(p, f, stage === 'sensitive')}`, width, '      ')) lines.push({ text: t, kind: 'pair', ...(risk ? { risk } : {}) });
    }
  }
  if (stage === 'first') {
    for (const r of plan.refused) {
      for (const t of wrapHard(`  refused ${shown(r.finding.uid)} ${shown(r.finding.rid)} ${shown(r.finding.action)}: ${r.why}`, width, '      ')) lines.push({ text: t, kind: 'refused' });
    }
  }
  return lines;
}

export interface ConfirmWindow {
  tooSmall: boolean;
  lines: DialogLine[];
  /** The first body line shown (clamped), and how many lines are above and below the window. */
  offset: number;
  above: number;
  below: number;
}

/** The part of `all` a dialog `height` lines tall shows from `offset` (clamped). */
export function confirmWindow(all: readonly DialogLine[], height: number, offset: number, notes = 0): ConfirmWindow {
  const body = height - CONFIRM_CHROME - notes;
  if (confirmTooSmall(height - notes)) return { tooSmall: true, lines: [], offset: 0, above: 0, below: 0 };
  const start = Math.max(0, Math.min(offset, all.length - body));
  const lines = all.slice(start, start + body);
  return { tooSmall: false, lines, offset: start, above: start, below: Math.max(0, all.length - start - lines.length) };
}

/** For the keys: whether the confirmation may ask at all, and how far its body scrolls. */
export function confirmScroll(plan: BatchPlan, stage: 'first' | 'sensitive', findings: ReadonlyMap<string, Finding>, width: number, height: number, filtered: boolean): { tooSmall: boolean; max: number; page: number } {
  const notes = (filtered ? 1 : 0) + (plan.pairs.some((p) => findings.get(keyOf(p))?.derived) ? 1 : 0);
  const all = confirmLines(plan, stage, findings, Math.max(20, width - 4)).length;
  const body = height - CONFIRM_CHROME - notes;
  return { tooSmall: confirmTooSmall(height - notes), max: Math.max(0, all - body), page: Math.max(1, body) };
}
