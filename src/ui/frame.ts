// The frame's arithmetic for one render: the line budget (layout.ts) for what is to show, the
// cursor clamped to the rows, the list's window, and which optional lines fit. Pure, so App only
// composes and tests can check the numbers without a terminal.
import { frameLayout, rowsForMiddle, splitMiddle, tooSmallTerminal, type FrameLayout, type ListSplit } from './layout.js';
import { isGrouped, windowFor, type Row } from './model.js';
import type { Mode } from './screen.js';

export interface FrameInput {
  /** Terminal rows and columns. */
  rows: number;
  cols: number;
  mode: Mode;
  /** The demo's status line, the quiet-period banner: wanted or not. */
  status: boolean;
  quiet: boolean;
  /** The "input read only in part" banner (findings shown, some input not judged: verdict-view.ts). */
  partial?: boolean;
  /** The sources' warnings banner (an ssh config or TLS warning, kept for the run). */
  warned?: boolean;
  errors: number;
  authFailures: number;
  results: number;
  shown: readonly Row[];
  cursor: number;
  offset: number;
}

export interface Frame {
  /** The terminal is smaller than the frame needs (layout.ts MIN_TERMINAL): only the size it needs is drawn. */
  tiny: boolean;
  layout: FrameLayout;
  /** The list (and its filter line) shows, not a dialog. */
  listShown: boolean;
  showStatus: boolean;
  showQuiet: boolean;
  showPartial: boolean;
  showWarned: boolean;
  grouped: boolean;
  split: ListSplit;
  /** Rows the list body holds (Page Up/Down move by this much). */
  body: number;
  /** The cursor within the rows shown, and the first row drawn. */
  cursor: number;
  offset: number;
  /** Terminal rows that would give the middle `lines` lines, the rest of the frame as now. */
  rowsFor(lines: number): number;
}

export function frameFor(i: FrameInput): Frame {
  const listShown = i.mode === 'list' || i.mode === 'filter';
  const wanted = {
    rows: i.rows,
    extraLines: [i.partial, i.warned, i.status, i.quiet].filter(Boolean).length,
    errors: i.errors,
    authWant: i.authFailures ? 1 + Math.min(3, i.authFailures) : 0,
    resultsWant: i.results ? 1 + i.results : 0,
    modal: !listShown,
  };
  const layout = frameLayout(wanted);
  const rows = i.shown;
  const grouped = isGrouped(rows);
  const cursor = rows.length ? Math.min(i.cursor, rows.length - 1) : 0;
  const groupLines = grouped ? new Set(rows.map((r) => r.finding.uid)).size : 0;
  // No row, no detail to show: the list's empty state (the verdict, its warnings) gets the middle.
  const split = rows.length ? splitMiddle(layout.middle, rows.length + groupLines) : { list: layout.middle, detail: 0, border: false };
  const body = Math.max(1, split.list - 2);
  // The optional lines in the order a tiny terminal keeps them: each shows when those before it leave room.
  const kept = [!!i.partial, !!i.warned, i.status, i.quiet];
  const fits = (k: number): boolean => kept[k]! && kept.slice(0, k).filter(Boolean).length < layout.extraLines;
  return {
    tiny: tooSmallTerminal(i.cols, i.rows),
    layout,
    listShown,
    // A tiny terminal drops the optional lines, the quiet banner first; the partial banner last (it
    // says the list may be incomplete), the sources' warnings just before it.
    showPartial: fits(0),
    showWarned: fits(1),
    showStatus: fits(2),
    showQuiet: fits(3),
    grouped,
    split,
    body,
    cursor,
    offset: windowFor(cursor, i.offset, body, rows, grouped),
    rowsFor: (lines) => rowsForMiddle(wanted, lines),
  };
}
