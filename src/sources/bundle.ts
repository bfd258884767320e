// Diagnostics bundles (.zip): one stream per unit log entry, read straight from the archive with
// yauzl (central directory + one entry at a time: the zip is never loaded into memory). Host and
// unit come from the entry path (`10.0.0.1_master/dcos-mesos-master.service[.gz]`); a `.gz` entry is
// sniffed and gunzipped like any file. The whole central directory is read first, so a zip bomb
// (overlapping entries, or logs expanding far past the archive) is refused before any entry is
// decompressed (bundle-check.ts); so is one whose end records under-count its directory (yauzl would
// read it short, bundle-directory.ts) or that holds one node log twice (which copy is the log is
// ambiguous). An entry whose name leaves the bundle (`../`, absolute) is skipped and counted, not
// the whole bundle (yauzl would fail the archive on it). Other entries (reports, dumps, and logs
// put elsewhere) are read after the unit logs when they hold a log (journal output, or audit lines
// outside a JSON document, searched for to their end), as an unpacked folder would be
// (bundle-extra.ts), within the same expansion limit, which also bounds what a gzip inside any
// entry expands to, counted as it is decompressed (bundle-budget.ts).
import { close, open, read } from 'node:fs';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type yauzl from 'yauzl';
import { safeText } from '../core/text.js';
import { peek, readableChunks } from './chunks.js';
import { decode } from './decode.js';
import { describeSourceError, errorText } from './describe-error.js';
import { bundleLogEntry, nodeFileKey, nodeLogFromPath, type NodeLog } from './bundle-path.js';
import { readExtras, type ExtraEntry } from './bundle-extra.js';
import { ExpansionBudget } from './bundle-budget.js';
import {
  duplicateLogs,
  expansionLimit,
  findOverlap,
  inconsistentDirectory,
  MAX_ENTRIES,
  overlapping,
  tooLarge,
  tooManyEntries,
  unsafeNames,
  type EntrySpan,
} from './bundle-check.js';
import { directoryProblem, findEnd, parseZip64End, recordBytes, tailLength, ZIP64_END_SIZE } from './bundle-directory.js';
import { once, type Item } from './opened.js';
import { countBytes, ProgressReporter } from './progress.js';
import type { LocalOptions } from './local-options.js';

type Yauzl = typeof yauzl;

async function openZip(path: string): Promise<{ zip: yauzl.ZipFile; lib: Yauzl; fd: number }> {
  // Loaded only for bundles, to keep the plain scan's start-up small.
  const lib = (await import('yauzl')).default;
  // Our own descriptor (yauzl.open does the same, then fromFd): the end records are read again
  // through it (checkDirectory), from the very file yauzl reads. yauzl closes it on zip.close().
  const fd = await promisify(open)(path, 'r');
  return new Promise((resolve, reject) => {
    // decodeStrings off: names are decoded and validated here, so one bad name skips its entry
    // instead of failing the archive. validateEntrySizes (the default, said anyway) makes each
    // entry's declared size a limit on what it yields, which the expansion check relies on.
    lib.fromFd(fd, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: false }, (err, zip) => {
      if (err || !zip) {
        close(fd, () => {});
        reject(err ?? new Error('cannot open zip'));
      } else resolve({ zip, lib, fd });
    });
  });
}

/** `length` bytes at `position` (fewer past the end of the file). */
async function readAt(fd: number, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await promisify(read)(fd, { buffer, position });
  return buffer.subarray(0, bytesRead);
}

/** Why the `entries` records (`bytes` long) yauzl read are not the archive's whole central directory, or null. */
async function checkDirectory(fd: number, fileSize: number, entries: number, bytes: number): Promise<string | null> {
  const tailAt = fileSize - tailLength(fileSize);
  const end = findEnd(await readAt(fd, fileSize - tailAt, tailAt), tailAt);
  if (!end) return 'its end record cannot be found again';
  const zip64 = end.zip64At === null ? null : parseZip64End(await readAt(fd, ZIP64_END_SIZE, end.zip64At));
  const after = (zip64 ?? end).offset + bytes;
  const next = await readAt(fd, 4, after);
  return directoryProblem(end, zip64, { entries, bytes, next: next.length === 4 ? next.readUInt32LE(0) : null });
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

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) reject(err ?? new Error('cannot open entry'));
      else resolve(stream);
    });
  });
}

