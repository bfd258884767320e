import { describe, expect, it } from 'vitest';
import { shortLineStamp } from '../../../src/core/journal/short-year.js';
import type { StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 't', host: null, unit: null, envelope: null, year: null };
const iso = (line: string, m: Partial<StreamMeta>): string | null => {
  const t = shortLineStamp(line, { ...meta, ...m })?.time;
  return t == null ? null : new Date(t).toISOString();
};
const DEC = 'Dec 31 23:58:00 m1 x[1]: m';
const JAN = 'Jan 01 00:00:01 m1 x[1]: m';

describe('the year of a `short` line', () => {
  it('without --year: the latest date not after the file was written (a day allowed for time zones)', () => {
    const written = Date.parse('2025-01-02T10:00:00Z');
    expect(iso(DEC, { writtenAt: written })).toBe('2024-12-31T23:58:00.000Z');
    expect(iso(JAN, { writtenAt: written })).toBe('2025-01-01T00:00:01.000Z');
    expect(iso('Jan 02 20:00:00 m1 x[1]: m', { writtenAt: written })).toBe('2025-01-02T20:00:00.000Z');
    expect(iso('Jan 04 00:00:00 m1 x[1]: m', { writtenAt: written })).toBe('2024-01-04T00:00:00.000Z');
    // Written on Dec 31 (UTC) in a zone east of UTC, whose clock already showed Jan 1.
    expect(iso('Jan 01 05:00:00 m1 x[1]: m', { writtenAt: Date.parse('2024-12-31T23:00:00Z') })).toBe('2025-01-01T05:00:00.000Z');
  });

  it('--year is the first line\'s year; a line dated more than a day before the first is in the next year', () => {
    const first = Date.parse('2024-12-31T23:58:00Z');
    expect(iso(DEC, { year: 2024, shortFrom: first })).toBe('2024-12-31T23:58:00.000Z');
    expect(iso(JAN, { year: 2024, shortFrom: first })).toBe('2025-01-01T00:00:01.000Z');
    expect(iso('Dec 31 01:00:00 m1 x[1]: m', { year: 2024, shortFrom: first })).toBe('2024-12-31T01:00:00.000Z');
    expect(iso('Dec 29 01:00:00 m1 x[1]: m', { year: 2024, shortFrom: first })).toBe('2025-12-29T01:00:00.000Z');
    // No first line known (none at the stream's start): the year as given, and the line parsed
    // becomes the first (a later line dated a day before it is in the next year).
    const m: StreamMeta = { ...meta, year: 2024 };
    expect(shortLineStamp(JAN, m)?.time).toBe(Date.parse('2024-01-01T00:00:01Z'));
    expect(m.shortFrom).toBe(Date.parse('2024-01-01T00:00:01Z'));
  });
});
