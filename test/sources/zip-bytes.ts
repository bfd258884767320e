// Zip archives written byte by byte (APPNOTE 4.3.7, 4.3.12, 4.3.16), for the archives yazl refuses
// to make: names with `..` or a leading `/`, entries that share bytes, sizes that lie.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** What the entry decompresses to. */
  content?: Buffer | string;
  /** Already deflated data (method 8), with its real size and CRC. */
  raw?: { data: Buffer; size: number; crc: number };
  /** Written as the uncompressed size instead of the real one (a lie). */
  declaredSize?: number;
  /** Flagged as encrypted (general purpose bit 0), as a password-protected zip's entries are; the data stays as it is. */
  encrypted?: boolean;
}

/** 2020-03-16 00:00 in MS-DOS form. */
const DOS_DATE = ((2020 - 1980) << 9) | (3 << 5) | 16;

interface Body {
  data: Buffer;
  size: number;
  crc: number;
}

function body(e: ZipEntry): Body {
  if (e.raw) return e.raw;
  const content = Buffer.from(e.content ?? '');
  return { data: deflateRawSync(content), size: content.length, crc: crc32(content) };
}

function local(name: Buffer, b: Body, size: number, flags: number): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(flags, 6);
  h.writeUInt16LE(8, 8); // deflate
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(DOS_DATE, 12);
  h.writeUInt32LE(b.crc, 14);
  h.writeUInt32LE(b.data.length, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, name, b.data]);
}

function central(name: Buffer, b: Body, size: number, offset: number, flags: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(0x031e, 4); // made by: Unix, 3.0
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(flags, 8);
  h.writeUInt16LE(8, 10);
  h.writeUInt16LE(0, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(b.crc, 16);
  h.writeUInt32LE(b.data.length, 20);
  h.writeUInt32LE(size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, name]);
}

function end(count: number, cdSize: number, cdOffset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(cdSize, 12);
  h.writeUInt32LE(cdOffset, 16);
  return h;
}

/** A well-formed zip of deflated entries, whatever their names say. */
export function zipBytes(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const b = body(e);
    const size = e.declaredSize ?? b.size;
    const flags = 0x800 | (e.encrypted ? 1 : 0); // UTF-8 names
    const l = local(name, b, size, flags);
    centrals.push(central(name, b, size, offset, flags));
    locals.push(l);
    offset += l.length;
  }
  const cd = Buffer.concat(centrals);
  return Buffer.concat([...locals, cd, end(entries.length, cd.length, offset)]);
}

/**
 * The "full overlap" zip bomb: one local file (the kernel) and one central directory record per
 * name, every record pointing at that same local file. `at` moves each record's offset (0: all on
 * the kernel's header; the kernel's data starts at 30 + its name's length).
 */
export function overlapBomb(kernel: ZipEntry, names: string[], at: (i: number) => number = () => 0): Buffer {
  const b = body(kernel);
  const l = local(Buffer.from(kernel.name), b, b.size, 0x800);
  const cd = Buffer.concat(names.map((n, i) => central(Buffer.from(n), b, b.size, at(i), 0x800)));
  return Buffer.concat([l, cd, end(names.length, cd.length, l.length)]);
}

/**
 * The same archive claiming `count` entries through a zip64 end-of-central-directory record
 * (APPNOTE 4.3.14, 4.3.15): the only way to say more than 65535.
 */
export function withZip64EntryCount(zip: Buffer, count: number): Buffer {
  const eocd = zip.subarray(zip.length - 22);
  const cdSize = eocd.readUInt32LE(12);
  const cdOffset = eocd.readUInt32LE(16);
  const body = zip.subarray(0, zip.length - 22);
  const rec = Buffer.alloc(56);
  rec.writeUInt32LE(0x06064b50, 0);
  rec.writeBigUInt64LE(44n, 4);
  rec.writeUInt16LE(45, 12);
  rec.writeUInt16LE(45, 14);
  rec.writeBigUInt64LE(BigInt(count), 24);
  rec.writeBigUInt64LE(BigInt(count), 32);
  rec.writeBigUInt64LE(BigInt(cdSize), 40);
  rec.writeBigUInt64LE(BigInt(cdOffset), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(body.length), 8);
  loc.writeUInt32LE(1, 16);
  return Buffer.concat([body, rec, loc, end(0xffff, cdSize, cdOffset)]);
}

/**
 * The same archive with fields of its (classic, comment-less) end record rewritten: the lies an
 * end record can tell about the directory before it (APPNOTE 4.3.16).
 */
export function patchEnd(zip: Buffer, f: { entries?: number; entriesOnDisk?: number; size?: number; offset?: number }): Buffer {
  const out = Buffer.from(zip);
  const at = out.length - 22;
  if (f.entriesOnDisk !== undefined || f.entries !== undefined) out.writeUInt16LE(f.entriesOnDisk ?? f.entries ?? 0, at + 8);
  if (f.entries !== undefined) out.writeUInt16LE(f.entries, at + 10);
  if (f.size !== undefined) out.writeUInt32LE(f.size, at + 12);
  if (f.offset !== undefined) out.writeUInt32LE(f.offset, at + 16);
  return out;
}

/** `junk` bytes put between the central directory and the end record, which still says where the directory is. */
export function withGapBeforeEnd(zip: Buffer, junk: Buffer): Buffer {
  return Buffer.concat([zip.subarray(0, zip.length - 22), junk, zip.subarray(zip.length - 22)]);
}
