import { describe, expect, it } from 'vitest';
import { NameBits } from '../../../src/core/findings/live.js';

describe('NameBits', () => {
  it('gives the first 30 names a bit each, the same bit again, and 0 to every name after them', () => {
    const bits = new NameBits();
    const names = Array.from({ length: 40 }, (_, i) => `host-${i}`);
    const first = names.map((n) => bits.of(n));
    expect(new Set(first.slice(0, 30)).size).toBe(30);
    for (const b of first.slice(0, 30)) expect(b > 0 && (b & (b - 1)) === 0).toBe(true); // one bit each
    expect(first.slice(30)).toEqual(Array(10).fill(0));
    expect(names.map((n) => bits.of(n))).toEqual(first); // names past 30 were not kept: still 0
  });
});
