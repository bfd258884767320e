// A detail pane that never cuts the rid: the rid goes on the title line when it fits there with the
// rest, else on lines of its own, wrapped; and when the pane is too short for all its lines, `[` `]`
// scroll it (a line says what is above and below). Shared by the denials list's detail pane
// (components/DetailPane.tsx) and the held-not-used list's detail (unused-view.ts), so both show a
// rid and scroll it the same way.
import { wrapHard } from './wrap.js';

/** The rid's own lines above the title (none when `rid rest` fits on one line of `width`). */
export const ridOwnLines = (rid: string, rest: string, width: number): string[] =>
  rid.length + 1 + rest.length <= width ? [] : wrapHard(rid, width);

export interface PaneWindow<T> {
  lines: T[];
  /** The first line shown (clamped), the last first line, and how far `[` `]` move. */
  offset: number;
  max: number;
  page: number;
  /** "↑ 2 line(s) above · ↓ 14 more line(s) below": when not everything shows. */
  more: string | null;
}

/**
 * What a pane of `room` lines shows of `all` from `offset`: everything when it fits, else a window
 * and a line saying what is left, even in a pane of 2 or 3 lines (without it, a line left below
 * could be reached with `]` only, and nothing would say so).
 */
export function paneWindow<T>(all: readonly T[], room: number, offset: number): PaneWindow<T> {
  if (all.length <= room || room < 2) return { lines: all.slice(0, room), offset: 0, max: 0, page: 1, more: null };
  const body = room - 1;
  const max = all.length - body;
  const at = Math.max(0, Math.min(max, offset));
  const more = scrollNote(at, all.length - at - body, '[ ]');
  return { lines: all.slice(at, at + body), offset: at, max, page: Math.max(1, body - 1), more };
}

/** "↑ 2 line(s) above · ↓ 14 more line(s) below (KEYS scroll)": what a scrolled window leaves out. */
export const scrollNote = (above: number, below: number, keys: string): string =>
  `${above ? `↑ ${above} line(s) above` : ''}${above && below ? ' · ' : ''}${below ? `↓ ${below} more line(s) below` : ''} (${keys} scroll)`;