interface LogEntry {
  entry: yauzl.Entry;
  name: string;
  node: NodeLog;
  /** Its modification time: lines without a year are dated up to it. */
  writtenAt: number;
}

/**
 * What openReadStream reads of an entry (its sizes, method, flags and offset), in a new Entry: the
 * one yauzl made holds its raw name, extra fields and comment, ~1.2 KB a log with our own records;
 * a bundle of 100k logs peaked at 255 MB (docs/benchmarks.md, "Bundles of many logs").
 */
function slim(lib: Yauzl, e: yauzl.Entry): yauzl.Entry {
  return Object.assign(new lib.Entry(), {
    compressedSize: e.compressedSize,
    uncompressedSize: e.uncompressedSize,
    compressionMethod: e.compressionMethod,
    generalPurposeBitFlag: e.generalPurposeBitFlag,
    relativeOffsetOfLocalHeader: e.relativeOffsetOfLocalHeader,
  });
}

/** Longest entry name kept for every entry, to name it in a refusal: a name may be 65535 bytes, and a bundle hold 100k of them. */
export const SHOWN_NAME = 256;

/** `name`, or its head: a copy, never a slice that would keep the whole name alive. */
function shownName(name: string): string {
  return name.length <= SHOWN_NAME ? name : `${structuredClone(name.slice(0, SHOWN_NAME))}…`;
}

/**
 * An extra entry is read because the unpacked folder would be: only a name a Linux file system can
 * hold (a path of at most 4096 bytes, each part at most 255) unpacks. It also keeps what the survey
 * holds small: every extra keeps its name, and a crafted zip may give each 65535 bytes.
 */
const unpackable = (name: string): boolean => Buffer.byteLength(name) <= 4096 && name.split('/').every((part) => Buffer.byteLength(part) <= 255);

/** The central directory, checked: the unit logs to read, and how many names were unsafe; or why the bundle is refused. */
type Survey = { logs: (LogEntry | null)[]; extras: ExtraEntry[]; budget: number; unsafe: number; firstUnsafe: string } | { refused: string };

async function survey(zip: yauzl.ZipFile, lib: Yauzl, fd: number, label: string, signal: AbortSignal): Promise<Survey | null> {
  if (zip.entryCount > MAX_ENTRIES) return { refused: tooManyEntries(label, zip.entryCount) };
  const spans: EntrySpan[] = [];
  const logs: LogEntry[] = [];
  const extras: ExtraEntry[] = [];
  let unsafe = 0;
  let firstUnsafe = '';
  let directoryBytes = 0;
  // The node file each log entry stands for (nodeFileKey) → its name: one string per log entry.
  const files = new Map<string, string>();
  let twice: [string, string] | null = null;
  let duplicates = 0;
  for (;;) {
    if (signal.aborted) return null;
    const entry = await nextEntry(zip);
    if (!entry) break;
    directoryBytes += recordBytes(entry);
    // As yauzl decodes names (CP437 or UTF-8, Info-ZIP Unicode Path, `\` read as `/`).
    const name = lib.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
    spans.push({ name: shownName(name), offset: entry.relativeOffsetOfLocalHeader, compressedSize: entry.compressedSize });
    if (lib.validateFileName(name) !== null) {
      if (unsafe++ === 0) firstUnsafe = shownName(name);
      continue;
    }
    const node = bundleLogEntry(name);
    if (!node) {
      if (!name.endsWith('/') && entry.uncompressedSize > 0 && unpackable(name)) {
        extras.push({ entry: slim(lib, entry), name, node: nodeLogFromPath(name), writtenAt: entry.getLastModDate().getTime() });
      }
      continue;
    }
    const key = nodeFileKey(name);
    const first = files.get(key);
    if (first === undefined) files.set(key, name);
    else if (duplicates++ === 0) twice = [first, name];
    logs.push({ entry: slim(lib, entry), name, node, writtenAt: entry.getLastModDate().getTime() });
  }
  // Before any other check: the directory read must be the whole directory.
  const problem = await checkDirectory(fd, zip.fileSize, zip.entriesRead, directoryBytes);
  if (problem) return { refused: inconsistentDirectory(label, problem) };
  if (twice) return { refused: duplicateLogs(label, twice, duplicates) };
  const overlap = findOverlap(spans);
  if (overlap) return { refused: overlapping(label, overlap) };
  const expanded = logs.reduce((n, l) => n + l.entry.uncompressedSize, 0);
  const limit = expansionLimit(zip.fileSize);
  if (expanded > limit) return { refused: tooLarge(label, expanded, zip.fileSize) };
  return { logs, extras, budget: limit - expanded, unsafe, firstUnsafe };
}

