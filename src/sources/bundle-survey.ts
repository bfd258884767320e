// The survey of a bundle's central directory, made whole before any entry is decompressed: which
// entries are unit logs and which extras to read (kept as numbers, bundle-table.ts), and the checks
// that refuse the bundle (bundle-check.ts, bundle-directory.ts). Memory per entry is bounded: the
// names are read again when needed, and a log's key (the node file it stands for) is kept as a
// 12-byte digest, since a log's name may be 64 KB.
import { createHash } from 'node:crypto';
import type yauzl from 'yauzl';
import { bundleLogEntry, nodeFileKey } from './bundle-path.js';
import { duplicateLogs, expansionLimit, findOverlap, inconsistentDirectory, MAX_ENTRIES, overlapping, tooLarge, tooManyEntries, type EntrySpan } from './bundle-check.js';
import { directoryProblem, findEnd, parseZip64End, recordBytes, tailLength, ZIP64_END_SIZE } from './bundle-directory.js';
import { EntryTable, Kind, readAt } from './bundle-table.js';

type Yauzl = typeof yauzl;

/** The `entries` records (`bytes` long) yauzl read against the end records: why they are not the whole directory, and where it starts. */
async function checkDirectory(fd: number, fileSize: number, entries: number, bytes: number): Promise<{ problem: string | null; offset: number }> {
  const tailAt = fileSize - tailLength(fileSize);
  const end = findEnd(await readAt(fd, fileSize - tailAt, tailAt), tailAt);
  if (!end) return { problem: 'its end record cannot be found again', offset: -1 };
  const zip64 = end.zip64At === null ? null : parseZip64End(await readAt(fd, ZIP64_END_SIZE, end.zip64At));
  const offset = (zip64 ?? end).offset;
  const next = await readAt(fd, 4, offset + bytes);
  return { problem: directoryProblem(end, zip64, { entries, bytes, next: next.length === 4 ? next.readUInt32LE(0) : null }), offset };
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (e: yauzl.Entry): void => {
      cleanup();
      resolve(e);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** Longest entry name kept, to name the first unsafe one: a name may be 65535 bytes. */
export const SHOWN_NAME = 256;

/** `name`, or its head: a copy, never a slice that would keep the whole name alive. */
function shownName(name: string): string {
  return name.length <= SHOWN_NAME ? name : `${structuredClone(name.slice(0, SHOWN_NAME))}…`;
}

/** An extra entry is read because the unpacked folder would be: only a name a Linux file system can hold (a path of at most 4096 bytes, each part at most 255) unpacks. */
const unpackable = (name: string): boolean => Buffer.byteLength(name) <= 4096 && name.split('/').every((part) => Buffer.byteLength(part) <= 255);

/** A log's key as a 12-character string (96 bits of its SHA-256: a collision is not a concern), whatever the key's length. */
const digest = (key: string): string => createHash('sha256').update(key).digest().toString('latin1', 0, 12);

/** The checked directory: its entries (and how many are logs and extras), how many names were unsafe; or why the bundle is refused. */
export type Survey = { table: EntryTable; logs: number; extras: number; budget: number; unsafe: number; firstUnsafe: string } | { refused: string };

export async function survey(zip: yauzl.ZipFile, lib: Yauzl, fd: number, label: string, signal: AbortSignal): Promise<Survey | null> {
  if (zip.entryCount > MAX_ENTRIES) return { refused: tooManyEntries(label, zip.entryCount) };
  const table = new EntryTable(zip.entryCount);
  let logs = 0;
  let extras = 0;
  let expanded = 0;
  let unsafe = 0;
  let firstUnsafe = '';
  let directoryBytes = 0;
  // The node file each log entry stands for (its key's digest) → that entry's index.
  const files = new Map<string, number>();
  let twice: [number, number] | null = null;
  let duplicates = 0;
  for (;;) {
    if (signal.aborted) return null;
    const entry = await nextEntry(zip);
    if (!entry) break;
    const recordAt = directoryBytes;
    directoryBytes += recordBytes(entry);
    // As yauzl decodes names (CP437 or UTF-8, Info-ZIP Unicode Path, `\` read as `/`).
    const name = lib.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
    let kind: Kind = Kind.Other;
    if (lib.validateFileName(name) !== null) {
      if (unsafe++ === 0) firstUnsafe = shownName(name);
    } else if (bundleLogEntry(name)) kind = Kind.Log;
    else if (!name.endsWith('/') && entry.uncompressedSize > 0 && unpackable(name)) kind = Kind.Extra;
    const i = table.add(entry, recordAt, kind, kind === Kind.Other ? 0 : entry.getLastModDate().getTime());
    if (kind === Kind.Extra) extras++;
    if (kind !== Kind.Log) continue;
    logs++;
    expanded += entry.uncompressedSize;
    const key = digest(nodeFileKey(name));
    const first = files.get(key);
    if (first === undefined) files.set(key, i);
    else if (duplicates++ === 0) twice = [first, i];
  }
  // Before any other check: the directory read must be the whole directory.
  const { problem, offset } = await checkDirectory(fd, zip.fileSize, zip.entriesRead, directoryBytes);
  if (problem) return { refused: inconsistentDirectory(label, problem) };
  table.setBase(offset);
  const nameOf = (i: number): Promise<string> => table.name(lib, fd, i);
  if (twice) return { refused: duplicateLogs(label, [await nameOf(twice[0]), await nameOf(twice[1])], duplicates) };
  const overlap = findOverlap(table.localAt, table.compressedSize, table.count);
  if (overlap) {
    const span = async (i: number): Promise<EntrySpan> => ({ name: shownName(await nameOf(i)), offset: table.localAt[i]!, compressedSize: table.compressedSize[i]! });
    return { refused: overlapping(label, [await span(overlap[0]), await span(overlap[1])]) };
  }
  const limit = expansionLimit(zip.fileSize);
  if (expanded > limit) return { refused: tooLarge(label, expanded, zip.fileSize) };
  return { table, logs, extras, budget: limit - expanded, unsafe, firstUnsafe };
}
