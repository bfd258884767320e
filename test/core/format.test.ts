import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatTime } from '../../src/core/format.js';

describe('the one formatter for people', () => {
  it('writes bytes in binary units with one decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(300 * 2 ** 20)).toBe('300.0 MiB');
    expect(formatBytes(2 ** 50 * 3)).toBe('3072.0 TiB');
  });
  it('writes counts short', () => {
    expect([formatCount(999), formatCount(12_345), formatCount(4_100_000)]).toEqual(['999', '12.3 k', '4.1 M']);
  });
  it('writes times to the second in UTC, and - when unknown', () => {
    expect(formatTime(Date.UTC(2026, 10, 29, 23, 59, 1, 789))).toBe('2026-11-29T23:59:01Z');
    expect(formatTime(null)).toBe('-');
    expect(formatTime(Number.NaN)).toBe('-');
  });
});
