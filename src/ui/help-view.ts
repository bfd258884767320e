// The `?` overlay's content and layout, pure (components/HelpOverlay.tsx draws it; loop-keys.ts
// scrolls it). First why each failed grant batch failed (the results panel shows only the last
// batch's answers, and not for long), then every key from keys.ts by screen, then the status legend.
// No key, title, reason or legend is ever cut: each is wrapped here, a key's text going on under
// itself after the label column. Laid out in columns when the wrapped lines fit (a border when
// there is room; the optional screens and the legend dropped first, then what the key bar says; the
// reasons above the columns, the legend under them or last in them); else one column that ↑↓
// PgUp/PgDn scroll, with a line saying how much is above and below.
import { STOPPED_BEFORE, type FailedBatch } from '../core/session/index.js';
import { HELP, type HelpScreen } from './keys.js';
import { scrollNote } from './pane-window.js';
import { shown, shownId } from './text.js';
import { wrapWords } from './wrap.js';

export const LEGEND = [
  'a selects findings of normal risk, verified (not inferred) and not held yet',
  'short statuses: new · sel · send (granting/revoking) · wait (queued) · ok (granted) · held (already)',
  'DENY: still denied after grant · old: stale (a wider grant covers it) · n/a',
  'risks: norm · SENS · DANG · unk; ~ after a rid: inferred (derived) mapping',
];

/** The last line of a help that shows whole, and of one that scrolls. */
export const HELP_CLOSE = 'press any key to close (? opens this help again)';
export const HELP_SCROLL_CLOSE = 'any other key closes the help (? opens it again)';
/** Key labels are padded to this, as in the columns. */
const LABEL = 8;

/** A line of what the help says about failed batches, before it is wrapped: `indent` spaces before it (a pair under its batch), 2 more on the lines it wraps onto. */
export interface WhyLine {
  text: string;
  indent: number;
}

/** "why batch 2 failed: …" for each failed batch, newest first (the reasons are the IAM's words: shown terminal-safe). */
export function whyLines(failed: readonly FailedBatch[]): WhyLine[] {
  const out: WhyLine[] = [];
  for (const b of failed) {
    const bad = b.failed.length + b.stopped;
    const part = bad < b.total ? ` (${bad} of ${b.total} pair(s))` : '';
    const stopped = b.stopped ? `${b.stopped} more pair(s) ${STOPPED_BEFORE}` : '';
    if (b.cause) {
      out.push({ text: `why batch ${b.n} failed${part}: ${shown(b.cause)}${stopped ? ` (${stopped})` : ''}`, indent: 0 });
      continue;
    }
    out.push({ text: `why batch ${b.n} failed${part}:`, indent: 0 });
    for (const r of b.failed) out.push({ text: `${shownId(r.uid)} ${shownId(r.rid)} ${shownId(r.action)}: ${shown(r.detail)}`, indent: 2 });
    if (stopped) out.push({ text: stopped, indent: 2 });
  }
  return out;
}

/** `text` wrapped at spaces to `width`, every line after `lead` spaces and each after the first `more` further. */
function wrapAt(text: string, width: number, lead: number, more: number): string[] {
  const pad = ' '.repeat(lead);
  return wrapWords(text, Math.max(1, width - lead), ' '.repeat(more)).map((l) => pad + l);
}

/** The why lines wrapped to `width` and (`blank`) a blank line under them (none without a failed batch). */
function whyBlock(why: readonly WhyLine[], width: number, blank = true): string[] {
  const lines = why.flatMap((w) => wrapAt(w.text, width, w.indent, 2));
  return lines.length && blank ? [...lines, ''] : lines;
}

export type HelpStyle = 'why' | 'title' | 'key' | 'legend' | 'blank';

export interface HelpText {
  text: string;
  style: HelpStyle;
  /** A key line's key (drawn in its colour), `text` being what it does. */
  label?: string;
}

