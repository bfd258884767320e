// A tar archive is told by its first header (512 bytes: `ustar` at byte 257). A slow pipe's first
// read may hold less than that, so the sniff waits (chunks.ts sniffUndecided) while what was read
// may still be the start of a header; text stops being one within a few bytes (a line end or other
// control byte in the name, or a letter where the header's octal numbers are), so a live log does not wait for 512 bytes.

/** The size of a tar header block. */
export const TAR_HEADER_BYTES = 512;
const NAME_END = 100;
/** The numeric fields after the name (mode, uid, gid, size, mtime, chksum): [start, end). */
const NUMBERS: readonly (readonly [number, number])[] = [
  [100, 108],
  [108, 116],
  [116, 124],
  [124, 136],
  [136, 148],
  [148, 156],
];
const MAGIC_AT = 257;
const MAGIC = 'ustar';

/** A tar header: `ustar` at byte 257 (POSIX `ustar\0`, GNU `ustar  \0`). */
export function isTar(first: Buffer | null): boolean {
  return first !== null && first.length >= MAGIC_AT + MAGIC.length && first.toString('latin1', MAGIC_AT, MAGIC_AT + MAGIC.length) === MAGIC;
}

const octalOrPad = (c: number): boolean => (c >= 0x30 && c <= 0x37) || c === 0x20 || c === 0;

/**
 * Whether `b` (fewer than 512 bytes) may be the start of a ustar header: a name (no control byte,
 * NUL padded), octal numbers (or GNU's base-256, first byte ≥ 0x80) where the header has them, and as
 * much of `ustar` as was read. More bytes decide it.
 */
export function mayBeTarHead(b: Buffer): boolean {
  const nameEnd = Math.min(b.length, NAME_END);
  const nul = b.indexOf(0);
  const pad = nul < 0 || nul >= nameEnd ? nameEnd : nul;
  // A line end or other control byte (json-seq's RS, ANSI colour's ESC) in the name: text. A
  // member's name is a path, which holds none in practice.
  if (b.subarray(0, pad).some((c) => c < 0x20)) return false;
  for (let i = pad; i < nameEnd; i++) if (b[i] !== 0) return false;
  for (const [start, end] of NUMBERS) {
    if (b.length <= start) return true;
    if (b[start]! >= 0x80) continue; // base-256: binary
    for (let i = start; i < Math.min(end, b.length); i++) if (!octalOrPad(b[i]!)) return false;
  }
  const magic = b.toString('latin1', MAGIC_AT, MAGIC_AT + MAGIC.length);
  return MAGIC.startsWith(magic);
}
