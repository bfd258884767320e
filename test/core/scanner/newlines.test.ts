import { describe, expect, it } from 'vitest';
import { COPY_WINDOW, FLAGGED_LINE_BYTES, scanBuffers, scanLines, scanNewlines, wasmApi } from '../../../src/core/scanner/newlines.js';
import { AFTER_NL, COUNT_WINDOW, countModuleBytes, EMPTY_RUN } from '../../../src/core/scanner/simd-module.js';
import { MIN_PIECE } from '../../../src/core/scanner/split-rest.js';
import { nth, defined } from '../../helpers/nth.js';

/** The definition: one indexOf per newline, and the byte(s) after it. */
function reference(buf: Buffer, from: number, to: number): { count: number; jsonLine: boolean } {
  let count = 0;
  let jsonLine = false;
  for (let q = buf.indexOf(10, from); q !== -1 && q < to; q = buf.indexOf(10, q + 1)) {
    count++;
    const b = buf[q + 1];
    if (b === 0x7b || b === 0x1e || (b === 0x64 && buf.toString('latin1', q + 1, q + 7) === 'data: ')) jsonLine = true;
  }
  return { count, jsonLine };
}

/** Deterministic pseudo-random bytes: newlines, letters, and now and then `{`, `d`, RS or `data: `. */
function sample(seed: number, len: number, nlShare: number): Buffer {
  let s = seed;
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) {
    const x = next();
    b[i] = x < nlShare ? 10 : x < nlShare + 0.002 ? 0x7b : x < nlShare + 0.004 ? 0x64 : x < nlShare + 0.005 ? 0x1e : 97 + Math.floor(next() * 26);
  }
  if (len > 20 && next() < 0.4) b.write('\ndata: ', Math.floor(next() * (len - 8)), 'latin1');
  return b;
}

describe('scanNewlines', () => {
  it('builds a valid WebAssembly module', () => {
    expect(wasmApi()?.validate(countModuleBytes())).toBe(true);
  });

  it('counts like the indexOf loop and finds json-looking lines exactly, across window and block edges', () => {
    let checked = 0;
    for (let seed = 1; seed <= 400; seed++) {
      // A few buffers larger than the 64 KiB window, many small ones (block tails, 4080-byte batches).
      const len = seed <= 12 ? 70_000 + seed * 9_001 : (seed * 7919) % 9_000;
      const buf = sample(seed, len, seed % 3 === 0 ? 0.9 : seed % 3 === 1 ? 0.05 : 0.002);
      const from = (seed * 31) % Math.max(1, Math.floor(len / 3));
      const to = len - ((seed * 17) % Math.max(1, Math.floor(len / 3)));
      expect(scanNewlines(buf, from, to)).toMatchObject(reference(buf, from, to));
      checked++;
    }
    expect(checked).toBe(400);
  });

  it('counts a buffer of newlines only (every byte lane saturated)', () => {
    const buf = Buffer.alloc(200_000, 10);
    expect(scanNewlines(buf, 0, buf.length)).toMatchObject({ count: 200_000, jsonLine: false });
  });

  it('looks at the byte after the range for a newline at its end (the next line starts there)', () => {
    const buf = Buffer.from('a\nb\n{"MESSAGE":1}');
    expect(scanNewlines(buf, 0, 4)).toMatchObject({ count: 2, jsonLine: true });
    expect(scanNewlines(buf, 0, 2)).toMatchObject({ count: 1, jsonLine: false });
    const tail = Buffer.from('x'.repeat(31) + '\n' + '{');
    expect(scanNewlines(tail, 0, 32)).toMatchObject({ count: 1, jsonLine: true });
  });
});

describe('scanBuffers (counted in place, in wasm memory)', () => {
  it('counts like the indexOf loop in every buffer of the pool, at any offset, and hands out disjoint buffers', () => {
    const bufs = scanBuffers(3, 70_000);
    expect(bufs).not.toBeNull();
    const [a, b, c] = defined(bufs, 'the buffer pool');
    if (!a || !b || !c) throw new Error('expected 3 buffers');
    expect(a.length).toBe(70_000);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + a.length);
    let checked = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const buf = nth([a, b, c], seed % 3);
      sample(seed, buf.length, seed % 3 === 0 ? 0.9 : seed % 3 === 1 ? 0.05 : 0.002).copy(buf);
      // A view of part of a pool buffer too (what the file source yields for a short read).
      const view = seed % 4 === 0 ? buf.subarray(0, (seed * 7919) % buf.length) : buf;
      const from = (seed * 31) % Math.max(1, Math.floor(view.length / 3));
      const to = view.length - ((seed * 17) % Math.max(1, Math.floor(view.length / 3)));
      expect(scanNewlines(view, from, to)).toMatchObject(reference(view, from, to));
      checked++;
    }
    expect(checked).toBe(150);
  });

  it('scanLines (blocks in pairs, a window\'s odd last block alone) counts and finds json lines like the indexOf loop', () => {
    const [buf] = defined(scanBuffers(1, 9_000), 'the buffer pool');
    if (!buf) throw new Error('expected a buffer');
    let checked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      sample(seed, buf.length, seed % 3 === 0 ? 0.9 : seed % 3 === 1 ? 0.05 : 0.002).copy(buf);
      // Ranges of every length in blocks, odd and even, from any offset.
      const from = (seed * 31) % 97;
      const to = Math.min(buf.length, from + 16 * (seed % 61) + (seed % 16));
      expect(scanLines(buf, from, to)).toMatchObject(reference(buf, from, to));
      checked++;
    }
    expect(checked).toBe(300);
  });

  it('the json check\'s table: a byte after a newline is taken for a json line\'s start exactly when it is {, RS or d', () => {
    for (let b = 0; b < 256; b++) expect(AFTER_NL[b & 15] === b, `byte ${b}`).toBe(b === 0x7b || b === 0x1e || b === 0x64);
  });

  it('a newline ending the buffer is not taken for a json line because of what follows it in memory', () => {
    const [a, b] = defined(scanBuffers(2, 64), 'the buffer pool');
    if (!a || !b) throw new Error('expected 2 buffers');
    a.fill(0x61);
    a[63] = 10;
    b[0] = 0x7b; // the next buffer starts with `{`
    expect(scanNewlines(a, 0, 64)).toMatchObject({ count: 1, jsonLine: false });
  });
});

