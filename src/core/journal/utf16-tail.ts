// Where a UTF-16 log goes on in UTF-8: PowerShell 5.1's `>` writes UTF-16LE, a later
// `| Add-Content` appends ANSI or UTF-8 to the same file, and `cat ps.log new.log` glues the two.
// Decoded as UTF-16, that text is CJK-looking units with no line end, one huge line: every denial
// in it lost without a word. The decoder (utf16.ts) asks here at each line start whose first code
// unit has no NUL byte (a UTF-16 line of ASCII has one in every unit).
import { sequenceAt } from './utf8.js';

/** UTF-16 still; UTF-8 from here; more bytes needed; too few bytes left to tell. */
export type TailVerdict = 'utf16' | 'utf8' | 'more' | 'unsure';

/**
 * NUL-free bytes that read as UTF-8 text, from a line start on, that make it UTF-8. A UTF-16
 * journal line holds a NUL within 16 units (the high byte of any ASCII: a space, a digit, its line
 * end) unless its first 16 characters are all from a script whose units happen to be two bytes of
 * UTF-8 text; log lines start with a timestamp or a host, in ASCII.
 */
export const UTF8_STRETCH = 32;
/** Looked at: the stretch, and room for a UTF-8 sequence that starts in it to end. */
const WINDOW = UTF8_STRETCH + 3;

/**
 * What the bytes of `rest` (from a line start of a UTF-16 stream to what has been read) are.
 * `final`: no more bytes will come.
 */
export function tailVerdict(rest: Uint8Array, final: boolean): TailVerdict {
  if (final && rest.length < 2) return 'utf16'; // no unit: the decoder says the odd length
  const n = Math.min(rest.length, WINDOW);
  // A NUL is never in UTF-8 text: UTF-16 (a unit of another script, then an ASCII one).
  for (let i = 0; i < n; i++) if (rest[i] === 0) return 'utf16';
  let i = 0;
  while (i < Math.min(n, UTF8_STRETCH)) {
    const len = textAt(rest, i, n);
    // Not text: UTF-16 of another script, unless it is a UTF-8 sequence the read cut.
    if (len === 0) return !final && n < WINDOW && rest[i]! >= 0xc2 && n - i < 4 ? 'more' : 'utf16';
    i += len;
  }
  if (i >= UTF8_STRETCH) return 'utf8';
  return final ? 'unsure' : 'more';
}

/**
 * Whether `b` (no NUL byte in it) holds UTF8_STRETCH bytes of UTF-8 text in a row anywhere: not
 * UTF-16, by the same count as at a line start. A live UTF-8 pipe's first line may start with
 * bytes no text holds (json-seq's RS, ANSI colour's ESC, a latin-1 byte) and go on in text.
 */
export function holdsTextStretch(b: Uint8Array): boolean {
  let run = 0;
  for (let i = 0; i < b.length; ) {
    const len = textAt(b, i, b.length);
    run = len === 0 ? 0 : run + len;
    if (run >= UTF8_STRETCH) return true;
    i += len || 1;
  }
  return false;
}

const ESC = 0x1b;
const RS = 0x1e;

/**
 * Whether `b` is UTF-8 text but for ANSI colour (CSI sequences: ESC `[`, parameters, a final byte)
 * and json-seq's RS: a live pipe's first line, coloured, may hold no UTF8_STRETCH bytes of text in
 * a row, and the next line may come minutes later.
 */
export function textBesideColour(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; ) {
    if (b[i] === RS) {
      i++;
    } else if (b[i] === ESC && b[i + 1] === 0x5b) {
      let j = i + 2;
      while (j < b.length && b[j]! >= 0x20 && b[j]! <= 0x3f) j++; // parameters, intermediates
      if (j >= b.length || b[j]! < 0x40 || b[j]! > 0x7e) return false;
      i = j + 1;
    } else {
      const len = textAt(b, i, b.length);
      if (len === 0) return false;
      i += len;
    }
  }
  return true;
}

/** Length of the UTF-8 text character at `i` (no control but tab, LF, CR), or 0. */
function textAt(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  if (c >= 0x80) return sequenceAt(b, i, end);
  return (c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d ? 1 : 0;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Where the UTF-8 text starts in `rest` (past a UTF-8 BOM, which `cat` of a BOM-marked file leaves). */
export function utf8Start(rest: Uint8Array): number {
  return UTF8_BOM.every((b, i) => rest[i] === b) ? UTF8_BOM.length : 0;
}
