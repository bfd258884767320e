// Text for a fixed-width frame: log text made safe for the terminal, rids cut in the middle (their
// end names the role, path or service, which is what tells two rids apart), and one-line parts
// dropped by priority until a line fits.
import { warningNoteText } from '../core/source-notes.js';
import { asciiLine, asciiText, safeText } from '../core/text.js';

/** Log-controlled text (hosts, examples, notes) as one terminal-safe line. */
export const shown = (s: string): string => safeText(s);

/**
 * A rid, uid, gid or action: ASCII only, anything else escaped (`prod\u2011payments`). DC/OS ids
 * are ASCII, so an escape marks one that only looks like a real id (and cannot be granted).
 */
export const shownId = (s: string): string => asciiText(s);

/** A log line holding ids (the detail pane's example): its characters shown as the ids' are, spaces kept. */
export const shownAscii = (s: string): string => asciiLine(s);

/** The first line of a text, made safe (explanations may hold several). */
export const firstLine = (s: string): string => safeText(s.split('\n')[0] ?? '');

/** Cut the end, marking it with `…`. */
export function clipEnd(s: string, width: number): string {
  if (width <= 0) return '';
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

/**
 * Cut `s` to `width` keeping its end `end` whole (an exported file's path, which the operator hands
 * on): the text before it is cut instead; only an end wider than the line loses its start.
 */
export function clipKeepingEnd(s: string, end: string, width: number): string {
  if (s.length <= width || !end || !s.endsWith(end)) return clipEnd(s, width);
  if (end.length + 2 > width) return width <= 0 ? '' : `…${end.slice(end.length - (width - 1))}`;
  return `${clipEnd(s.slice(0, -end.length).trimEnd(), width - end.length - 1)} ${end}`;
}

/**
 * Fit `s` in `width` by cutting its middle: the end (the rid's last `:` segment, e.g. the role or
 * path) is kept whole when it leaves a few characters of the start, and never cut before the start.
 */
export function midTruncate(s: string, width: number): string {
  if (width <= 0) return '';
  if (s.length <= width) return s;
  if (width === 1) return '…';
  const budget = width - 1;
  const lastSeg = s.length - s.lastIndexOf(':'); // the segment with its `:` (the whole string without one)
  const minHead = Math.min(8, Math.floor(budget / 4));
  const tail = Math.max(Math.ceil(budget / 2), Math.min(lastSeg, budget - minHead));
  return `${s.slice(0, budget - tail)}…${s.slice(s.length - tail)}`;
}

export interface Part {
  text: string;
  /** Lower is more important: parts are dropped from the highest priority number up. */
  priority: number;
}

/** Join parts (in their order) with `sep`, dropping the least important ones until the line fits. */
export function fitParts(parts: readonly Part[], width: number, sep = ' · '): string {
  let keep = parts.filter((p) => p.text);
  const len = (ps: readonly Part[]) => ps.reduce((n, p) => n + p.text.length, 0) + Math.max(0, ps.length - 1) * sep.length;
  while (keep.length > 1 && len(keep) > width) {
    const worst = keep.reduce((w, p) => (p.priority > w.priority ? p : w));
    keep = keep.filter((p) => p !== worst);
  }
  return keep.map((p) => p.text).join(sep);
}

/** The status line while quitting waits for the batch it stopped. */
export const stoppingLine = (busy: string): string => `quitting: ${busy} stopped, no further pair is sent; waiting for the answer to the one in flight (at most the IAM time limit), then the summary`;

/** The line shown when a key needs the IAM while a request is in flight. */
export const busyLine = (busy: string, key: string): string => `busy: ${busy}… — press ${key} again once it has answered`;

/** After `u`: the pairs the ledger kept it from sending (already undone, refused), or null when none. */
export function heldBackLine(results: readonly { outcome: string }[]): string | null {
  const n = results.filter((r) => r.outcome === 'already undone' || r.outcome === 'refused').length;
  return n === 0 ? null : `undo: nothing sent for ${n} pair(s): taken back since, granted again, in flight or unreadable in the ledger (see below)`;
}

/**
 * The sources' warnings kept in view (LiveSnapshot.notes): one line, their count first so a narrow
 * terminal keeps it; null when none.
 */
export function notesBanner(notes: readonly string[], width: number): string | null {
  if (!notes.length) return null;
  const texts = notes.map((n) => shown(warningNoteText(n)));
  return clipEnd(`${notes.length === 1 ? 'warning' : `${notes.length} warnings`}: ${texts.join(' · ')}`, width);
}

/** The holdings of some accounts could not be read: their rows cannot show `already held` (useHeld). */
export function unreadBanner(unread: readonly { uid: string; why: string }[], width: number): string | null {
  const first = unread[0];
  if (!first) return null;
  const more = unread.length > 1 ? ` (and ${unread.length - 1} more account(s))` : '';
  return clipEnd(`held unknown: could not read what ${shownId(first.uid)} holds${more}, so no row shows "already held" (a grant reads it again first): ${shown(first.why)}`, width);
}
