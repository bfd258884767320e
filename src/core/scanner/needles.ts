// Finding `type=audit` in raw bytes: in the blocks the line count flagged when the chunk is in wasm
// memory (FlaggedHits, below), else with the needle a stream is searched with (timed on its first
// bytes); and the hits in a byte-array MESSAGE. Part of the scanner's hot path (chunks.ts).
import { AUDIT_TAIL, AUDIT_TAIL_ARRAY, AUDIT_TAIL_ARRAY_SPACED, isArrayHit } from './bytes.js';
import type { FlaggedBlocks } from './newlines.js';

/**
 * How to find `type=audit`: Node searches a needle by its first byte (memchr), then compares, and
 * switches to Boyer-Moore-Horspool when the first byte hits too often, so how fast a needle is
 * depends on the stream's bytes in ways a byte count does not predict. `ype=audit`, `=audit` or
 * `udit`, the bytes before it checked by hand: all find the same lines. Measured per 100 MB on the
 * bench's shapes (2-core AMD EPYC VM): ~280-byte mixed lines 27 / 9 / 12 ms, ~200-byte lines
 * 18 / 7 / 11 ms, ~800-byte Marathon lines 86 / 23 / 18 ms (the line count by indexOf was 113 ms).
 */
export interface Needle {
  tail: Buffer;
  head: Buffer;
}
const NEEDLE_Y: Needle = { tail: AUDIT_TAIL, head: Buffer.from('t') };
const NEEDLE_EQ: Needle = { tail: Buffer.from('=audit'), head: Buffer.from('type') };
const NEEDLE_UDIT: Needle = { tail: Buffer.from('udit'), head: Buffer.from('type=a') };
export const NEEDLES: readonly Needle[] = [NEEDLE_Y, NEEDLE_EQ, NEEDLE_UDIT];
const SAMPLE_BYTES = 256 * 1024;

function countByte(buf: Buffer, byte: number, limit: number): number {
  let n = 0;
  for (let p = buf.indexOf(byte); p !== -1 && n < limit; p = buf.indexOf(byte, p + 1)) n++;
  return n;
}

/** Time to find every `type=audit` of `s` with `n` (ms). */
function timeNeedle(s: Buffer, n: Needle): number {
  const t0 = performance.now();
  for (let h = findPlain(s, 0, n); h !== -1; h = findPlain(s, h + 1, n));
  return performance.now() - t0;
}

/**
 * Pick the needle from the stream's first bytes: with a full sample (256 KiB), the fastest of the
 * candidates on it (two rounds, well under a millisecond per stream); with less, the one whose
 * first byte is rarer of `ype=audit` and `=audit`.
 */
export function chooseNeedle(sample: Buffer): Needle {
  return timedNeedle(sample).needle;
}

/** chooseNeedle, and what the needle took on the sample's first SAMPLE_BYTES (ms; Infinity: not timed, a short sample). */
export function timedNeedle(sample: Buffer): { needle: Needle; ms: number } {
  const s = sample.subarray(0, SAMPLE_BYTES);
  if (s.length < SAMPLE_BYTES) {
    const ys = countByte(s, 0x79, 1 << 20);
    return { needle: countByte(s, 0x3d, ys) < ys ? NEEDLE_EQ : NEEDLE_Y, ms: Infinity };
  }
  let best = NEEDLE_Y;
  let bestMs = Infinity;
  for (let round = 0; round < 2; round++) {
    for (const n of NEEDLES) {
      const ms = timeNeedle(s, n);
      if (ms < bestMs) [best, bestMs] = [n, ms];
    }
  }
  return { needle: best, ms: bestMs };
}

/** The bytes chooseNeedle times the needles on (and chunks.ts the flagged blocks). */
export const NEEDLE_SAMPLE_BYTES = SAMPLE_BYTES;

function hasHead(seg: Buffer, h: number, p: number, head: Buffer): boolean {
  const start = h - head.length;
  if (start < p) return false;
  for (let i = 0; i < head.length; i++) if (seg[start + i] !== head[i]) return false;
  return true;
}