export interface HelpColumns {
  kind: 'columns';
  border: boolean;
  /** The why lines, wrapped to the inner width (with a blank line under them when there is room). */
  why: string[];
  /** The closing line shows (else the key bar alone says any key closes). */
  close: boolean;
  /** Each column's lines: its screens' titles and keys, wrapped to fit `colW` less the gap (nothing cut). */
  cols: HelpText[][];
  colW: number;
  /**
   * The legend under the columns, wrapped to the inner width (none when there is no room for it and
   * a blank line: then it may end the last column, or fill one not used, wrapped to its width).
   */
  legend: string[];
  max: 0;
  page: 1;
}

export interface HelpScroll {
  kind: 'scroll';
  lines: HelpText[];
  /** The first line shown (clamped), and the last one it can be. */
  offset: number;
  max: number;
  page: number;
  /** "↑ 2 line(s) above · ↓ 14 more line(s) below (…)", or null when everything shows. */
  more: string | null;
  /** The closing line, when there is room for it. */
  close: boolean;
}

export type HelpView = HelpColumns | HelpScroll;

/** A screen's title and key lines at `width`, wrapped as in the one column: a key's text goes on under itself, after the label column. */
function screenText(s: HelpScreen, width: number): HelpText[] {
  const out: HelpText[] = wrapAt(s.title, width, 0, 2).map((text) => ({ text, style: 'title' as const }));
  for (const l of s.lines) {
    const [first = '', ...rest] = wrapAt(l.help, width, LABEL + 2, 0);
    out.push({ label: `  ${l.label.padEnd(LABEL)}`, text: first.slice(LABEL + 2), style: 'key' });
    out.push(...rest.map((text) => ({ text, style: 'key' as const })));
  }
  return out;
}

/** The inner width that 1, 2 and 3 columns need. */
const MIN_INNER = [0, 0, 70, 105];
/** Columns side by side keep a space between them: a full line of one never runs into the next one's title. */
const GAP = 1;
/** Each screen's lines wrapped for `n` columns across `innerW`, and the column width. */
function blocksFor(screens: readonly HelpScreen[], innerW: number, n: number): { colW: number; blocks: HelpText[][] } {
  const colW = Math.floor(innerW / n);
  return { colW, blocks: screens.map((s) => screenText(s, Math.max(1, n > 1 ? colW - GAP : colW))) };
}
const linesOf = (blocks: readonly HelpText[][]): number => blocks.reduce((a, b) => a + b.length, 0);

/** Split the screens' wrapped lines into columns of at most `height` lines (screens are never split). */
function pack(height: number, columns: number, blocks: readonly HelpText[][]): HelpText[][] | null {
  const cols: HelpText[][] = [];
  let col: HelpText[] = [];
  for (const b of blocks) {
    if (col.length && col.length + b.length > height) {
      cols.push(col);
      col = [];
    }
    col.push(...b);
  }
  cols.push(col);
  return cols.length <= columns && cols.every((c) => c.length <= height) ? cols : null;
}

/** What a help shown whole may leave out for room, the key bar saying it: the closing line, the blank line under the reasons. */
interface Chrome {
  close: boolean;
  blank: boolean;
}
const CHROME: readonly Chrome[] = [{ close: true, blank: true }, { close: false, blank: true }, { close: false, blank: false }];

