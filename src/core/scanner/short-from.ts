// With `--year`, the year is that of the stream's first `short` line (journal/short-year.ts): the
// line scanner, which parses only audit lines, looks for that line among the stream's first lines.
import type { StreamMeta } from '../types.js';
import { decodeLine, lineEndAt } from './bytes.js';
import type { ScanParsers } from './parsers.js';

/** Lines at a stream's start looked at (journalctl's header, other forms' lines may come first). */
const START_LINES = 64;
const START_LINE_CAP = 4096;

/**
 * A seeker fed the stream's whole lines in order, which sets meta.shortFrom from the first `short`
 * line; it returns false once done (found, or START_LINES looked at). Null without `--year`.
 */
export function shortFromSeeker(meta: StreamMeta, parsers: ScanParsers): ((seg: Buffer) => boolean) | null {
  if (meta.year === null || meta.shortFrom !== undefined) return null;
  let left = START_LINES;
  return (seg) => {
    for (let p = 0; p < seg.length && left > 0; left--) {
      const e = lineEndAt(seg, p);
      const r = parsers.parseLine(decodeLine(seg, p, e, START_LINE_CAP), meta);
      if (r.kind === 'entry' && (r.entry.envelope === 'short' || r.entry.envelope === 'short-precise') && r.entry.time !== null) {
        meta.shortFrom = r.entry.time;
        return false;
      }
      p = e + 1;
    }
    return left > 0;
  };
}
