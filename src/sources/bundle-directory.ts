// Does the central directory yauzl read cover the whole archive? yauzl reads exactly as many
// records as the end record lists and never looks past them, so an end record that under-counts
// (or a zip64 end record that disagrees with it, or a directory size that lies) would hide entries
// from the scan that `unzip` (it walks records while their signature holds) or Python (it reads the
// declared size) would extract. The end records are found here the way yauzl finds them, and the
// directory it read is held against what they declare (APPNOTE 4.3.12–4.3.16). Pure: bundle.ts
// does the reads.

const CENTRAL = 0x02014b50;
const EOCD = 0x06054b50;
const LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const EOCD_SIZE = 22;
const LOCATOR_SIZE = 20;
/** The fixed part of a zip64 end record: what is read of it. */
export const ZIP64_END_SIZE = 56;
/** A central directory record without its name, extra field and comment. */
const CENTRAL_SIZE = 46;

/** How many bytes at the end of an archive to read for its end records (yauzl's window: a comment is at most 65535 bytes). */
export function tailLength(fileSize: number): number {
  return Math.min(LOCATOR_SIZE + EOCD_SIZE + 0xffff, fileSize);
}

/** The bytes one central directory record takes. */
export function recordBytes(e: { fileNameLength: number; extraFieldLength: number; fileCommentLength: number }): number {
  return CENTRAL_SIZE + e.fileNameLength + e.extraFieldLength + e.fileCommentLength;
}

/** What an end record (classic or zip64) declares. */
export interface Declared {
  entriesOnDisk: number;
  entries: number;
  size: number;
  offset: number;
}

export interface EndRecord extends Declared {
  /** Where the end record starts in the archive. */
  at: number;
  /** Where the zip64 end record is, when a locator sits right before this record (as yauzl looks). */
  zip64At: number | null;
}

/** The end record yauzl uses: the last signature in the tail (`tailStart`: the tail's offset in the archive). */
export function findEnd(tail: Buffer, tailStart: number): EndRecord | null {
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD) continue;
    const loc = i - LOCATOR_SIZE;
    const zip64At = loc >= 0 && tail.readUInt32LE(loc) === LOCATOR ? Number(tail.readBigUInt64LE(loc + 8)) : null;
    return {
      at: tailStart + i,
      entriesOnDisk: tail.readUInt16LE(i + 8),
      entries: tail.readUInt16LE(i + 10),
      size: tail.readUInt32LE(i + 12),
      offset: tail.readUInt32LE(i + 16),
      zip64At,
    };
  }
  return null;
}

/** A zip64 end record's counts and place of the directory, or null without its signature. */
export function parseZip64End(b: Buffer): Declared | null {
  if (b.length < ZIP64_END_SIZE || b.readUInt32LE(0) !== ZIP64_END) return null;
  return {
    entriesOnDisk: Number(b.readBigUInt64LE(24)),
    entries: Number(b.readBigUInt64LE(32)),
    size: Number(b.readBigUInt64LE(40)),
    offset: Number(b.readBigUInt64LE(48)),
  };
}

/** What was read of the directory. */
export interface DirectoryRead {
  /** Records read, and the bytes they took. */
  entries: number;
  bytes: number;
  /** The 4 bytes right after the last record read, as a number (null: past the end of the archive). */
  next: number | null;
}

/**
 * Why the directory read is not the archive's whole directory, or null when it is: every field
 * agrees and the records read fill the span from the directory's offset to the end records exactly.
 * A zip64 archive's classic fields each hold the "see zip64" sentinel or the same value.
 */
export function directoryProblem(end: EndRecord, zip64: Declared | null, read: DirectoryRead): string | null {
  if (end.zip64At !== null && zip64 === null) return 'its zip64 end record is missing';
  const d = zip64 ?? end;
  if (zip64) {
    const fields: [string, keyof Declared, number][] = [
      ['entries', 'entries', 0xffff],
      ['entries on this disk', 'entriesOnDisk', 0xffff],
      ['directory size', 'size', 0xffffffff],
      ['directory offset', 'offset', 0xffffffff],
    ];
    for (const [what, k, sentinel] of fields) {
      if (end[k] !== sentinel && end[k] !== zip64[k]) return `its end record says ${what} ${end[k]}, its zip64 end record ${zip64[k]}`;
    }
  }
  if (d.entriesOnDisk !== d.entries) return `its end record lists ${d.entries} entries in all but ${d.entriesOnDisk} on its one disk`;
  if (read.entries !== d.entries) return `its end record lists ${d.entries} entries, ${read.entries} were read`;
  if (read.next === CENTRAL) return `its end record lists ${d.entries} entries, but its central directory goes on after them`;
  if (read.bytes !== d.size) return `its central directory takes ${read.bytes} bytes, but its end record says ${d.size}`;
  const endsAt = end.zip64At ?? end.at;
  if (d.offset + read.bytes !== endsAt) return `its central directory ends at byte ${d.offset + read.bytes}, but its end records start at byte ${endsAt}`;
  return null;
}
