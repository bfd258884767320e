// What every question that lists pairs has in common (the grant confirmation and its SENSITIVE
// second key, undo, the unused list's revoke and its grant back), as plain lines drawn by
// components/PairDialog.tsx. Pure, so the numbers are testable without ink. The rule: consent is
// asked only for what can be shown. Every pair is named in full, its rid wrapped over as many lines
// as it needs (never cut: two rids that differ only in the middle must not look the same there);
// the body scrolls when it is longer than the dialog; and when the terminal is too small to show
// even two body lines (or too narrow to wrap them), the dialog asks nothing and says how large the
// terminal must be, and `y` refuses.
import type { Risk } from '../core/types.js';
import { byAccount } from './groups.js';
import { MIN_TERMINAL } from './layout.js';
import { shownId } from './text.js';
import { wrapWords } from './wrap.js';

/** Said when y would consent to pairs the screen cannot show (dialog-keys.ts); gone once they are shown again (App). */
export const TOO_SMALL = 'terminal too small to show the pairs: enlarge it to confirm; n/Esc cancels';

export interface DialogLine {
  text: string;
  kind: 'account' | 'pair' | 'refused';
  /** The pair's risk, when not normal (coloured). */
  risk?: Risk;
}

/** What a question lists: notes under its title (always shown), and the body (scrolled). */
export interface DialogBody {
  notes: string[];
  lines: DialogLine[];
}

/** Border (2), title, keys line, scroll line. */
const DIALOG_CHROME = 5;
/** Body lines a question needs at least: one line of a pair and one more. */
const MIN_BODY = 2;
/**
 * Columns a question needs at least: the border and padding (4) and 20 for the wrapped pairs; the
 * frame needs more (layout.ts), and the refusal names a size at which the question shows.
 */
export const MIN_COLS = Math.max(24, MIN_TERMINAL.cols);

/** Lines of the frame's middle a question with `notes` note lines needs. */
export const dialogNeeds = (notes: number): number => DIALOG_CHROME + notes + MIN_BODY;

/** The terminal cannot show what the question is for: it refuses to ask. */
const dialogTooSmall = (width: number, height: number, notes: number): boolean => width < MIN_COLS || height < dialogNeeds(notes);

/** Columns inside the dialog's border and padding. */
export const dialogInner = (width: number): number => Math.max(MIN_COLS - 4, width - 4);

/** One pair (or refusal) as body lines: `text` wrapped at spaces (a rid cut hard), continuation lines indented past the bullet. */
export const pairLines = (text: string, width: number, kind: DialogLine['kind'], risk?: Risk): DialogLine[] =>
  wrapWords(text, width, '      ').map((t) => ({ text: t, kind, ...(risk ? { risk } : {}) }));

/** Items by account: a title line naming each account (`count` says how many), then each item in full. */
export function byAccountLines<T extends { uid: string }>(
  items: readonly T[], width: number, count: (n: number) => string, line: (it: T) => { text: string; risk?: Risk },
): DialogLine[] {
  const out: DialogLine[] = [];
  for (const g of byAccount(items)) {
    out.push(...pairLines(`  ${shownId(g.uid)} (${count(g.items.length)}):`, width, 'account'));
    for (const it of g.items) {
      const l = line(it);
      out.push(...pairLines(`    ${l.text}`, width, 'pair', l.risk));
    }
  }
  return out;
}

export interface DialogWindow {
  tooSmall: boolean;
  lines: DialogLine[];
  /** The first body line shown (clamped), and how many lines are above and below the window. */
  offset: number;
  above: number;
  below: number;
}

/** The part of `all` a dialog `height` lines tall (with `notes` note lines) shows from `offset` (clamped). */
export function dialogWindow(all: readonly DialogLine[], width: number, height: number, offset: number, notes = 0): DialogWindow {
  if (dialogTooSmall(width, height, notes)) return { tooSmall: true, lines: [], offset: 0, above: 0, below: 0 };
  const body = height - DIALOG_CHROME - notes;
  const start = Math.max(0, Math.min(offset, all.length - body));
  const lines = all.slice(start, start + body);
  return { tooSmall: false, lines, offset: start, above: start, below: Math.max(0, all.length - start - lines.length) };
}

/** For the keys: whether the question may ask at all, and how far its body scrolls (↑↓ by one, PgUp/PgDn by `page`). */
export interface DialogScroll {
  tooSmall: boolean;
  max: number;
  page: number;
}

/** No question drawn: nothing to scroll, nothing refused. */
export const NO_DIALOG_SCROLL: Readonly<DialogScroll> = { tooSmall: false, max: 0, page: 1 };

/** The open question's DialogScroll, as drawn at `width` × `height`. */
export function dialogScroll(b: DialogBody, width: number, height: number): DialogScroll {
  const body = height - DIALOG_CHROME - b.notes.length;
  return { tooSmall: dialogTooSmall(width, height, b.notes.length), max: Math.max(0, b.lines.length - body), page: Math.max(1, body) };
}