/** Where the `type=audit` of a findPlain hit starts. */
export const plainStart = (hit: number, n: Needle): number => hit - n.head.length;

/** Where the `type=audit` of a FlaggedHits hit (its `=`) starts. */
export const flaggedStart = (hit: number): number => hit - 4;

/** Next real `type=audit` at or after `p` (the position of the needle's tail in it). */
export function findPlain(seg: Buffer, p: number, n: Needle): number {
  let h = seg.indexOf(n.tail, p);
  while (h !== -1 && !hasHead(seg, h, p, n.head)) h = seg.indexOf(n.tail, h + 1);
  return h;
}

function findArrayOf(seg: Buffer, p: number, needle: Buffer, spaced: boolean): number {
  let h = seg.indexOf(needle, p);
  while (h !== -1 && !isArrayHit(seg, h, p, spaced)) h = seg.indexOf(needle, h + 1);
  return h;
}

/** Next `type=audit` in a byte-array MESSAGE (either json spacing) at or after `p`. */
export function findArray(seg: Buffer, p: number): number {
  const a = findArrayOf(seg, p, AUDIT_TAIL_ARRAY, false);
  const b = findArrayOf(seg, p, AUDIT_TAIL_ARRAY_SPACED, true);
  return a === -1 ? b : b === -1 ? a : Math.min(a, b);
}

const TYPE_AUDIT = Buffer.from('type=audit');

/** seg holds `type=audit` with its `=` at e (e - 4 >= 0). */
function isTypeAuditAt(seg: Buffer, e: number): boolean {
  return (
    seg[e] === 0x3d && seg[e + 1] === 0x61 && seg[e + 2] === 0x75 && seg[e + 3] === 0x64 && seg[e + 4] === 0x69 &&
    seg[e + 5] === 0x74 && seg[e - 4] === 0x74 && seg[e - 3] === 0x79 && seg[e - 2] === 0x70 && seg[e - 1] === 0x65
  );
}

/** The `=` of the first `type=audit` lying in seg[from, to), if that `=` is before `eqLimit` (a search bounded by `to`). */
function eqIn(seg: Buffer, from: number, to: number, eqLimit: number): number {
  if (from >= to) return -1;
  const at = seg.subarray(from, Math.min(to, seg.length)).indexOf(TYPE_AUDIT);
  return at === -1 || from + at + 4 >= eqLimit ? -1 : from + at + 4;
}

/**
 * The hits of a segment whose bytes newlines.ts `scan` flagged: only the flagged blocks are looked
 * at, byte by byte, instead of a search of every byte; the parts before and after the blocks' range
 * (a first line, a last < 16 bytes) are searched. The same hits as findPlain (a `type=audit` whose
 * `t` is at or after p), given as the position of the `=`. p must not decrease between calls.
 */
export class FlaggedHits {
  private k: number;
  private readonly end: number;
  /** Memory address of the segment's first byte. */
  private readonly base: number;
  /** [c0, c1): the segment's bytes the blocks cover. */
  private readonly c0: number;
  private readonly c1: number;

  /** `f` flagged the chunk the segment starts `at`. */
  constructor(
    private readonly f: FlaggedBlocks,
    at: number,
  ) {
    this.k = f.first;
    this.end = f.first + f.n;
    this.base = f.base + at;
    this.c0 = Math.max(0, f.from - at);
    this.c1 = f.to - at;
  }

  next(seg: Buffer, p: number): number {
    if (p + 4 < this.c0) {
      const h = eqIn(seg, p, this.c0 + TYPE_AUDIT.length, this.c0);
      if (h !== -1) return h;
    }
    for (; this.k < this.end; this.k++) {
      const b = this.f.u32[this.k]! - this.base; // k < end: within the list scan wrote
      if (b + 16 <= p + 4) continue; // every `=` of the block is before a `t` at p
      for (let e = Math.max(b, p + 4); e < b + 16; e++) if (isTypeAuditAt(seg, e)) return e;
    }
    // After the covered range: a `t` at c1 - 4 or later puts the `=` at c1 or later.
    return eqIn(seg, Math.max(p, this.c1 - 4), seg.length, Infinity);
  }
}