export async function* openBundle(path: string, label: string, opts: LocalOptions): AsyncGenerator<Item> {
  let zip: yauzl.ZipFile;
  let lib: Yauzl;
  let fd: number;
  try {
    ({ zip, lib, fd } = await openZip(path));
  } catch (err) {
    yield { source: label, message: zipMessage(err, label) };
    return;
  }
  // A late error on the archive (after we stopped listening) must not crash the process.
  zip.on('error', () => {});
  try {
    let found: Survey | null;
    try {
      found = await survey(zip, lib, fd, label, opts.signal);
    } catch (err) {
      yield { source: label, message: zipMessage(err, label) };
      return;
    }
    if (found === null) return;
    if ('refused' in found) {
      yield { source: label, message: found.refused };
      return;
    }
    // The unit logs' declared sizes were counted; what a gzip in one expands to draws on the rest.
    const budget = new ExpansionBudget(found.budget);
    for (let i = 0; i < found.logs.length; i++) {
      const { entry, name, node, writtenAt } = found.logs[i]!;
      // Let a read log's record go: a bundle may hold 100k of them.
      found.logs[i] = null;
      if (opts.signal.aborted) return;
      const entryLabel = `${label}!${safeText(name)}`;
      const meta = {
        label: entryLabel,
        host: node.host,
        unit: node.unit,
        // Lines are detected one by one (bundle, bundle-legacy or plain journalctl short output).
        envelope: null,
        year: opts.year,
        writtenAt,
      };
      if (entry.isEncrypted()) {
        // yauzl would say "entry is encrypted, and options.decodeFileData !== false", its own option.
        yield { source: entryLabel, message: `cannot read ${entryLabel}: the entry is password-protected (an encrypted zip): unzip the bundle with its password and scan the folder` };
        continue;
      }
      const progress = new ProgressReporter(entryLabel, entry.uncompressedSize, opts.onProgress);
      let stream: Readable;
      try {
        stream = await openEntry(zip, entry);
      } catch (err) {
        yield { source: entryLabel, message: `cannot read ${entryLabel}: ${errorText(err)}` };
        continue;
      }
      const close = once(() => stream.destroy());
      try {
        const peeked = await peek(countBytes(readableChunks(stream, opts.signal), progress));
        yield await decode({
          peeked,
          meta,
          name,
          size: entry.uncompressedSize,
          progress,
          close,
          signal: opts.signal,
          where: 'inside a bundle',
          gunzipped: (c) => budget.metered(c, entryLabel),
        });
      } catch (err) {
        await close();
        yield { source: entryLabel, message: describeSourceError(err, entryLabel) };
      }
    }
    const extras = { logs: 0 };
    yield* readExtras(found.extras, budget, extras, (e) => openEntry(zip, e), label, opts);
    if (found.unsafe > 0) yield { source: label, message: unsafeNames(label, found.unsafe, found.firstUnsafe), skipped: true };
    if (found.logs.length === 0 && extras.logs === 0) {
      yield {
        source: label,
        message: `no unit logs in bundle ${label}: expected entries like 10.0.0.1_master/dcos-adminrouter.service(.gz); is it a DC/OS diagnostics bundle?`,
      };
    }
  } finally {
    zip.close();
  }
}

function zipMessage(err: unknown, label: string): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return describeSourceError(err, label);
  return `corrupt zip: ${label} is not a readable zip archive (${errorText(err)}); download or copy the bundle again`;
}
