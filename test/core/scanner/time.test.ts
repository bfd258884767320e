import { describe, expect, it } from 'vitest';
import { parseTimeArg } from '../../../src/core/scanner/time.js';

const now = Date.parse('2019-03-01T12:00:00Z');

describe('parseTimeArg', () => {
  it.each([
    ['30m', now - 30 * 60_000],
    ['2h', now - 2 * 3_600_000],
    ['1d', now - 86_400_000],
    ['90s', now - 90_000],
    ['1w', now - 7 * 86_400_000],
    ['1.5h', now - 5_400_000],
    ['2019-03-01T10:00:00Z', Date.parse('2019-03-01T10:00:00Z')],
    ['2019-03-01T10:00:00', Date.parse('2019-03-01T10:00:00Z')],
    ['2019-03-01 10:00', Date.parse('2019-03-01T10:00:00Z')],
    ['2019-03-01', Date.parse('2019-03-01T00:00:00Z')],
    ['2019-03-01T10:00:00.123456+0100', Date.parse('2019-03-01T09:00:00.123Z')],
    ['2019-03-01T10:00:00-05:00', Date.parse('2019-03-01T15:00:00Z')],
  ])('%s', (text, want) => {
    expect(parseTimeArg(text, now)).toBe(want);
  });

  it.each(['', 'yesterday', '30', '5y', '2019-13-45', '2019/03/01', '2019-03-01T25:00:00'])('rejects %j', (text) => {
    expect(parseTimeArg(text, now)).toBeNull();
  });
});
