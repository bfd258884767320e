// The look-back tail a cut or unauthenticated line's context is searched in: the last 256 KiB of
// the lines kept, from a line's start, copied only from the parts it lies in.
import { describe, expect, it } from 'vitest';
import { CONTEXT_TAIL_BYTES, tailOf } from '../../../src/core/scanner/context.js';

/** What the tail is: all of the parts joined, then their last CONTEXT_TAIL_BYTES from a line's start. */
function expected(parts: Buffer[]): Buffer {
  const all = Buffer.concat(parts);
  if (all.length <= CONTEXT_TAIL_BYTES) return all;
  const last = all.subarray(all.length - CONTEXT_TAIL_BYTES);
  return last.subarray(last.indexOf(0x0a) + 1);
}

/** Lines of 100–300 bytes, `n` bytes or a little more. */
function lines(n: number, seed: number): Buffer {
  const out: string[] = [];
  let len = 0;
  for (let i = 0; len < n; i++) {
    const l = `${seed}:${i} ${'x'.repeat(100 + ((i * 7919 + seed) % 200))}\n`;
    out.push(l);
    len += l.length;
  }
  return Buffer.from(out.join(''));
}

describe('tailOf', () => {
  it('gives the bytes of the whole snapshot joined and cut, for parts of every size around the limit', () => {
    const sizes = [1, 1000, CONTEXT_TAIL_BYTES - 1, CONTEXT_TAIL_BYTES, CONTEXT_TAIL_BYTES + 1, 1 << 20];
    for (const a of sizes) for (const b of sizes) for (const c of [0, 500, CONTEXT_TAIL_BYTES]) {
      const parts = [lines(a, 1).subarray(0, a), lines(b, 2).subarray(0, b), ...(c ? [lines(c, 3).subarray(0, c)] : [])];
      expect(tailOf(parts).equals(expected(parts)), `${a}/${b}/${c}`).toBe(true);
    }
  });

  it('copies nothing when the last part holds the tail, and only the tail when it spans parts', () => {
    const chunk = lines(1 << 20, 4);
    const alone = tailOf([lines(1 << 20, 5), chunk]);
    expect(alone.buffer).toBe(chunk.buffer); // a view of the last part
    expect(alone.length).toBeLessThanOrEqual(CONTEXT_TAIL_BYTES);
    // A 1 MiB chunk and a short last part: the copy is the tail, not the chunk with it.
    const spanning = tailOf([chunk, lines(10_000, 6)]);
    expect(spanning.buffer.byteLength).toBeLessThanOrEqual(CONTEXT_TAIL_BYTES);
    expect(spanning.equals(expected([chunk, lines(10_000, 6)]))).toBe(true);
  });
});
