// UTF-16 saved logs: Windows PowerShell 5.1's `>` and Out-File write UTF-16LE with a BOM, so
// `ssh master journalctl … > audit.log` on a Windows admin box gives one. The scanner reads UTF-8
// only: such a stream is told from its first chunk (once per stream, so UTF-8 input pays two byte
// reads) and decoded to UTF-8 chunk by chunk, never whole.

export type Utf16Endian = 'le' | 'be';

export interface Utf16Form {
  endian: Utf16Endian;
  /** It starts with a byte order mark (skipped); else it was told by its NUL bytes. */
  bom: boolean;
}

/** Code units looked at to tell UTF-16 without a BOM, and the fewest that may decide it. */
const SAMPLE_UNITS = 2048;
const MIN_UNITS = 4;

/** ASCII but NUL (json-seq's RS and other controls included). */
const ascii = (b: number): boolean => b > 0 && b < 0x80;

/**
 * Whether `b` (a little- or big-endian sample) is unmistakably UTF-16 without a BOM: no NUL
 * character (`00 00`: no text has one, binaries are full of them), ≥ 95 % of the units ASCII with a
 * NUL high byte, and at least half of them printable (text, not small binary numbers). `hi`: where
 * the high byte of a unit is (1 for LE, 0 for BE).
 */
function nulPattern(b: Buffer, hi: 0 | 1): boolean {
  const units = Math.min(b.length >> 1, SAMPLE_UNITS);
  if (units < MIN_UNITS) return false;
  let text = 0;
  let printable = 0;
  for (let i = 0; i < units; i++) {
    const h = b[2 * i + hi]!;
    const l = b[2 * i + 1 - hi]!;
    if (h === 0 && l === 0) return false;
    if (h !== 0 || !ascii(l)) continue;
    text++;
    if (l >= 0x20 && l < 0x7f) printable++;
  }
  return text * 20 >= units * 19 && printable * 2 >= units;
}

/**
 * The UTF-16 form of a stream from its first chunk, or null. `FF FE 00 00` is UTF-32LE's BOM, not
 * read (left to the scan's unreadable-file warning).
 */
export function utf16Form(first: Buffer): Utf16Form | null {
  if (first.length < 2) return null;
  const [b0, b1] = [first[0]!, first[1]!];
  if (b0 === 0xff && b1 === 0xfe) return first[2] === 0 && first[3] === 0 ? null : { endian: 'le', bom: true };
  if (b0 === 0xfe && b1 === 0xff) return { endian: 'be', bom: true };
  // Without a BOM, the first unit already shows the pattern: UTF-8 text stops here.
  if (b1 === 0 && ascii(b0) && nulPattern(first, 1)) return { endian: 'le', bom: false };
  if (b0 === 0 && ascii(b1) && nulPattern(first, 0)) return { endian: 'be', bom: false };
  return null;
}

const EMPTY = Buffer.alloc(0);
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * UTF-16 → UTF-8, one chunk at a time: a unit cut by a chunk end, or a high surrogate at a
 * chunk's end, waits for the next chunk (at most 3 bytes are held). A lone surrogate becomes
 * U+FFFD (as Buffer's UTF-8 encoder writes it) and is counted; an odd last byte is dropped and said.
 */
export class Utf16Decoder {
  /** Surrogates with no partner: each U+FFFD in the output. */
  loneSurrogates = 0;
  /** The input's length was odd: its last byte was no code unit. */
  oddLength = false;
  private carry: Buffer | null = null;
  private skip: number;

  constructor(private readonly endian: Utf16Endian, bom: boolean) {
    this.skip = bom ? 2 : 0;
  }

  get malformed(): boolean {
    return this.loneSurrogates > 0 || this.oddLength;
  }

  /** The UTF-8 of what `chunk` completes (`chunk` is not kept: a source may reuse its buffer). */
  push(chunk: Buffer): Buffer {
    let b = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    if (this.skip > 0) {
      const n = Math.min(this.skip, b.length);
      b = b.subarray(n);
      this.skip -= n;
    }
    let end = b.length & ~1;
    if (end >= 2 && this.highSurrogateAt(b, end - 2)) end -= 2;
    if (end < b.length) this.carry = Buffer.from(b.subarray(end));
    return this.utf8(b, end);
  }

  /** What was held at the input's end. */
  end(): Buffer {
    const c = this.carry;
    this.carry = null;
    if (!c) return EMPTY;
    if (c.length % 2 === 1) this.oddLength = true;
    return this.utf8(c, c.length & ~1);
  }

  private highSurrogateAt(b: Buffer, at: number): boolean {
    const high = this.endian === 'le' ? b[at + 1]! : b[at]!;
    return high >= 0xd8 && high <= 0xdb;
  }

  private utf8(b: Buffer, end: number): Buffer {
    if (end === 0) return EMPTY;
    let units = b.subarray(0, end);
    if (this.endian === 'be') units = Buffer.from(units).swap16(); // a copy: the source's buffer stays as read
    const text = units.toString('utf16le');
    if (ANY_SURROGATE.test(text)) this.loneSurrogates += text.match(LONE_SURROGATE)?.length ?? 0;
    return Buffer.from(text, 'utf8');
  }
}
