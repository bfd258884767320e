// The NUL flag of the line count (simd-module.ts, newlines.ts): set exactly when a byte of the
// range is NUL, at every position of a 16-byte block, in the bytes after the last whole block, at
// the count's window edges and the copy's, through the copy, in place (`count`) and with the
// flagged blocks (`scan`); the byte past the range the module reads is never taken for one.
import { describe, expect, it } from 'vitest';
import { COPY_WINDOW, scanBuffers, scanLines, scanNewlines } from '../../../src/core/scanner/newlines.js';
import { COUNT_WINDOW, MAX_CALL_BYTES } from '../../../src/core/scanner/simd-module.js';

/** Text lines of `len` bytes (no NUL): letters, a `\n` every 37 bytes. */
const text = (len: number): Buffer => Buffer.from(Array.from({ length: len }, (_, i) => (i % 37 === 36 ? 10 : 97 + (i % 26))));
const newlines = (b: Buffer, from: number, to: number): number => b.subarray(from, to).reduce((n, c) => n + (c === 10 ? 1 : 0), 0);

const [pool] = scanBuffers(1, 200_000) ?? [];
if (!pool) throw new Error('expected WebAssembly memory');

/** The three ways of counting [from, to) of `data`: a copy (plain buffer), in place, in place with the flagged blocks. */
function ways(data: Buffer, from: number, to: number): { how: string; nul: boolean; count: number }[] {
  data.copy(pool!);
  const inPlace = pool!.subarray(0, data.length);
  return [
    { how: 'copy', ...scanNewlines(data, from, to) },
    { how: 'count', ...scanNewlines(inPlace, from, to) },
    { how: 'scan', ...scanLines(inPlace, from, to) },
  ];
}

describe('the NUL flag', () => {
  it('is set by a NUL at every position of a block, at any alignment of the range, and counts stay exact', () => {
    for (const start of [0, 1, 7, 15]) {
      for (let pos = 0; pos < 48; pos++) {
        const data = text(start + 64 + 5);
        const from = start;
        const to = data.length;
        data[from + pos] = 0;
        for (const r of ways(data, from, to)) {
          expect(r.nul, `${r.how} start ${start} pos ${pos}`).toBe(true);
          expect(r.count, r.how).toBe(newlines(data, from, to));
        }
      }
    }
  });

  it('is not set without a NUL in the range: not by one just before it, nor by the byte after it the module reads', () => {
    for (const len of [16, 32, 1008, 4096]) {
      const data = text(len + 2);
      data[0] = 0;
      data[len + 1] = 0; // the byte after [1, len + 1): read past the last whole block as `w`
      for (const r of ways(data, 1, len + 1)) expect(r.nul, `${r.how} ${len}`).toBe(false);
      const clean = text(len);
      for (const r of ways(clean, 0, len)) expect(r.nul, `${r.how} clean ${len}`).toBe(false);
    }
  });

  it('is set by a NUL at the edges of the count windows and the 64 KiB copy windows, and in the last bytes', () => {
    const len = 150_000 + 11;
    const places = [0, COUNT_WINDOW - 1, COUNT_WINDOW, 5 * COUNT_WINDOW + 15, COPY_WINDOW - 1, COPY_WINDOW, COPY_WINDOW + 1, 2 * COPY_WINDOW, len - 17, len - 16, len - 11, len - 1];
    for (const at of places) {
      const data = text(len);
      data[at] = 0;
      for (const r of ways(data, 0, len)) {
        expect(r.nul, `${r.how} at ${at}`).toBe(true);
        expect(r.count, r.how).toBe(newlines(data, 0, len));
      }
    }
  });

  it('leaves the count whole up to the largest range one call may take (the result holds it shifted by 3)', () => {
    expect(((MAX_CALL_BYTES - 1) << 3) >>> 3).toBe(MAX_CALL_BYTES - 1);
    expect(scanBuffers(1, MAX_CALL_BYTES + 1)).toBeNull(); // never counted in place in one call
    const all = Buffer.alloc(70_000, 10);
    all[69_999] = 0;
    for (const r of ways(all, 0, all.length)) expect([r.count, r.nul]).toEqual([69_999, true]);
  });
});
