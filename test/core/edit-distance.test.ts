// The one edit distance (src/core/edit-distance.ts): its cases, and that it answers as the two it
// replaced did (commands/usage.ts: with swaps, unbounded; findings/uid-not-seen.ts: bounded, no swaps).
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/core/edit-distance.js';

/** The definition, top down (memoised): an oracle written another way than the rows of the code. */
function byDefinition(a: string, b: string, swaps: boolean): number {
  const memo = new Map<string, number>();
  const d = (i: number, j: number): number => {
    if (i === 0 || j === 0) return i + j;
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let best = Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d(i - 2, j - 2) + 1);
    memo.set(key, best);
    return best;
  };
  return d(a.length, b.length);
}

/** A fixed sequence of short words over a small alphabet (many near pairs, swaps among them). */
function* words(n: number): Generator<[string, string]> {
  let s = 12345;
  const next = (k: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % k;
  };
  const word = (): string => Array.from({ length: next(9) }, () => 'abc-'[next(4)]).join('');
  for (let i = 0; i < n; i++) yield [word(), word()];
}

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['scan', 'scan', 0],
    ['formt', 'format', 1],
    ['kitten', 'sitting', 3],
    ['svc-tagret', 'svc-target', 2],
    ['scna', 'scan', 2],
    ['ab', 'ba', 2],
  ])('Levenshtein: %j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it.each([
    ['scna', 'scan', 1],
    ['ab', 'ba', 1],
    ['svc-tagret', 'svc-target', 1],
    ['ca', 'abc', 3], // optimal string alignment: a swapped pair is not edited again
    ['hsitory', 'history', 1],
  ])('with transpositions: %j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b, { transpositions: true })).toBe(d);
    expect(editDistance(b, a, { transpositions: true })).toBe(d);
  });

  it('bounded: anything past max is max + 1, at or under it exact', () => {
    expect(editDistance('a', 'abcdef', { max: 2 })).toBe(3); // lengths alone
    expect(editDistance('abcdef', 'uvwxyz', { max: 2 })).toBe(3); // rows past the bound
    expect(editDistance('cassandra-sb', 'cassandra-sa', { max: 2 })).toBe(1);
    expect(editDistance('svc-tagret', 'svc-target', { max: 2 })).toBe(2);
    expect(editDistance('abc', 'abc', { max: 0 })).toBe(0);
    expect(editDistance('abc', 'abd', { max: 0 })).toBe(1);
    expect(editDistance('scna', 'scan', { transpositions: true, max: 0 })).toBe(1);
  });

  it('agrees with the definition, with and without swaps and bounds', () => {
    for (const [a, b] of words(1500)) {
      for (const swaps of [false, true]) {
        const exact = byDefinition(a, b, swaps);
        expect(editDistance(a, b, { transpositions: swaps }), `${a} ${b} ${swaps}`).toBe(exact);
        for (const max of [0, 1, 2, 3]) expect(editDistance(a, b, { transpositions: swaps, max }), `${a} ${b} ${swaps} ${max}`).toBe(Math.min(exact, max + 1));
      }
    }
  });
});
