import { describe, expect, it } from 'vitest';
import { parseSpan, parseTimeArg, processZone, type LocalZone } from '../../../src/core/scanner/time.js';

const now = Date.parse('2019-03-01T12:00:00Z');
const H = 3_600_000;

/** A zone one hour east of UTC, without DST (so the expected values are plain arithmetic). */
const plusOne: LocalZone = {
  toEpoch: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms) - H,
  dateOf: (ms) => {
    const t = new Date(ms + H);
    return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate() };
  },
};
const at = (iso: string) => Date.parse(iso);

describe('parseTimeArg: what journalctl --since takes, and the spans audit2grant always took', () => {
  it.each([
    // audit2grant's spans back from now
    ['30m', now - 30 * 60_000],
    ['2h', now - 2 * H],
    ['1d', now - 24 * H],
    ['90s', now - 90_000],
    ['1w', now - 7 * 24 * H],
    ['1.5h', now - 1.5 * H],
    // journalctl's relative forms
    ['-1h', now - H],
    ['+30m', now + 30 * 60_000],
    ['-1h30min', now - 1.5 * H],
    ['-1h 30min', now - 1.5 * H],
    ['-30', now - 30_000],
    ['-2weeks', now - 14 * 24 * H],
    ['1 hour ago', now - H],
    ['5min ago', now - 5 * 60_000],
    ['2 days ago', now - 48 * H],
    ['1 hour  AGO', now - H],
    ['10min left', now + 10 * 60_000],
    ['now', now],
    ['NOW', now],
    // the epoch
    ['@1551441600', at('2019-03-01T12:00:00Z')],
    ['@1551441600.25', at('2019-03-01T12:00:00.250Z')],
    // with a zone: that zone
    ['2019-03-01T10:00:00Z', at('2019-03-01T10:00:00Z')],
    ['2019-03-01 10:00:00 UTC', at('2019-03-01T10:00:00Z')],
    ['2019-03-01T10:00:00.123456+0100', at('2019-03-01T09:00:00.123Z')],
    ['2019-03-01T10:00:00-05:00', at('2019-03-01T15:00:00Z')],
    ['2019-03-01 10:00:00+02', at('2019-03-01T08:00:00Z')],
    // a zone of the tz database after a date (systemd.time(7)), its own DST included
    ['2024-05-14 09:03:00 Europe/Berlin', at('2024-05-14T07:03:00Z')],
    ['2024-01-14 09:03:00 Europe/Berlin', at('2024-01-14T08:03:00Z')],
    ['Tue 2024-01-14 09:03 America/New_York', at('2024-01-14T14:03:00Z')],
    ['2024-05-14T09:03:00.250 Asia/Kolkata', at('2024-05-14T03:33:00.250Z')],
    ['2024-05-14 Europe/Berlin', at('2024-05-13T22:00:00Z')],
    ['2024-03-31 03:30 Europe/Berlin', at('2024-03-31T01:30:00Z')],
    ['2024-03-31 01:30 Europe/Berlin', at('2024-03-31T00:30:00Z')],
  ])('%s', (text, want) => {
    expect(parseTimeArg(text, now, plusOne)).toBe(want);
  });

  it.each([
    // no zone: local time, as journalctl (here one hour east of UTC)
    ['2019-03-01 10:00:00', at('2019-03-01T09:00:00Z')],
    ['2019-03-01T10:00:00', at('2019-03-01T09:00:00Z')],
    ['2019-03-01 10:00', at('2019-03-01T09:00:00Z')],
    ['2019-03-01', at('2019-02-28T23:00:00Z')],
    ['Fri 2019-03-01 10:00:00', at('2019-03-01T09:00:00Z')],
    ['19-03-01 10:00:00', at('2019-03-01T09:00:00Z')],
    ['10:00', at('2019-03-01T09:00:00Z')],
    ['10:00:30', at('2019-03-01T09:00:30Z')],
    // midnights of the local calendar
    ['today', at('2019-02-28T23:00:00Z')],
    ['yesterday', at('2019-02-27T23:00:00Z')],
    ['tomorrow', at('2019-03-01T23:00:00Z')],
  ])('%s (local time)', (text, want) => {
    expect(parseTimeArg(text, now, plusOne)).toBe(want);
  });

  it('the local calendar decides "today": just after local midnight is already the next day', () => {
    const lateUtc = Date.parse('2019-03-01T23:30:00Z'); // 00:30 on March 2 one hour east
    expect(parseTimeArg('today', lateUtc, plusOne)).toBe(at('2019-03-01T23:00:00Z'));
    expect(parseTimeArg('yesterday', lateUtc, plusOne)).toBe(at('2019-02-28T23:00:00Z'));
  });

  it('the process zone reads a zoneless time as local (TZ of this process)', () => {
    const local = new Date(2019, 2, 1, 10, 0, 0).getTime();
    expect(parseTimeArg('2019-03-01 10:00:00', now, processZone)).toBe(local);
    const year50 = new Date(0);
    year50.setUTCFullYear(50, 0, 1); // four-digit years below 100 are not read as 19xx
    expect(parseTimeArg('0050-01-01 00:00:00 UTC', now)).toBe(year50.getTime());
  });

  it.each(['', '   ', 'the day before', '30', '5y', '2019-13-45', '2019-02-30', '2019/03/01', '2019-03-01T25:00:00', '-', '-1 parsec', '@', '@12x', 'ago', '10:00 UTC', 'yesterday 10:00', '10:00 Europe/Berlin', '2024-05-14 09:03 Mars/Olympus', '2024-05-14 09:03+02:00 Europe/Berlin', '2024-05-14 09:03 UTC Europe/Berlin', '@99999999999999999', '-99999999999999d', '+99999999999999d', '@1e400'])(
    'rejects %j',
    (text) => {
      expect(parseTimeArg(text, now, plusOne)).toBeNull();
    },
  );
});

describe('parseSpan (systemd.time spans)', () => {
  it.each([
    ['90', 90_000],
    ['1h30min', 5_400_000],
    ['1h 30m', 5_400_000],
    ['2 hours', 7_200_000],
    ['1M', 2_629_800_000],
    ['1y', 31_557_600_000],
    ['500ms', 500],
  ])('%s', (text, want) => expect(parseSpan(text)).toBe(want));

  it.each(['', 'h', '1 parsec', '1h junk'])('rejects %j', (text) => expect(parseSpan(text)).toBeNull());
});