/** The columns for these screens under `why`, with `chrome`, or null when they do not fit. */
function columnsFor(screens: readonly HelpScreen[], width: number, height: number, why: readonly WhyLine[], chrome: Chrome): HelpColumns | null {
  const wrapped = (w: number) => whyBlock(why, w, chrome.blank);
  const total = (n: number) => linesOf(blocksFor(screens, width - 4, n).blocks) + wrapped(width - 4).length;
  const roomy = height >= total(1) + 4 || (height >= Math.ceil(total(2) / 2) + 4 && width >= 84);
  // The border when there is room; when its columns do not fit after all, without it.
  for (const border of roomy ? [true, false] : [false]) {
    const innerW = border ? width - 4 : width;
    if (chrome.close && innerW < HELP_CLOSE.length) continue;
    const whyShown = wrapped(innerW);
    const room = (border ? height - 2 : height) - (chrome.close ? 1 : 0) - whyShown.length;
    for (const n of [1, 2, 3]) {
      if (innerW < (MIN_INNER[n] ?? 0)) break;
      const { colW, blocks } = blocksFor(screens, innerW, n);
      const cols = pack(room, n, blocks);
      if (!cols) continue;
      const used = Math.max(...cols.map((c) => c.length));
      const legendAll = legendAt(innerW);
      const legend = room - used >= legendAll.length + 1 ? legendAll : [];
      if (!legend.length) legendInColumn(cols, n, room, legendAt(n > 1 ? colW - GAP : colW));
      return { kind: 'columns', border, why: whyShown, close: chrome.close, cols, colW, legend, max: 0, page: 1 };
    }
  }
  return null;
}

const legendAt = (width: number): string[] => LEGEND.flatMap((l) => wrapAt(l, width, 0, 2));

/**
 * The legend, last, in the columns when there is no room under them: after a blank line at the foot
 * of the last column, else atop a column not used. The short words it explains are what a narrow
 * list shows, where the room under the columns is the first to go. Left out when neither fits.
 */
function legendInColumn(cols: HelpText[][], n: number, room: number, lines: readonly string[]): void {
  const texts = lines.map((text) => ({ text, style: 'legend' as const }));
  const last = cols[cols.length - 1]!;
  if (last.length + 1 + texts.length <= room) last.push({ text: '', style: 'blank' }, ...texts);
  else if (cols.length < n && texts.length <= room) cols.push(texts);
}

/** Everything the help says, one column at `width`, each line wrapped (nothing cut). */
function allLines(why: readonly WhyLine[], width: number): HelpText[] {
  const out: HelpText[] = whyBlock(why, width).map((text) => ({ text, style: text ? 'why' : 'blank' }));
  for (const s of HELP) out.push(...screenText(s, width));
  out.push({ text: '', style: 'blank' });
  out.push(...legendAt(width).map((text) => ({ text, style: 'legend' as const })));
  return out;
}

/**
 * The overlay `width` × `height` with `why` ("why batch 2 failed: …", whyLines) first,
 * scrolled to `offset` when it scrolls. `max` and `page` are what ↑↓ PgUp/PgDn move (max 0: it
 * shows whole, and every key closes it).
 */
export function helpView(o: { width: number; height: number; why: readonly WhyLine[]; offset: number }): HelpView {
  const { width, height, why } = o;
  // Every screen when they fit; else without the optional ones (their keys are named in the list's
  // lines), then without what the key bar says. Each with the closing line and a blank line under the
  // reasons while they fit, else without (80x24 shows every key whole in two columns; under three
  // lines of reasons it scrolls).
  const choices = [HELP, HELP.filter((s) => !s.optional), HELP.filter((s) => !s.optional && !s.inKeyBar)];
  for (const screens of choices) {
    for (const chrome of CHROME) {
      const cols = columnsFor(screens, width, height, why, chrome);
      if (cols) return cols;
    }
  }
  const all = allLines(why, Math.max(1, width));
  // The scroll line from 2 lines, the closing line from 8 (the key bar says both): on 1, the text.
  const close = height >= 8;
  const room = Math.max(Math.min(1, height), height - (height >= 2 ? 1 : 0) - (close ? 1 : 0));
  const max = Math.max(0, all.length - room);
  const offset = Math.max(0, Math.min(max, o.offset));
  const below = all.length - offset - room;
  return {
    kind: 'scroll',
    lines: all.slice(offset, offset + room),
    offset,
    max,
    page: Math.max(1, room),
    more: height >= 2 && max > 0 ? scrollNote(offset, Math.max(0, below), '↑↓') : null,
    close,
  };
}
