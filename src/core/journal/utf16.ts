// UTF-16 saved logs: Windows PowerShell 5.1's `>` and Out-File write UTF-16LE with a BOM, so
// `ssh master journalctl … > audit.log` on a Windows admin box gives one. The scanner reads UTF-8
// only: such a stream is told from its first chunk (utf16-form.ts: once per stream, so UTF-8 input
// pays one search for a NUL byte in 4 KiB) and decoded to UTF-8 chunk by chunk, never whole.

import { tailVerdict, utf8Start } from './utf16-tail.js';
import type { Utf16Endian } from './utf16-form.js';

const EMPTY = Buffer.alloc(0);
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
/** A line end, then a unit of two non-NUL bytes maybe (not Latin-1): where UTF-8 text may go on. */
const LINE_THEN_WIDE = /\n[^\u0000-\u00ff]/g;
/**
 * Units of two printable ASCII bytes in a row, at least ASCII_PAIRS_RUN (a prefilter: the range also
 * holds units that are not): UTF-8 or ASCII text read as UTF-16. Real text never has such a run: its
 * ASCII has a NUL byte a unit, and of CJK ideographs about one in five is made of two such bytes.
 */
const ASCII_PAIRS_RUN = 32;
const MAYBE_PAIRS = /[\u2020-\u7e7e]{32}/;
const printable = (b: number): boolean => b >= 0x20 && b <= 0x7e;

/**
 * UTF-16 → UTF-8, one chunk at a time: a unit cut by a chunk end, or a high surrogate at a
 * chunk's end, waits for the next chunk. A lone surrogate becomes U+FFFD (as Buffer's UTF-8
 * encoder writes it) and is counted; an odd last byte is dropped and said. Text appended in UTF-8
 * after a UTF-16 line end (utf16-tail.ts) is passed on as it is from there; a line start waiting to
 * be told holds up to 35 bytes.
 */
export class Utf16Decoder {
  /** Surrogates with no partner: each U+FFFD in the output. */
  loneSurrogates = 0;
  /** The input's length was odd: its last byte was no code unit. */
  oddLength = false;
  /** Byte offset from which the input went on in UTF-8 (passed on as it is), or null. */
  utf8From: number | null = null;
  /** Byte offset of the first line that may be UTF-8 appended but was too short to tell (read as UTF-16), or null. */
  undecidedAt: number | null = null;
  /**
   * Byte offset where text that reads as UTF-8 starts in the middle of a line (no UTF-16 line end
   * before it, so it is not passed on as UTF-8): decoded as UTF-16, it is said, never a clean result.
   */
  asciiPairsAt: number | null = null;
  private carry: Buffer | null = null;
  private skip: number;
  /** Byte offset of the carry's start (of the next chunk's when there is no carry). */
  private at = 0;
  /** The carry starts a line (a UTF-16 line end just before it): told when it is judged. */
  private lineStart = false;

  constructor(private readonly endian: Utf16Endian, bom: boolean) {
    this.skip = bom ? 2 : 0;
  }

  get malformed(): boolean {
    return this.loneSurrogates > 0 || this.oddLength || this.undecidedAt !== null || this.asciiPairsAt !== null;
  }

  /** The UTF-8 of what `chunk` completes (`chunk` is not kept: a source may reuse its buffer). */
  push(chunk: Buffer): Buffer {
    if (this.utf8From !== null) return chunk; // UTF-8 text read as it is, as a UTF-8 file's
    const b = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    return this.take(b, false);
  }

  /** What was held at the input's end. */
  end(): Buffer {
    const c = this.carry;
    this.carry = null;
    return c ? this.take(c, true) : EMPTY;
  }

  private take(b: Buffer, final: boolean): Buffer {
    if (this.skip > 0) {
      const n = Math.min(this.skip, b.length);
      b = b.subarray(n);
      this.skip -= n;
      this.at += n;
    }
    let end = b.length & ~1;
    if (!final && end >= 2 && this.highSurrogateAt(b, end - 2)) end -= 2;
    let text = this.units(b, end);
    // Line starts whose first unit may be UTF-8 text: the carry's start, then after each `\n`.
    let held = -1;
    LINE_THEN_WIDE.lastIndex = 0;
    for (let k = this.lineStart ? 0 : nextWide(text); k >= 0; k = nextWide(text)) {
      const verdict = tailVerdict(b.subarray(2 * k), final);
      if (verdict === 'unsure') this.undecidedAt ??= this.at + 2 * k;
      if (verdict === 'utf8') return this.toUtf8(b, text.slice(0, k), 2 * k);
      if (verdict === 'more') {
        held = k;
        break;
      }
    }
    if (held >= 0) {
      text = text.slice(0, held);
      end = 2 * held;
    }
    this.countLone(text);
    if (this.asciiPairsAt === null) {
      const k = asciiPairsRun(text);
      if (k >= 0) this.asciiPairsAt = this.at + 2 * k;
    }
    if (end < b.length) this.carry = Buffer.from(b.subarray(end));
    this.lineStart = held >= 0 || text.endsWith('\n');
    this.at += end;
    if (final && this.carry) {
      this.oddLength = true;
      this.carry = null;
    }
    return text.length === 0 ? EMPTY : Buffer.from(text, 'utf8');
  }

  /** `text`, then `b` from `from` on as it is: UTF-8 from there. */
  private toUtf8(b: Buffer, text: string, from: number): Buffer {
    this.countLone(text);
    this.utf8From = this.at + from;
    const rest = b.subarray(from);
    return Buffer.concat([Buffer.from(text, 'utf8'), rest.subarray(utf8Start(rest))]);
  }

  private highSurrogateAt(b: Buffer, at: number): boolean {
    const high = this.endian === 'le' ? b[at + 1]! : b[at]!;
    return high >= 0xd8 && high <= 0xdb;
  }

  /** The UTF-16 text of `b`'s first `end` bytes (`b` is left as it is). */
  private units(b: Buffer, end: number): string {
    if (end === 0) return '';
    let units = b.subarray(0, end);
    if (this.endian === 'be') units = Buffer.from(units).swap16(); // a copy: the source's buffer stays as read
    return units.toString('utf16le');
  }

  /** Counts the lone surrogates in `text` with no array built (a file of them would build one per chunk). */
  private countLone(text: string): void {
    const first = text.search(ANY_SURROGATE);
    if (first < 0) return;
    for (let i = first; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0xd800 || c > 0xdfff) continue;
      const next = c <= 0xdbff ? text.charCodeAt(i + 1) : NaN;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else this.loneSurrogates++;
    }
  }
}

/** Index of the next line start (after LINE_THEN_WIDE's lastIndex) whose first unit is not Latin-1, or -1. */
function nextWide(text: string): number {
  const m = LINE_THEN_WIDE.exec(text);
  return m ? m.index + 1 : -1;
}

/** Where the first run of ASCII_PAIRS_RUN units each of two printable ASCII bytes starts in `text`, or -1. */
export function asciiPairsRun(text: string): number {
  if (!MAYBE_PAIRS.test(text)) return -1;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    run = printable(c >> 8) && printable(c & 0xff) ? run + 1 : 0;
    if (run === ASCII_PAIRS_RUN) return i - run + 1;
  }
  return -1;
}
