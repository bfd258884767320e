// What a bundle's survey keeps of each entry until the entry is read: numbers in typed arrays, 49
// bytes an entry, never its name nor yauzl's Entry. A name may be 4 KB (an extra entry) or 64 KB (a
// unit log), and a bundle up to 100k entries: kept as strings with their objects, 20,000 extras of
// 3.8 KB names peaked at 225-354 MB RSS, 99,000 short-named logs at 238-255 MB. A name is read again
// from the central directory when its entry is read or named, decoded as yauzl decodes it.
import { read } from 'node:fs';
import { promisify } from 'node:util';
import type yauzl from 'yauzl';
import { recordBytes } from './bundle-directory.js';

const readAsync = promisify(read); // once: promisify per call cost ~6 µs, per entry

/** `length` bytes at `position` (fewer past the end of the file). */
export async function readAt(fd: number, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await readAsync(fd, { buffer, position });
  return buffer.subarray(0, bytesRead);
}

/** Bytes of the directory read at once for names: the records are read in their order, one read for many. */
const WINDOW = 64 * 1024;

/** Other: read by no one (a directory, an empty entry, an unsafe name): only its span is checked. */
export const Kind = { Other: 0, Log: 1, Extra: 2 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

const CENTRAL = 0x02014b50;

/** A name that could not be read again from the central directory: the bundle's error. */
export class NameUnreadable extends Error {
  override name = 'NameUnreadable';
}

export class EntryTable {
  count = 0;
  readonly kind: Uint8Array;
  /** Where its central directory record starts, from the directory's start, and its length. */
  private readonly recordAt: Float64Array;
  private readonly recordLength: Uint32Array;
  readonly localAt: Float64Array;
  readonly compressedSize: Float64Array;
  readonly uncompressedSize: Float64Array;
  readonly writtenAt: Float64Array;
  private readonly method: Uint16Array;
  private readonly flags: Uint16Array;
  /** The directory's offset in the archive: known once the end records were read again (setBase). */
  private base = -1;
  /** The last bytes of the directory read (from `windowAt`), which usually hold the next record too. */
  private window: Buffer = Buffer.alloc(0);
  private windowAt = 0;

  /** `capacity`: the end record's count (at most MAX_ENTRIES, checked first); yauzl reads no more. */
  constructor(capacity: number) {
    this.kind = new Uint8Array(capacity);
    this.recordAt = new Float64Array(capacity);
    this.recordLength = new Uint32Array(capacity);
    this.localAt = new Float64Array(capacity);
    this.compressedSize = new Float64Array(capacity);
    this.uncompressedSize = new Float64Array(capacity);
    this.writtenAt = new Float64Array(capacity);
    this.method = new Uint16Array(capacity);
    this.flags = new Uint16Array(capacity);
  }

  /** Entry `e`, whose record starts `recordAt` bytes into the directory; its index. */
  add(e: yauzl.Entry, recordAt: number, kind: Kind, writtenAt: number): number {
    const i = this.count++;
    this.kind[i] = kind;
    this.recordAt[i] = recordAt;
    this.recordLength[i] = recordBytes(e);
    this.localAt[i] = e.relativeOffsetOfLocalHeader;
    this.compressedSize[i] = e.compressedSize;
    this.uncompressedSize[i] = e.uncompressedSize;
    this.writtenAt[i] = writtenAt;
    this.method[i] = e.compressionMethod;
    this.flags[i] = e.generalPurposeBitFlag;
    return i;
  }

  setBase(directoryOffset: number): void {
    this.base = directoryOffset;
  }

  /** An Entry holding what openReadStream reads of entry `i`: its sizes, method, flags and offset. */
  entry(lib: typeof yauzl, i: number): yauzl.Entry {
    return Object.assign(new lib.Entry(), {
      compressedSize: this.compressedSize[i]!,
      uncompressedSize: this.uncompressedSize[i]!,
      compressionMethod: this.method[i]!,
      generalPurposeBitFlag: this.flags[i]!,
      relativeOffsetOfLocalHeader: this.localAt[i]!,
    });
  }

  /**
   * Entry `i`'s name, read again from its record in `fd`. A record that is not the one surveyed (the
   * archive changed under the scan) is an error: its entries can no longer be told apart.
   */
  async name(lib: typeof yauzl, fd: number, i: number): Promise<string> {
    const length = this.recordLength[i]!;
    const at = this.base + this.recordAt[i]!;
    const changed = () => new NameUnreadable(`the archive changed while it was read (its central directory record at byte ${at} is not the one read before)`);
    // Checked before reading: position -1 would mean "where the file is" to fs.read.
    if (this.base < 0) throw changed();
    const b = await this.record(fd, at, length).catch((err: unknown) => {
      throw new NameUnreadable(`cannot read its central directory again (${err instanceof Error ? err.message : String(err)})`);
    });
    if (b.length !== length || !sameRecord(b, this.flags[i]!, this.localAt[i]!)) throw changed();
    const nameEnd = 46 + b.readUInt16LE(28);
    const extra = b.subarray(nameEnd, nameEnd + b.readUInt16LE(30));
    return lib.getFileNameLowLevel(this.flags[i]!, b.subarray(46, nameEnd), extraFields(extra), false);
  }

  /** `length` bytes at `at`, from the window when it holds them (fewer at the end of the file). */
  private async record(fd: number, at: number, length: number): Promise<Buffer> {
    const from = at - this.windowAt;
    if (from < 0 || from + length > this.window.length) {
      this.window = await readAt(fd, Math.max(length, WINDOW), at);
      this.windowAt = at;
      return this.window.subarray(0, length);
    }
    return this.window.subarray(from, from + length);
  }
}

/** `b` is a whole central directory record, of these flags and (unless zip64 holds it) local header offset. */
function sameRecord(b: Buffer, flags: number, localAt: number): boolean {
  if (b.length < 46 || b.readUInt32LE(0) !== CENTRAL || b.readUInt16LE(8) !== flags) return false;
  const local = b.readUInt32LE(42);
  if (local !== 0xffffffff && local !== localAt) return false;
  return recordBytes({ fileNameLength: b.readUInt16LE(28), extraFieldLength: b.readUInt16LE(30), fileCommentLength: b.readUInt16LE(32) }) === b.length;
}

/** A record's extra fields, as yauzl splits them (getFileNameLowLevel reads Info-ZIP's Unicode Path field). */
function extraFields(b: Buffer): { id: number; data: Buffer }[] {
  const out: { id: number; data: Buffer }[] = [];
  for (let i = 0; i < b.length - 3; ) {
    const end = i + 4 + b.readUInt16LE(i + 2);
    if (end > b.length) break; // yauzl refused such a record in the survey
    out.push({ id: b.readUInt16LE(i), data: b.subarray(i + 4, end) });
    i = end;
  }
  return out;
}
