// The journalctl "short" family: a timestamp, then ` HOST IDENT[PID]: MESSAGE`.
// Each timestamp reader returns where the timestamp (and its trailing space) ends, or null.
import type { EnvelopeKind } from '../types.js';
import { digitRun, digits, fractionAt, fractionMs, isoDateTime, monthOf, utcMs, zoneAt } from './time.js';

export interface Stamp {
  kind: EnvelopeKind;
  time: number | null;
  /** Index just after the space that follows the timestamp. */
  end: number;
}

/**
 * `Mar 01 12:00:00[.123456] ` (short, short-precise). The line has no year: `year` is the caller's
 * (short-year.ts). journalctl prints local time; with no zone we read it as UTC.
 */
export function monthStamp(line: string, year: number): Stamp | null {
  const mo = monthOf(line.slice(0, 3));
  if (mo === 0 || line.charCodeAt(3) !== 32) return null;
  // `Mar 01` (journalctl) or `Mar  1` (classic syslog).
  const d = line.charCodeAt(4) === 32 ? digits(line, 5, 1) : digits(line, 4, 2);
  if (d < 0 || line.charCodeAt(6) !== 32 || line.charCodeAt(9) !== 58 || line.charCodeAt(12) !== 58) return null;
  const h = digits(line, 7, 2), mi = digits(line, 10, 2), s = digits(line, 13, 2);
  if (h < 0 || mi < 0 || s < 0) return null;
  const f = fractionAt(line, 15);
  if (!f || line.charCodeAt(f.end) !== 32) return null;
  const kind: EnvelopeKind = f.end > 15 ? 'short-precise' : 'short';
  return { kind, time: utcMs(year, mo, d, h, mi, s, f.ms), end: f.end + 1 };
}

/** `2019-03-01T12:00:00[.123456]+0000 ` (short-iso, short-iso-precise; also `+00:00` and `Z`). */
export function isoStamp(line: string): Stamp | null {
  if (line.charCodeAt(10) !== 84 /* T */) return null;
  const base = isoDateTime(line, 0);
  if (base === null) return null;
  const f = fractionAt(line, 19, true);
  if (!f) return null;
  let i = f.end;
  const ms = f.ms;
  const kind: EnvelopeKind = i > 19 ? 'short-iso-precise' : 'short-iso';
  const z = zoneAt(line, i);
  if (z) i += z.len;
  if (line.charCodeAt(i) !== 32) return null;
  return { kind, time: base + ms - (z ? z.minutes * 60000 : 0), end: i + 1 };
}

/**
 * `Fri 2019-03-01 12:00:00[.123456] UTC ` (short-full, with-unit). UTC/GMT and numeric zones are
 * honoured; other abbreviations (CET, EST, ...) are ambiguous and read as UTC.
 */
export function fullStamp(line: string): Stamp | null {
  if (line.charCodeAt(3) !== 32 || line.charCodeAt(14) !== 32) return null;
  const base = isoDateTime(line, 4);
  if (base === null) return null;
  const f = fractionAt(line, 23);
  if (!f || line.charCodeAt(f.end) !== 32) return null;
  const i = f.end;
  const ms = f.ms;
  const zEnd = line.indexOf(' ', i + 1);
  if (zEnd < 0 || zEnd - i > 7) return null;
  const z = zoneAt(line, i + 1);
  const offset = z && z.len === zEnd - i - 1 ? z.minutes : 0;
  return { kind: 'short-full', time: base + ms - offset * 60000, end: zEnd + 1 };
}

/** `1551441600.123456 ` (short-unix). */
export function unixStamp(line: string): Stamp | null {
  const n = digitRun(line, 0);
  if (n < 9 || n > 11 || line.charCodeAt(n) !== 46) return null;
  const f = digitRun(line, n + 1);
  if (f === 0 || line.charCodeAt(n + 1 + f) !== 32) return null;
  const secs = digits(line, 0, n);
  return { kind: 'short-unix', time: secs * 1000 + fractionMs(line, n + 1, f), end: n + f + 2 };
}

export interface SyslogTail {
  host: string | null;
  ident: string | null;
  unit: string | null;
  pid: number | null;
  message: string;
}

/**
 * ` HOST IDENT[PID]: MESSAGE` after a short-family timestamp. IDENT has no spaces but may hold dots
 * and dashes (`adminrouter.sh`); `[PID]` is optional; an IDENT ending in `.service` is a unit
 * (`-o with-unit`). A missing `IDENT:` leaves the rest as the message.
 */
export function syslogTail(line: string, at: number): SyslogTail | null {
  const hostEnd = line.indexOf(' ', at);
  if (hostEnd <= at) return null;
  const host = line.slice(at, hostEnd);
  const identEnd = line.indexOf(' ', hostEnd + 1);
  const tokenEnd = identEnd < 0 ? line.length : identEnd;
  if (line.charCodeAt(tokenEnd - 1) !== 58 /* : */ || tokenEnd - 1 <= hostEnd + 1) {
    return { host, ident: null, unit: null, pid: null, message: line.slice(hostEnd + 1) };
  }
  let ident = line.slice(hostEnd + 1, tokenEnd - 1);
  let pid: number | null = null;
  const lb = ident.indexOf('[');
  if (lb > 0 && ident.charCodeAt(ident.length - 1) === 93) {
    const p = ident.slice(lb + 1, -1);
    if (digitRun(p, 0) === p.length && p.length > 0) pid = Number(p);
    ident = ident.slice(0, lb);
  }
  const message = identEnd < 0 ? '' : line.slice(identEnd + 1);
  if (ident.endsWith('.service')) return { host, ident: null, unit: ident, pid, message };
  return { host, ident, unit: null, pid, message };
}
