// `short` lines (`Dec 31 23:59:59`) carry no year. Which one a line is in:
// - `--year Y` (meta.year): Y is the year of the stream's first `short` line (meta.shortFrom, which
//   the line scanner sets from the stream's first lines, else the first `short` line parsed); a line
//   dated more than a day before that one is in Y+1: the log went on past New Year (Dec -> Jan).
// - otherwise, the latest date that is not after the stream was written (meta.writtenAt: a file's
//   mtime; absent, the time it is read), as syslog readers do: a December line in a file written in
//   January is last year's.
// Both allow a day: journalctl prints local time, which is read as UTC (up to 14 hours ahead).
import type { StreamMeta } from '../types.js';
import { monthStamp, type Stamp } from './short.js';

const DAY_MS = 86_400_000;

export function shortLineStamp(line: string, meta: StreamMeta): Stamp | null {
  if (meta.year !== null) {
    const st = monthStamp(line, meta.year);
    if (st === null || st.time === null) return st;
    // None among the stream's first lines (other forms came first): the first `short` line parsed
    // is the one the year is of, so that --year is known to have dated something (year-unused.ts).
    if (meta.shortFrom === undefined) meta.shortFrom = st.time;
    if (st.time >= meta.shortFrom - DAY_MS) return st;
    return monthStamp(line, meta.year + 1);
  }
  const ref = meta.writtenAt ?? Date.now();
  const latest = ref + DAY_MS;
  const year = new Date(ref).getUTCFullYear();
  // Next year's date first: a line written late on Dec 31 in a zone east of UTC reads as Jan 1.
  for (let y = year + 1; y > year - 1; y--) {
    const st = monthStamp(line, y);
    if (st === null || st.time === null || st.time <= latest) return st;
  }
  return monthStamp(line, year - 1);
}
