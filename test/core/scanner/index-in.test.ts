// indexIn: Buffer.indexOf for the scanner's needles, searched by the WebAssembly module's `find`
// when the buffer lies in a memory of scanBuffers. It must give indexOf's answer for every
// buffer, needle and start, whatever bytes lie past the buffer's end (the module reads them).
import { describe, expect, it } from 'vitest';
import { indexIn, wasmNeedle, type Needle } from '../../../src/core/scanner/needle-find.js';
import { scanBuffers } from '../../../src/core/scanner/newlines.js';
import { defined } from '../../helpers/nth.js';

// Needles with repeated and shared bytes: a first and last byte that match often, so the byte loop
// over the middle runs and is left early. Made before any memory (each memory holds those made so far).
const NEEDLES: Needle[] = ['result=', ' request_uri=', '\n', 'aa', 'aba', 'r=r', 'abababababab'].map(wasmNeedle);

/** Deterministic pseudo-random text over a few bytes, with needles planted now and then. */
function filler(seed: number): (b: Buffer, from: number, to: number) => void {
  let s = seed;
  const next = (k: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.floor((s / 4294967296) * k);
  };
  const alphabet = Buffer.from('ab=r \nresult_uiq');
  return (b, from, to) => {
    for (let i = from; i < to; i++) b[i] = defined(alphabet[next(alphabet.length)]);
    for (let k = next(4); k > 0; k--) {
      const n = defined(NEEDLES[next(NEEDLES.length)]).bytes;
      const at = from + next(Math.max(1, to - from));
      n.copy(b, at, 0, Math.min(n.length, to - at));
    }
  };
}

describe('indexIn', () => {
  const slots = defined(scanBuffers(3, 4096));
  const fill = filler(7);

  it('finds what indexOf finds in wasm memory, for every start, across block edges and the buffer end', () => {
    let checked = 0;
    let found = 0;
    for (let round = 0; round < 150; round++) {
      const slot = defined(slots[round % 3]);
      fill(slot, 0, slot.length);
      // A line inside the slot, and the bytes after it (the module reads them) holding needles too.
      const start = (round * 37) % 200;
      const line = slot.subarray(start, start + (round % 97) + ((round * 13) % 41));
      for (const n of NEEDLES) {
        for (let from = 0; from <= line.length + 1; from++) {
          const want = line.indexOf(n.bytes, from);
          expect(indexIn(line, n, from), `${JSON.stringify(line.toString('latin1'))} ${JSON.stringify(n.bytes.toString())} from ${from}`).toBe(want);
          checked++;
          if (want >= 0) found++;
        }
      }
    }
    expect(found).toBeGreaterThan(checked / 10); // the needles are found often, and often not
    expect(found).toBeLessThan(checked);
  });

  it('never finds a needle that runs past the end of the buffer, nor one before the start', () => {
    const slot = defined(slots[0]);
    const needle = defined(NEEDLES[1]); // ` request_uri=`
    slot.fill(0x61, 0, 200);
    needle.bytes.copy(slot, 100);
    expect(indexIn(slot.subarray(0, 200), needle)).toBe(100);
    for (let cut = 100; cut < 100 + needle.bytes.length; cut++) expect(indexIn(slot.subarray(0, cut), needle)).toBe(-1);
    expect(indexIn(slot.subarray(101, 200), needle)).toBe(-1);
    expect(indexIn(slot.subarray(0, 200), needle, 101)).toBe(-1);
    expect(indexIn(slot.subarray(100, 200), needle)).toBe(0);
  });

  it('searches the last slot to its last byte (the memory holds what the module reads past it)', () => {
    const last = defined(slots[2]);
    fill(last, 0, last.length);
    const n = defined(NEEDLES[0]);
    n.bytes.copy(last, last.length - n.bytes.length);
    const from = last.length - 64;
    expect(indexIn(last, n, from)).toBe(last.indexOf(n.bytes, from));
    expect(indexIn(last, n, from)).toBe(last.length - n.bytes.length);
  });

  it('is indexOf for buffers outside wasm memory, starts that are no index, views at the memory\'s end, needles made after the memory', () => {
    const plain = Buffer.from('x result= y result=');
    const n = defined(NEEDLES[0]);
    expect(indexIn(plain, n)).toBe(2);
    expect(indexIn(plain, n, 3)).toBe(12);
    expect(indexIn(plain, n, -8)).toBe(plain.indexOf(n.bytes, -8));
    const line = defined(slots[0]).subarray(0, 64);
    line.write('.result=', 20, 'latin1');
    for (const from of [-1, -60, Infinity, -Infinity, NaN, 2 ** 31, 2 ** 32 + 1, 65, 1e9]) expect(indexIn(line, n, from), `from ${from}`).toBe(line.indexOf(n.bytes, from));
    // A view ending where the memory ends: the module would read past it (a trap), so indexOf.
    const ab = defined(slots[0]).buffer;
    const edge = Buffer.from(ab, ab.byteLength - 12, 12);
    edge.write('ab\nresult=ab', 0, 'latin1');
    for (const nd of NEEDLES) expect(indexIn(edge, nd)).toBe(edge.indexOf(nd.bytes));
    const late = wasmNeedle('late!');
    const slot = defined(slots[1]);
    slot.write('....late!..', 0, 'latin1');
    expect(indexIn(slot.subarray(0, 11), late)).toBe(4);
    // A memory made after it holds it too.
    const fresh = defined(defined(scanBuffers(1, 4096))[0]);
    fresh.write('late!', 50, 'latin1');
    expect(indexIn(fresh.subarray(40, 60), late)).toBe(10);
  });
});
