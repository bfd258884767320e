// The framing of a gzip member (RFC 1952) around its deflate data: the header before it, the
// trailer after it, and what may follow the last member. Pure: gunzip.ts feeds the deflate data
// to zlib and asks these where a member starts and ends.

/** A header longer than this is refused (a real one is ~30 bytes; a name is kept bounded). */
export const MAX_HEADER_BYTES = 1024 * 1024;
export const TRAILER_BYTES = 8;

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;

/** The header's length; `null` when `buf` ends inside it; else why it is no gzip header (zlib's words). */
export type HeaderRead = { length: number } | null | { bad: string };

/**
 * Reads the member header at the start of `buf`. `crc32` checks the optional header CRC (zlib's
 * crc32, passed in so this file stays free of I/O modules).
 */
export function readHeader(buf: Buffer, crc32: (b: Buffer) => number): HeaderRead {
  if (buf.length < 10) return startsLikeGzip(buf) ? null : { bad: 'incorrect header check' };
  if (buf[0] !== 0x1f || buf[1] !== 0x8b) return { bad: 'incorrect header check' };
  if (buf[2] !== 8) return { bad: 'unknown compression method' };
  const flags = buf[3]!;
  if (flags & RESERVED) return { bad: 'unknown header flags set' };
  let at = 10;
  if (flags & FEXTRA) {
    if (buf.length < at + 2) return null;
    at += 2 + buf.readUInt16LE(at);
    if (at > buf.length) return null;
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const nul = buf.indexOf(0, at);
    if (nul < 0) return null;
    at = nul + 1;
  }
  if (flags & FHCRC) {
    if (buf.length < at + 2) return null;
    if ((crc32(buf.subarray(0, at)) & 0xffff) !== buf.readUInt16LE(at)) return { bad: 'header crc mismatch' };
    at += 2;
  }
  return at > buf.length ? null : { length: at };
}

/** The first bytes of `buf` could begin a gzip member (too few to tell otherwise). */
function startsLikeGzip(buf: Buffer): boolean {
  return (buf.length < 1 || buf[0] === 0x1f) && (buf.length < 2 || buf[1] === 0x8b) && (buf.length < 3 || buf[2] === 8);
}

/** Why the trailer (CRC-32 and length mod 2^32 of the member's data) does not match, or null. */
export function checkTrailer(trailer: Buffer, crc: number, size: number): string | null {
  if (trailer.readUInt32LE(0) !== crc >>> 0) return 'incorrect data check';
  if (trailer.readUInt32LE(4) !== size % 2 ** 32) return 'incorrect length check';
  return null;
}

/** Zeros to compare with, made on first use (not at every scan's start-up). */
let ZEROS: Buffer | undefined;

/** No byte of `buf` other than 0 (the padding gzip -d ignores after the last member). */
export function allZero(buf: Buffer): boolean {
  // Buffer.compare against zeros is native; only trailing bytes ever come here.
  const zeros = (ZEROS ??= Buffer.alloc(64 * 1024));
  for (let at = 0; at < buf.length; at += zeros.length) {
    const part = buf.subarray(at, at + zeros.length);
    if (part.compare(zeros, 0, part.length) !== 0) return false;
  }
  return true;
}
