// Rids cut to a column so that different rids never look the same. Each is cut in the middle
// (midTruncate: the start and the end show); when two different rids would come out the same (they
// differ only in the part cut away), those are cut again around where they first differ, so the
// characters that tell them apart are on screen: `dcos:ad…aaaAaaaa…aaaa` / `dcos:ad…aaaBaaaa…aaaa`.
// The text itself is shown rather than a hash or a `#2` tag: a reader can check characters against
// the detail pane, and a rid from a log cannot be crafted to collide with them as it could a hash.
// Only when no cut in the width tells rows apart does a row get a `#2` tag (one no other row shows).
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
 * `s` in `width` columns showing the indexes `ats` (where it differs from its look-alikes): a little
 * of the start, a window around each index (more after it than before), a little of the end, `…`
 * between parts that do not touch. The same `width` and `ats` put the same prefix at the same
 * columns, so two texts sharing a prefix show their difference in the same place.
 */
function cutAt(s: string, width: number, ats: readonly number[]): string {
  if (s.length <= width) return s;
  // Enough of the start to name the rid's family (`dcos:adminro`), a little of the end, the rest around the indexes.
  const head = Math.min(12, Math.floor(width / 5));
  const tail = Math.min(8, Math.floor(width / 6));
  const win = Math.max(1, Math.floor((width - head - tail - ats.length - 1) / Math.max(1, ats.length)));
  const parts: Array<[number, number]> = [];
  const add = (a: number, b: number) => {
    const last = parts.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else parts.push([a, b]);
  };
  add(0, head);
  for (const at of ats) {
    const from = Math.max(0, at - Math.floor(win / 3));
    add(from, Math.min(s.length, from + win));
  }
  // The end only when the windows did not reach it (a shorter look-alike ends inside one).
  const reached = parts.at(-1)?.[1] ?? 0;
  if (reached < s.length) add(Math.max(reached, s.length - tail), s.length);
  const out = parts.map(([a, b]) => s.slice(a, b)).join('…');
  return out.length <= width ? out : midTruncate(out, width);
}

/** `s` in `width` columns showing index `at` (see cutAt). */
export const cutAround = (s: string, width: number, at: number): string => cutAt(s, width, [at]);

/**
 * The indexes that tell `texts` apart: where they first differ, then, within each set sharing the
 * character there, where those first differ, and so on (each set is smaller: it ends).
 */
function splitPoints(texts: readonly string[]): number[] {
  const out = new Set<number>();
  const split = (ts: readonly string[]): void => {
    if (ts.length < 2) return;
    const at = sharedPrefix(ts);
    out.add(at);
    const by = new Map<string, string[]>();
    for (const t of ts) by.set(t[at] ?? '', [...(by.get(t[at] ?? '') ?? []), t]);
    for (const sub of by.values()) split(sub);
  };
  split([...new Set(texts)]);
  return [...out].sort((a, b) => a - b);
}

/** Rows whose cuts are the same though their texts differ, grouped by that cut. */
function lookAlikes(items: readonly Cut[], out: readonly string[]): number[][] {
  const same = new Map<string, number[]>();
  out.forEach((k, i) => same.set(k, [...(same.get(k) ?? []), i]));
  return [...same.values()].filter((g) => new Set(g.map((i) => items[i]?.text)).size > 1);
}

/**
 * The last resort, when no cut in the width tells rows apart: each text after the first ends in a
 * number (`#2`, `#3`…) that no other row shows, tried upward, so even a crafted rid cannot take it.
 */
function tagApart(items: readonly Cut[], out: string[], g: readonly number[]): void {
  const texts = [...new Set(g.map((i) => items[i]?.text ?? ''))];
  let k = 2;
  for (const t of texts.slice(1)) {
    const rows = g.filter((i) => items[i]?.text === t);
    const width = items[rows[0] ?? 0]?.width ?? 0;
    const taken = new Set(out.filter((_, j) => items[j]?.text !== t));
    for (let tries = 0; tries <= out.length + 1; tries++, k++) {
      const tag = `#${k}`;
      if (tag.length >= width) break; // too narrow for any tag: left as it is
      const cut = `${midTruncate(t, width - tag.length)}${tag}`;
      if (taken.has(cut)) continue;
      for (const i of rows) out[i] = cut;
      k++;
      break;
    }
  }
}

/** Each text cut to its width; different texts never come out the same while their widths allow a tag. */
export function distinctCuts(items: readonly Cut[]): string[] {
  const out = items.map((c) => midTruncate(c.text, c.width));
  // Rows that look alike are cut again showing every place that tells them apart (the same places
  // for all, so they line up); a row still alike with another (of another group) gets those places
  // too. The places only grow, and a few passes settle every case seen; what is left is tagged.
  const anchors = items.map(() => new Set<number>());
  for (let pass = 0; pass < 4; pass++) {
    const groups = lookAlikes(items, out);
    if (!groups.length) return out;
    let grew = false;
    for (const g of groups) {
      const ats = splitPoints(g.map((i) => items[i]?.text ?? ''));
      for (const i of g) {
        const mine = anchors[i]!;
        for (const at of ats) {
          if (mine.has(at)) continue;
          mine.add(at);
          grew = true;
        }
      }
    }
    if (!grew) break;
    for (const g of groups) for (const i of g) out[i] = cutAt(items[i]?.text ?? '', items[i]?.width ?? 0, [...anchors[i]!].sort((a, b) => a - b));
  }
  for (const g of lookAlikes(items, out)) tagApart(items, out, g);
  return out;
}
