// duration(): what a coverage rests on, said in a unit that shows it (a 91-second window is not "0 h").
import { describe, expect, it } from 'vitest';
import { duration } from '../../../src/core/usage/index.js';

describe('duration', () => {
  it.each([
    [0, '0 s'],
    [91_000, '91 s'],
    [119_000, '119 s'],
    [120_000, '2 min'],
    [59 * 60_000, '59 min'],
    [60 * 60_000, '1 h'],
    [47 * 3_600_000, '47 h'],
    [30 * 24 * 3_600_000, '30 d'],
  ])('%d ms is %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