// The flag the split-line check skips its walk by (scanner/split-rest.ts): never false when a line
// of FLAGGED_LINE_BYTES or more (at most a piece journald cut, 2042) lies inside the range, never
// true when all are under EMPTY_RUN count windows, through both ways of counting (a copy, and in place)
// and at any offset.
describe('longLine', () => {
  /** Lines of the given lengths (without their `\n`), each ended by one. */
  const lines = (lengths: number[]): Buffer => Buffer.from(lengths.map((n) => `${'a'.repeat(n)}\n`).join(''));
  /** The longest line after the range's first `\n` and within it. */
  const longest = (buf: Buffer, from: number, to: number): number => {
    let max = 0;
    for (let q = buf.indexOf(10, from); q !== -1 && q < to; ) {
      const nl = buf.indexOf(10, q + 1);
      if (nl === -1 || nl >= to) break;
      max = Math.max(max, nl - q - 1);
      q = nl;
    }
    return max;
  };
  const [pooled] = scanBuffers(1, 1 << 20) ?? [];
  /** The buffer itself (counted through a copy) and, when it fits, a view of wasm memory (in place). */
  const viewsOf = (buf: Buffer): Buffer[] => {
    if (!pooled || buf.length > pooled.length) return [buf];
    buf.copy(pooled);
    return [buf, pooled.subarray(0, buf.length)];
  };
  const SHORT = EMPTY_RUN * COUNT_WINDOW; // no line under this sets the flag
  /** Short lines (99 to 198 bytes) of exactly n bytes in all, n >= 100. */
  const filler = (n: number): Buffer => {
    const k = Math.floor(n / 100) - 1;
    return lines([...new Array<number>(k).fill(99), n - 100 * k - 1]);
  };

  it('is set only by the lines it must tell of', () => {
    expect(FLAGGED_LINE_BYTES).toBeLessThanOrEqual(MIN_PIECE);
    expect(SHORT).toBeGreaterThan(1133); // the bench's Marathon lines (long shape) stay unflagged
  });

  it('is set whenever a line of FLAGGED_LINE_BYTES bytes or more lies inside, and never when all are shorter than EMPTY_RUN windows', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let round = 0; round < 300; round++) {
      const lengths = Array.from({ length: 40 + rnd(200) }, () => (rnd(50) === 0 ? 1000 + rnd(3000) : rnd(300)));
      const buf = lines(lengths);
      const from = rnd(Math.min(500, buf.length));
      const to = buf.length - rnd(Math.min(500, buf.length - from));
      const max = longest(buf, from, to);
      for (const view of viewsOf(buf)) {
        const flag = scanNewlines(view, from, to).longLine;
        if (max >= FLAGGED_LINE_BYTES) expect(flag, `max ${max}`).toBe(true);
        if (max < SHORT) expect(flag, `max ${max}`).toBe(false);
      }
    }
  });

  it('tells a line at the bounds at every offset in a window, and where the range ends in it', () => {
    for (let shift = 0; shift < COUNT_WINDOW + 16; shift++) {
      for (const [len, want] of [[FLAGGED_LINE_BYTES, true], [SHORT - 1, false]] as const) {
        const buf = lines([shift, 100, len, 100]);
        const longEnd = shift + 1 + 101 + len + 1; // after the long line's `\n`
        for (const view of viewsOf(buf)) {
          expect(scanNewlines(view, shift, buf.length).longLine, `${len} at ${shift}`).toBe(want);
          expect(scanNewlines(view, shift, longEnd).longLine, `${len} at ${shift}, range ending with it`).toBe(want);
        }
      }
    }
  });

  it('sees a long line across two copies, and no short one', () => {
    for (let back = 1; back < FLAGGED_LINE_BYTES; back += 7) {
      for (const [len, want] of [[FLAGGED_LINE_BYTES, true], [SHORT - 1, false]] as const) {
        // The line's first `back` bytes before the copy boundary at COPY_WINDOW.
        const start = COPY_WINDOW - back;
        const buf = Buffer.concat([filler(start), lines([len, 500])]);
        expect(buf.indexOf(10, start)).toBe(start + len);
        expect(scanNewlines(buf, 0, buf.length).longLine, `${len} from ${back} before the copy's end`).toBe(want);
      }
    }
    expect(scanNewlines(lines(new Array(2000).fill(200)), 0, 402_000).longLine).toBe(false);
    expect(scanNewlines(lines(new Array(2000).fill(SHORT - 1)), 0, 2000 * SHORT).longLine).toBe(false);
  });
});
