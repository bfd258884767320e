// `--since` / `--until` values: what journalctl accepts (operators paste from it), plus the spans
// audit2grant always took. Forms, as systemd.time(7) describes them:
//   now, today, yesterday, tomorrow            (midnight, local time)
//   -1h, +30m, -1h30min, "1 hour ago", "5min left"   (relative to now)
//   @1551441600[.5]                            (seconds since the epoch)
//   2026-03-01 10:00:00[.123], 2026-03-01 10:00, 2026-03-01, 10:00[:00] (today), an optional
//   weekday before (Sun 2026-03-01 …), `T` instead of the space; no zone = local time, as
//   journalctl; a zone: ` UTC`, `Z`, `+01:00`, `+0100`, `-05`, or one of the tz database after a
//   date (`2026-03-01 10:00 Europe/Berlin`)
//   30m, 2h, 1d, 1w, 90s                       (audit2grant's spans back from now)
// The local zone is passed in, so the core stays pure and tests pick one.
import { utcMs } from '../journal/time.js';

/** The local time zone: wall-clock fields ↔ epoch milliseconds. */
export interface LocalZone {
  /** Epoch ms of a local wall-clock time (months 1-12). */
  toEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number;
  /** Local calendar date of an epoch time. */
  dateOf(ms: number): { y: number; mo: number; d: number };
}

/** The process's zone (TZ), through Date: DST included. */
export const processZone: LocalZone = {
  toEpoch: (y, mo, d, h, mi, s, ms) => {
    const t = new Date(2000, 0, 1);
    t.setFullYear(y, mo - 1, d); // years 0-99 stay themselves (the constructor maps them to 19xx)
    t.setHours(h, mi, s, ms);
    return t.getTime();
  },
  dateOf: (ms) => {
    const t = new Date(ms);
    return { y: t.getFullYear(), mo: t.getMonth() + 1, d: t.getDate() };
  },
};

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** systemd's units (time-util.c): month = 30.44 days, year = 365.25 days; `m` is minutes, `M` months. */
const UNITS: [RegExp, number][] = [
  [/^(?:seconds?|secs?|s)$/, SEC],
  [/^(?:minutes?|min|m)$/, MIN],
  [/^(?:hours?|hr|h)$/, HOUR],
  [/^(?:days?|d)$/, DAY],
  [/^(?:weeks?|w)$/, 7 * DAY],
  [/^(?:months?|M)$/, 2_629_800 * SEC],
  [/^(?:years?|y)$/, 31_557_600 * SEC],
  [/^(?:msec|ms)$/, 1],
  [/^(?:usec|us|\u00b5s|\u03bcs)$/, 0.001], // the micro sign and Greek mu, escaped: the bundle stays ASCII (test/tools/bundle.mjs)
];

function unitMs(u: string): number | null {
  for (const [re, ms] of UNITS) if (re.test(u)) return ms;
  return null;
}

/** A systemd time span (`1h 30min`, `1h30m`, `90`, `1.5h`) in ms; a bare number is seconds. */
export function parseSpan(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(s)) return Math.round(Number(s) * SEC);
  const part = /(\d+(?:\.\d+)?)\s*([A-Za-z\u00b5\u03bc]+)\s*/y;
  let total = 0;
  let at = 0;
  while (at < s.length) {
    part.lastIndex = at;
    const m = part.exec(s);
    if (!m) return null;
    const [, amount = '', name = ''] = m;
    const unit = unitMs(name);
    if (unit === null) return null;
    total += Number(amount) * unit;
    at = part.lastIndex;
  }
  return Math.round(total);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const validDate = (y: number, mo: number, d: number): boolean =>
  mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && leap(y) ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 0));

const WEEKDAY = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+/i;
const DATE_TIME = /^(?:(\d{4}|\d{2})-(\d{2})-(\d{2}))?(?:(?:^|[T ])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?))?$/i;

function zoneOffsetMs(z: string): number {
  if (/^(?:Z|UTC)$/i.test(z)) return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * MIN;
}

/** A trailing time zone of the tz database (`… Europe/Berlin`), as systemd.time(7) allows after a date and time. */
const NAMED_ZONE = /^(.*\d)\s+([A-Za-z][A-Za-z_]*(?:\/[A-Za-z0-9_+-]+)+)$/;

