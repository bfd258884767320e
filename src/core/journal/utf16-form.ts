// Whether a stream is UTF-16, told from its first bytes (utf16.ts decodes it). A byte order mark
// says it; without one, only a pattern neither UTF-8 text nor binary data shows (docs/sources.md,
// "UTF-16"): UTF-8 text holds no NUL byte, and binary data holds NUL characters (`00 00`), control
// characters or surrogates with no partner.
import { holdsTextStretch, tailVerdict, textBesideColour } from './utf16-tail.js';

export type Utf16Endian = 'le' | 'be';

export interface Utf16Form {
  endian: Utf16Endian;
  /** It starts with a byte order mark (skipped); else it was told by its NUL bytes. */
  bom: boolean;
}

/** Code units looked at to tell UTF-16 without a BOM, and the fewest that may decide it. */
const SAMPLE_UNITS = 2048;
const MIN_UNITS = 4;
/** Bytes utf16Form looks at: whoever asks (the follower's check, the decoder) gives it as many, so both decide alike. */
export const UTF16_SAMPLE_BYTES = SAMPLE_UNITS * 2;

/** ASCII but NUL (json-seq's RS and other controls included). */
const ascii = (b: number): boolean => b > 0 && b < 0x80;
const LF = 0x0a;

/**
 * Whether `b` is UTF-16 of mostly ASCII: no NUL character (`00 00`: no text has one, binaries are
 * full of them), ≥ 95 % of the units ASCII with a NUL high byte, and at least half of them
 * printable (text, not small binary numbers). `hi`: where a unit's high byte is (1 for LE, 0 for BE).
 */
function asciiPattern(b: Buffer, hi: 0 | 1, units: number): boolean {
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

/** A unit that text holds: no C0 control but tab, LF, FF, CR, ESC and json-seq's RS, no C1, no noncharacter. */
function textUnit(u: number): boolean {
  if (u < 0x20) return u === 0x09 || u === LF || u === 0x0c || u === 0x0d || u === 0x1b || u === 0x1e;
  return !(u >= 0x7f && u < 0xa0) && u !== 0xfffe && u !== 0xffff;
}

/** `type=audit` in UTF-16LE and BE: the text every audit line holds. */
const NEEDLE = { le: Buffer.from('type=audit', 'utf16le'), be: Buffer.from('type=audit', 'utf16le').swap16() };

/** Whether `needle` is at an even offset of `b`'s first `end` bytes (a whole unit). */
function unitsHold(b: Buffer, needle: Buffer, end: number): boolean {
  for (let at = b.indexOf(needle); at >= 0 && at + needle.length <= end; at = b.indexOf(needle, at + 1)) if (at % 2 === 0) return true;
  return false;
}

/**
 * Whether `b` is UTF-16 text of any script (a log whose first lines are CJK, say): every unit
 * text (no NUL character, no control binaries hold, every surrogate paired), and a UTF-16 line end
 * or `type=audit` in UTF-16 among them, whose NUL bytes no UTF-8 text holds.
 */
function widePattern(b: Buffer, hi: 0 | 1, units: number): boolean {
  let marked = false;
  for (let i = 0; i < units; i++) {
    const u = (b[2 * i + hi]! << 8) | b[2 * i + 1 - hi]!;
    if (u === LF) marked = true;
    else if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 1 === units) break; // its partner is past the sample
      const low = (b[2 * i + 2 + hi]! << 8) | b[2 * i + 3 - hi]!;
      if (low < 0xdc00 || low > 0xdfff) return false;
      i++;
    } else if ((u >= 0xdc00 && u <= 0xdfff) || !textUnit(u)) return false;
  }
  return marked || unitsHold(b, NEEDLE[hi === 1 ? 'le' : 'be'], units * 2);
}

/** Zero bytes at offsets of parity `odd` in `b`'s first `end` bytes: a UTF-16 text's NULs are mostly its ASCII's high bytes. */
function zerosAt(b: Buffer, odd: 0 | 1, end: number): number {
  let n = 0;
  for (let i = odd; i < end; i += 2) if (b[i] === 0) n++;
  return n;
}

/**
 * The UTF-16 form of a stream from its first chunk, or null. `FF FE 00 00` is UTF-32LE's BOM, not
 * read (left to the scan's unreadable-file warning). Without a BOM: not when the stream starts as
 * UTF-8 text (32 bytes of it with no NUL: the decoder's rule for UTF-8 appended, utf16-tail.ts), nor
 * without a NUL byte in the sample; then mostly ASCII with NUL high bytes, or text of any script
 * with a UTF-16 line end or `type=audit` anywhere in the sample (not only at its start).
 */
export function utf16Form(first: Buffer): Utf16Form | null {
  if (first.length < 2) return null;
  const [b0, b1] = [first[0]!, first[1]!];
  if (b0 === 0xff && b1 === 0xfe) return first[2] === 0 && first[3] === 0 ? null : { endian: 'le', bom: true };
  if (b0 === 0xfe && b1 === 0xff) return { endian: 'be', bom: true };
  const units = Math.min(first.length >> 1, SAMPLE_UNITS);
  // UTF-8 text holds no NUL: one native search, then nothing more for a UTF-8 log.
  const nul = first.indexOf(0);
  if (units < MIN_UNITS || nul < 0 || nul >= units * 2) return null;
  if (tailVerdict(first, false) === 'utf8') return null;
  // The endianness whose high bytes hold more of the NULs first (ASCII's), then the other.
  const order: (0 | 1)[] = zerosAt(first, 1, units * 2) >= zerosAt(first, 0, units * 2) ? [1, 0] : [0, 1];
  for (const hi of order) if (asciiPattern(first, hi, units) || widePattern(first, hi, units)) return { endian: hi === 1 ? 'le' : 'be', bom: false };
  return null;
}

/**
 * Whether more bytes could change utf16Form's answer on `first` (a slow pipe's first read may be
 * one byte): a start that may be a BOM, or one that is not yet UTF-8 text, short of the sample. A
 * start is UTF-8 text when its first 32 bytes are (utf16-tail.ts), or, shorter, when it is all
 * text and ends a line (a live pipe's short first line: a UTF-16 writer's line ends in a NUL byte).
 * A start that is not text (json-seq's RS, ANSI colour's ESC, a latin-1 byte) is told too once
 * what was read holds no NUL byte and 32 bytes of text in a row anywhere, or ends a line and is
 * text but for colour escapes and RS.
 */
export function utf16Undecided(first: Buffer): boolean {
  if (first.length >= UTF16_SAMPLE_BYTES) return false;
  const [b0, b1] = [first[0]!, first[1]];
  if (b1 === undefined && (b0 === 0xff || b0 === 0xfe)) return true;
  if (b0 === 0xff && b1 === 0xfe) return first.length < 4; // UTF-32LE's BOM is FF FE 00 00
  if (b0 === 0xfe && b1 === 0xff) return false;
  const verdict = tailVerdict(first, false);
  if (verdict === 'utf8' || (verdict === 'more' && first[first.length - 1] === LF)) return false;
  // A whole short line, coloured: read as the rule above reads one of plain text.
  if (first[first.length - 1] === LF && textBesideColour(first)) return false;
  // UTF-16 of another script holds no such stretch of text; once a NUL comes, utf16Form looks.
  return first.includes(0) || !holdsTextStretch(first);
}
