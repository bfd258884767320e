// Bytes → text the way an operator can read it back: valid UTF-8 is decoded, each byte of an
// invalid sequence is written `\xNN` (journalctl prints such messages raw with --all, or as an
// array of byte values in json; a replacement character would lose which bytes they were).
// Control characters stay as they are: the renderers escape them for display (safeText).

const HEX = '0123456789abcdef';
const REPLACEMENT = '\ufffd';

/** Length of the valid UTF-8 sequence starting at `i` (WHATWG rules: no overlongs, surrogates or > U+10FFFF), or 0. */
// Hot (every byte of a journal field): indexes are checked against `end` <= b.length, so `!` reads
// are in range and no per-byte guard is added.
export function sequenceAt(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + n > end) return 0;
  const c1 = b[i + 1]!;
  if (c1 < lo || c1 > hi) return 0;
  for (let k = 2; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  return n;
}

/** Decode [start, end) of `b`, writing each byte that is not part of valid UTF-8 as `\xNN`. */
export function decodeUtf8Escaped(b: Uint8Array, start = 0, end = b.length): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const out: string[] = [];
  let run = start;
  let i = start;
  while (i < end) {
    const n = sequenceAt(b, i, end);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > run) out.push(buf.toString('utf8', run, i));
    const c = b[i]!;
    out.push(`\\x${HEX[c >> 4]!}${HEX[c & 15]!}`); // a nibble indexes the 16 digits
    i++;
    run = i;
  }
  if (end > run) out.push(buf.toString('utf8', run, end));
  return out.join('');
}

/**
 * Decode [start, end) as UTF-8, invalid bytes escaped. Fast path: Buffer's decoder, and only when
 * its output holds a replacement character (rare: invalid input, or a real U+FFFD) the careful one.
 */
export function decodeBytes(buf: Buffer, start: number, end: number): string {
  const s = buf.toString('utf8', start, end);
  return s.includes(REPLACEMENT) ? decodeUtf8Escaped(buf, start, end) : s;
}
