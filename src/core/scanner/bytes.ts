// Byte-level helpers of the hot path: needles and line bounds on raw Buffers, no strings.
import { decodeBytes } from '../journal/utf8.js';
import { decodingLong, LONG_LINE } from './long-garbage.js';
import { indexIn, wasmNeedle } from './needle-find.js';

/** `ype=audit`: V8 scans for a needle's first byte with memchr; `y` is rare in logs, `t` is not. */
export const AUDIT_TAIL = Buffer.from('ype=audit');
/**
 * `type=audit` in a journal json MESSAGE printed as an array of byte numbers (a message that is
 * not valid UTF-8 or holds control characters): `[116,121,…]`, or `[ 116, 121, … ]` from systemd
 * before its json rewrite (CentOS 7's 219).
 */
export const AUDIT_TAIL_ARRAY = Buffer.from('121,112,101,61,97,117,100,105,116');
export const AUDIT_TAIL_ARRAY_SPACED = Buffer.from('121, 112, 101, 61, 97, 117, 100, 105, 116');
export const NL = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const RS = 0x1e;
const LBRACE = 0x7b;
const DATA_PREFIX = Buffer.from('data: ');

/** Whether the byte-array candidate at `hit` is preceded by `116,` (`116, ` when `spaced`), the `t`, given its line start. */
export function isArrayHit(buf: Buffer, hit: number, lineStart: number, spaced = false): boolean {
  const at = hit - (spaced ? 5 : 4);
  if (at < lineStart || (spaced && buf[hit - 1] !== 0x20)) return false;
  return buf[at] === 0x31 && buf[at + 1] === 0x31 && buf[at + 2] === 0x36 && buf[at + 3] === 0x2c;
}

const NL_NEEDLE = wasmNeedle('\n');

/** End of the line holding `pos` (0 or more), exclusive of the `\n` (or the buffer end). */
export function lineEndAt(buf: Buffer, pos: number): number {
  const e = indexIn(buf, NL_NEEDLE, pos);
  return e === -1 ? buf.length : e;
}

/** The line ends in [start, end) of `buf` (rare uses: the line count itself is newlines.ts's). */
export function countLineEnds(buf: Buffer, start: number, end: number): number {
  let n = 0;
  for (let at = buf.indexOf(NL, start); at !== -1 && at < end; at = buf.indexOf(NL, at + 1)) n++;
  return n;
}

export function lineStartAt(buf: Buffer, pos: number): number {
  return pos === 0 ? 0 : buf.lastIndexOf(NL, pos - 1) + 1;
}

/** Decode [start, end) as UTF-8 (invalid bytes as `\xNN`), dropping a trailing CR and capping the length. */
export function decodeLine(buf: Buffer, start: number, end: number, cap: number): string {
  if (end > start && buf[end - 1] === CR) end--;
  if (end - start > cap) end = start + cap;
  if (end - start >= LONG_LINE) decodingLong(end - start);
  return decodeBytes(buf, start, end);
}

export function isIndented(buf: Buffer, pos: number): boolean {
  return isIndent(buf[pos]);
}

/** A line starting with this byte continues the entry before it (an indented continuation line). */
export const isIndent = (b: number | undefined): boolean => b === SP || b === TAB;

/** A line that starts like journal json (`{`, json-seq RS, json-sse `data: `), after a few blanks. */
export function looksJsonAt(buf: Buffer, pos: number): boolean {
  let i = pos;
  const stop = Math.min(buf.length, pos + 8);
  while (i < stop && (buf[i] === SP || buf[i] === TAB || buf[i] === CR || buf[i] === NL)) i++;
  if (i >= buf.length) return false;
  const b = buf[i];
  if (b === LBRACE || b === RS) return true;
  return buf.length - i >= DATA_PREFIX.length && buf.compare(DATA_PREFIX, 0, DATA_PREFIX.length, i, i + DATA_PREFIX.length) === 0;
}
