// Altered copies of real lines, for the property tests of the scanner's byte-level readers: what
// those read from bytes must be what the parser reads, on lines nobody wrote by hand.
import { nth } from './nth.js';

/** A deterministic generator of integers in [0, n). An LCG whose low bits repeat with a short period: its high bits are used. */
export function randomInts(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
}

/**
 * `count` altered copies of `seeds`: each takes one to three edits, an insertion of one of
 * `pieces` or a deletion of one to three characters. When `head` is given, three edits in four
 * fall within the first `head` characters (where envelopes and prefixes are).
 */
export function* altered(seeds: readonly string[], pieces: readonly string[], count: number, rnd: (n: number) => number, head?: number): Generator<string> {
  for (let i = 0; i < count; i++) {
    let line = nth(seeds, rnd(seeds.length));
    for (let k = 1 + rnd(3); k > 0; k--) {
      const at = rnd(head === undefined || rnd(4) === 0 ? line.length + 1 : head);
      line = rnd(3) === 0 ? line.slice(0, at) + line.slice(at + 1 + rnd(3)) : line.slice(0, at) + nth(pieces, rnd(pieces.length)) + line.slice(at);
    }
    yield line;
  }
}
