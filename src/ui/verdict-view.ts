// What the loop says of the scan's verdict (docs/verdicts.md), from the snapshot's warnings and
// headline: the empty list's lines (the CLI's headline instead of "waiting", then the warnings),
// and, with findings, the one-line banner when the input was read only in part. Pure: the
// components draw these lines, tests check them without a terminal.
import { NO_VERDICT_KINDS } from '../core/findings/verdict.js';
import type { ScanWarning } from '../core/types.js';
import { wrapWords } from './wrap.js';
import { clipEnd, shown } from './text.js';

/** The snapshot's part that bears on the verdict (LiveSnapshot's fields). */
export interface VerdictState {
  done: boolean;
  headline?: string | null;
  warnings?: readonly ScanWarning[];
}

export interface EmptyLine {
  text: string;
  tone: 'dim' | 'warn' | 'plain';
}

export const WAITING = 'no denials yet: waiting for audit lines…';

/** Warnings that make "no finding" no verdict, and a list of findings possibly incomplete. */
const partialWarnings = (s: VerdictState): ScanWarning[] => (s.warnings ?? []).filter((w) => NO_VERDICT_KINDS.has(w.kind));

/**
 * With findings: "input read only in part: N warnings — the first" ("findings partial: …" when the
 * first is the findings bound's), fitted to the width; null when none.
 */
export function partialBanner(s: VerdictState, width: number): string | null {
  const ws = partialWarnings(s);
  const first = ws[0];
  if (!first) return null;
  const what = first.kind === 'findings-not-kept' ? 'findings partial' : 'input read only in part';
  return clipEnd(`${what}: ${ws.length} warning${ws.length === 1 ? '' : 's'} — ${shown(first.message)}`, width);
}

/** Live, under the verdict of what was read so far. */
export const FOLLOWING = 'following the sources: new lines may change this';

/**
 * What the list says with no row (no filter): done, the CLI's headline, then the warnings; live,
 * the wait, or once the scan settled with warnings, the headline of what was read so far. At most
 * `room` lines of at most `width` columns: when cut, the last line says how many are left, and a
 * single line is the first one clipped (the headline, or the wait).
 */
export function emptyLines(s: VerdictState, width: number, room: number): EmptyLine[] {
  const warnings = s.warnings ?? [];
  const heads: EmptyLine[] = [];
  if (s.done) heads.push({ text: s.headline ? shown(s.headline) : 'the scan ended: no denial was read', tone: warnings.length ? 'warn' : 'plain' });
  // Live, "No permission denials found." is not said: more lines may come.
  else if (s.headline && warnings.length) heads.push({ text: `so far: ${shown(s.headline)}`, tone: 'warn' }, { text: FOLLOWING, tone: 'dim' });
  else heads.push({ text: WAITING, tone: 'dim' });
  const out: EmptyLine[] = [];
  for (const h of heads) out.push(...wrapWords(h.text, width).map((text) => ({ text, tone: h.tone })));
  for (const w of warnings) out.push(...wrapWords(`warning: ${shown(w.message)}`, width, '  ').map((text) => ({ text, tone: 'warn' as const })));
  if (out.length <= room) return out;
  if (room <= 1) return room === 1 && heads[0] ? [{ ...heads[0], text: clipEnd(heads[0].text, width) }] : [];
  const keep = room - 1;
  return [...out.slice(0, keep), { text: clipEnd(`… ${out.length - keep} more line(s): a larger terminal shows them`, width), tone: 'dim' }];
}
