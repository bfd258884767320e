// The frame's line budget. The frame is exactly one line shorter than the terminal: ink redraws a
// frame in place only while it is shorter than the screen (a frame as tall as the screen makes it
// clear the whole screen and the scrollback on every update), and the header's first line, the
// status line and the key bar must never scroll away. Optional panels shrink first, then the detail
// pane; the list keeps a few rows whatever happens.

export interface FrameInput {
  rows: number;
  /** Optional one-line rows under the header (the demo's status, the quiet-period banner). */
  extraLines: number;
  /** Source error lines wanted. */
  errors: number;
  /** Lines the auth-failure and results panels want (with their titles). */
  authWant: number;
  resultsWant: number;
  /** A dialog or overlay replaces the list: the panels below make room for it. */
  modal: boolean;
}

export interface FrameLayout {
  /** The whole frame: terminal rows - 1. */
  height: number;
  /** Optional one-line rows that fit (a tiny terminal drops them, first the last). */
  extraLines: number;
  errors: number;
  auth: number;
  results: number;
  /** Lines between the top block and the panels: the list and detail pane, or the modal. */
  middle: number;
}

/** Header (3 lines), status line, key bar. */
export const FIXED_LINES = 5;
const MIN_MIDDLE = 8;

/**
 * The smallest terminal the frame works on (docs/loop-display.md, "The frame at any size"): the
 * fixed lines, a middle of two (the list's title and a row; a question's refusal; a line of the
 * help and its scroll line) and the line the frame leaves free; 30 columns, where a row with a
 * six-letter action still gives its rid the 10 columns distinct.ts tells rids apart in. Below it
 * the loop draws only the size it needs (tiny-view.ts).
 */
export const MIN_TERMINAL = { cols: 30, rows: FIXED_LINES + 2 + 1 } as const;

/** Is a terminal of `cols` × `rows` too small for the frame? */
export const tooSmallTerminal = (cols: number, rows: number): boolean => cols < MIN_TERMINAL.cols || rows < MIN_TERMINAL.rows;

export function frameLayout(i: FrameInput): FrameLayout {
  const height = Math.max(1, i.rows - 1);
  const roomy = height >= 34;
  const extraLines = Math.min(i.extraLines, Math.max(0, height - FIXED_LINES - 3));
  const errors = Math.min(i.errors, roomy ? 2 : 1, Math.max(0, height - FIXED_LINES - extraLines - 3));
  const free = height - FIXED_LINES - extraLines - errors;
  let auth = i.modal ? 0 : Math.min(i.authWant, roomy ? 4 : 2);
  let results = i.modal ? 0 : Math.min(i.resultsWant, roomy ? 8 : 4);
  // Panels give way to the list: results down to its title and one line, then auth to its title.
  if (free - auth - results < MIN_MIDDLE) results = Math.min(results, 2);
  if (free - auth - results < MIN_MIDDLE) auth = Math.min(auth, 1);
  if (free - auth - results < MIN_MIDDLE) results = Math.min(results, 1);
  if (free - auth - results < MIN_MIDDLE) auth = 0;
  if (free - auth - results < MIN_MIDDLE) results = 0;
  return { height, extraLines, errors, auth, results, middle: Math.max(0, free - auth - results) };
}

/**
 * The fewest terminal rows whose frame, with the same lines wanted, has a middle of at least
 * `middle` lines: what a question too small to ask tells the operator to enlarge to.
 */
export function rowsForMiddle(i: FrameInput, middle: number): number {
  let rows = 1;
  // The middle grows by a line per row once the optional lines have what they want (a few rows).
  while (frameLayout({ ...i, rows }).middle < middle && rows < middle + 100) rows++;
  return rows;
}

export interface ListSplit {
  /** Lines for the list: its title line, the rows (and group lines), the "more" line. */
  list: number;
  /** Lines for the detail pane (0: none), and whether it has room for its border. */
  detail: number;
  border: boolean;
}

/** The detail pane's content at most (title, explanation, status, mapping or warning, seen, example, requests, dcos line). */
export const DETAIL_CONTENT = 10;

/**
 * Share the middle between the list and the detail pane: the list gets its rows up to a few, the
 * detail pane what it needs of the rest, the list everything left over.
 */
export function splitMiddle(middle: number, rowLines: number): ListSplit {
  const listFirst = Math.min(rowLines + 2, 8);
  const border = middle - listFirst >= DETAIL_CONTENT + 2 && middle >= 24;
  const max = DETAIL_CONTENT + (border ? 2 : 0);
  let detail = Math.max(0, Math.min(max, middle - listFirst));
  if (detail < 2) detail = 0;
  return { list: middle - detail, detail, border };
}
