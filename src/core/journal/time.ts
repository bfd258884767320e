// Cheap, allocation-light time parsing for envelope and audit timestamps.
// Everything returns milliseconds since the epoch (UTC) or null. We never call
// `new Date(string)`: its heuristics are slow and locale/zone dependent.

const MONTHS: Record<string, number> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

/** Month number (1-12) of an English three-letter abbreviation (journalctl under the C locale), else 0. */
export function monthOf(abbr: string): number {
  return MONTHS[abbr] ?? 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** UTC milliseconds of a calendar time, or null when a field is out of range. */
export function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number | null {
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60)) return null;
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + s * 1000 + ms;
}

/** Integer value of `len` ASCII digits at `at`, or -1 when any is not a digit. */
export function digits(s: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48;
    // Past the end charCodeAt gives NaN, which no comparison catches: a zone cut short (`+0`) gave a NaN time.
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Length of the run of digits starting at `at`. */
export function digitRun(s: string, at: number): number {
  let i = at;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i - at;
}

/** Milliseconds of a fraction string's digits (`123456` → 123), truncated. */
export function fractionMs(s: string, at: number, len: number): number {
  let ms = 0;
  for (let i = 0; i < 3; i++) ms = ms * 10 + (i < len ? s.charCodeAt(at + i) - 48 : 0);
  return ms;
}

/**
 * An optional `.123456` (or `,123` when `comma`) at `at`: its milliseconds and where it ends;
 * `{ ms: 0, end: at }` when there is none, null for a separator without digits.
 */
export function fractionAt(s: string, at: number, comma = false): { ms: number; end: number } | null {
  const c = s.charCodeAt(at);
  if (c !== 46 && !(comma && c === 44)) return { ms: 0, end: at };
  const n = digitRun(s, at + 1);
  if (n === 0) return null;
  return { ms: fractionMs(s, at + 1, n), end: at + 1 + n };
}

/**
 * `YYYY-MM-DD?HH:MM:SS` at `at` (any separator at index 10); returns ms or null.
 * The caller checks what follows (fraction, zone).
 */
export function isoDateTime(s: string, at: number): number | null {
  if (s.length < at + 19 || s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45) return null;
  if (s.charCodeAt(at + 13) !== 58 || s.charCodeAt(at + 16) !== 58) return null;
  const y = digits(s, at, 4), mo = digits(s, at + 5, 2), d = digits(s, at + 8, 2);
  const h = digits(s, at + 11, 2), mi = digits(s, at + 14, 2), sec = digits(s, at + 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return null;
  return utcMs(y, mo, d, h, mi, sec);
}

/**
 * A numeric zone at `at`: `Z`, `+HHMM`, `+HH:MM`, `+HH`. Returns the offset in minutes and the
 * length consumed, or null when there is none.
 */
export function zoneAt(s: string, at: number): { minutes: number; len: number } | null {
  const c = s.charCodeAt(at);
  if (c === 90 /* Z */) return { minutes: 0, len: 1 };
  if (c !== 43 && c !== 45) return null;
  const sign = c === 45 ? -1 : 1;
  const hh = digits(s, at + 1, 2);
  if (hh < 0) return null;
  if (s.charCodeAt(at + 3) === 58) {
    const mm = digits(s, at + 4, 2);
    return mm < 0 ? null : { minutes: sign * (hh * 60 + mm), len: 6 };
  }
  const mm = digits(s, at + 3, 2);
  if (mm >= 0) return { minutes: sign * (hh * 60 + mm), len: 5 };
  return { minutes: sign * hh * 60, len: 3 };
}

/**
 * A full ISO-8601-ish timestamp as audit fields write it: `2019-03-01T12:00:00Z`,
 * `2016-12-16T23:19:06.199Z`, `2018-04-10 02:38:24.752481024+00:00`. No zone → UTC.
 */
export function parseIsoTimestamp(s: string): number | null {
  const base = isoDateTime(s, 0);
  if (base === null) return null;
  // A lone separator without digits is tolerated here (audit fields are not envelopes).
  const f = fractionAt(s, 19, true) ?? { ms: 0, end: 20 };
  let i = f.end;
  const ms = f.ms;
  if (s.charCodeAt(i) === 32) i++;
  const z = zoneAt(s, i);
  return base + ms - (z ? z.minutes * 60000 : 0);
}
