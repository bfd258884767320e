// Rids cut to a column so that different rids never look the same. Each is cut in the middle
// (midTruncate: the start and the end show); when two different rids would come out the same (they
// differ only in the part cut away), those are cut again around where they first differ, so the
// characters that tell them apart are on screen: `dcos:ad…aaaAaaaa…aaaa` / `dcos:ad…aaaBaaaa…aaaa`.
// The text itself is shown rather than a hash or a `#2` tag: a reader can check characters against
// the detail pane, and a rid from a log cannot be crafted to collide with them as it could a hash.
import { midTruncate } from './text.js';

export interface Cut {
  text: string;
  /** Columns for it. */
  width: number;
}

/** Length of the prefix all `texts` share. */
function sharedPrefix(texts: readonly string[]): number {
  const [first = ''] = texts;
  let n = 0;
  while (n < first.length && texts.every((t) => t[n] === first[n])) n++;
  return n;
}

/**
 * `s` in `width` columns showing index `at` (where it differs from its look-alikes): a little of
 * the start, a window around `at` (more after it than before), a little of the end, `…` between
 * parts that do not touch. The same `width` and `at` put the same prefix at the same columns, so
 * two texts sharing `at` characters show their difference in the same place.
 */
export function cutAround(s: string, width: number, at: number): string {
  if (s.length <= width) return s;
  // Enough of the start to name the rid's family (`dcos:adminro`), a little of the end, the rest around `at`.
  const head = Math.min(12, Math.floor(width / 5));
  const tail = Math.min(8, Math.floor(width / 6));
  const win = Math.max(1, width - head - tail - 2);
  const from = Math.max(0, at - Math.floor(win / 3));
  const parts: Array<[number, number]> = [];
  const add = (a: number, b: number) => {
    const last = parts.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else parts.push([a, b]);
  };
  add(0, head);
  add(from, Math.min(s.length, from + win));
  // The end only when the window did not reach it (a shorter look-alike ends inside the window).
  if (from + win < s.length) add(Math.max(from + win, s.length - tail), s.length);
  const out = parts.map(([a, b]) => s.slice(a, b)).join('…');
  return out.length <= width ? out : midTruncate(out, width);
}

/** Each text cut to its width; different texts never come out the same while their widths allow it. */
export function distinctCuts(items: readonly Cut[]): string[] {
  const out = items.map((c) => midTruncate(c.text, c.width));
  const settle = (idx: readonly number[], after: number): void => {
    const same = new Map<string, number[]>();
    for (const i of idx) {
      const k = out[i] ?? '';
      const g = same.get(k);
      if (g) g.push(i);
      else same.set(k, [i]);
    }
    for (const g of same.values()) {
      const texts = g.map((i) => items[i]?.text ?? '');
      if (new Set(texts).size < 2) continue; // one rid on several rows (other actions or accounts)
      const at = sharedPrefix(texts);
      // No progress (widths too small to show the difference): leave them, rather than loop.
      if (at <= after) continue;
      for (const i of g) out[i] = cutAround(items[i]?.text ?? '', items[i]?.width ?? 0, at);
      settle(g, at);
    }
  };
  settle(items.map((_, i) => i), -1);
  return out;
}