/** A zone of the tz database as a LocalZone (null: no such zone here), offsets from Intl. */
function namedZone(name: string): LocalZone | null {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat('en-US', { timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch {
    return null;
  }
  const fields = (ms: number) => Object.fromEntries(f.formatToParts(ms).map((p) => [p.type, Number(p.value)]));
  // The zone's offset at an instant: its wall clock there, read as UTC, less the instant.
  const offset = (ms: number): number => {
    const w = fields(ms);
    return (utcMs(w.year!, w.month!, w.day!, w.hour!, w.minute!, w.second!) ?? ms) - (ms - (((ms % SEC) + SEC) % SEC));
  };
  return {
    toEpoch: (y, mo, d, h, mi, sec, ms) => {
      const wall = utcMs(y, mo, d, h, mi, sec, ms) ?? NaN;
      // Twice: the offset at the first guess may be the other side of a DST change.
      const first = wall - offset(wall);
      return wall - offset(first);
    },
    dateOf: (ms) => {
      const w = fields(ms);
      return { y: w.year!, mo: w.month!, d: w.day! };
    },
  };
}

function absolute(s: string, now: number, zone: LocalZone): number | null {
  const named = NAMED_ZONE.exec(s);
  if (named) {
    const z = namedZone(named[2]!);
    // After a date, with no other zone (`… +01:00 Europe/Berlin` is no form).
    const m = DATE_TIME.exec(named[1]!.replace(WEEKDAY, ''));
    return z && m && m[1] !== undefined && m[8] === undefined ? absolute(named[1]!, now, z) : null;
  }
  const m = DATE_TIME.exec(s.replace(WEEKDAY, ''));
  if (!m || (m[1] === undefined && m[4] === undefined)) return null;
  const [, yy, mos, ds, hs, mis, ss, frac, z] = m;
  let y: number, mo: number, d: number;
  if (yy !== undefined) {
    // journalctl reads two-digit years as 1969-2068.
    y = yy.length === 2 ? (Number(yy) < 69 ? 2000 : 1900) + Number(yy) : Number(yy);
    mo = Number(mos);
    d = Number(ds);
  } else {
    if (z !== undefined) return null; // a bare time with a zone: which day? journalctl has no such form
    ({ y, mo, d } = zone.dateOf(now));
  }
  const h = hs === undefined ? 0 : Number(hs);
  const mi = mis === undefined ? 0 : Number(mis);
  const sec = ss === undefined ? 0 : Number(ss);
  const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || sec > 60) return null;
  if (z === undefined) return zone.toEpoch(y, mo, d, h, mi, sec, ms);
  const utc = utcMs(y, mo, d, h, mi, sec, ms);
  return utc === null ? null : utc - zoneOffsetMs(z);
}

function midnight(now: number, days: number, zone: LocalZone): number {
  const { y, mo, d } = zone.dateOf(now);
  // The calendar step in UTC arithmetic (no DST there), then the local zone gives the instant.
  const day = new Date((utcMs(y, mo, d, 0, 0, 0) ?? 0) + days * DAY);
  return zone.toEpoch(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), 0, 0, 0, 0);
}

/** The range of a JavaScript date (±100,000,000 days from the epoch): a time past it has no ISO form. */
const MAX_TIME_MS = 8.64e15;

/**
 * Milliseconds since the epoch, or null when `text` is none of the forms above, or names a time
 * outside what a date can hold (`@99999999999999999`). `now` and the local zone are passed in (pure).
 */
export function parseTimeArg(text: string, now: number, zone: LocalZone = processZone): number | null {
  const t = parseTime(text, now, zone);
  return t !== null && Number.isFinite(t) && Math.abs(t) <= MAX_TIME_MS ? t : null;
}

function parseTime(text: string, now: number, zone: LocalZone): number | null {
  const s = text.trim().replace(/\s+/g, ' ');
  if (s === '') return null;
  const word = s.toLowerCase();
  if (word === 'now') return now;
  if (word === 'today') return midnight(now, 0, zone);
  if (word === 'yesterday') return midnight(now, -1, zone);
  if (word === 'tomorrow') return midnight(now, 1, zone);
  if (s[0] === '@') {
    if (!/^@\d+(?:\.\d+)?$/.test(s)) return null;
    return Math.round(Number(s.slice(1)) * SEC);
  }
  if (s[0] === '-' || s[0] === '+') {
    const span = parseSpan(s.slice(1));
    return span === null ? null : s[0] === '-' ? now - span : now + span;
  }
  const ago = /^(.+?) ago$/i.exec(s);
  if (ago) {
    const span = parseSpan(ago[1] ?? '');
    return span === null ? null : now - span;
  }
  const left = /^(.+?) left$/i.exec(s);
  if (left) {
    const span = parseSpan(left[1] ?? '');
    return span === null ? null : now + span;
  }
  // audit2grant's own spans back from now: 90s, 30m, 2h, 1d, 1w (a bare number stays an error).
  const legacy = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(s);
  if (legacy) {
    const [, amount = '', unit = ''] = legacy;
    return now - Math.round(Number(amount) * (unitMs(unit.toLowerCase()) ?? 0));
  }
  return absolute(s, now, zone);
}
