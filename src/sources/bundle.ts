// Diagnostics bundles (.zip): one stream per unit log entry, read straight from the archive with
// yauzl (central directory + one entry at a time: the zip is never loaded into memory). Host and
// unit come from the entry path (`10.0.0.1_master/dcos-mesos-master.service[.gz]`); a `.gz` entry is
// sniffed and gunzipped like any file. The whole central directory is read first, so a zip bomb
// (overlapping entries, or logs expanding far past the archive) is refused before any entry is
// decompressed (bundle-check.ts); an entry whose name leaves the bundle (`../`, absolute) is
// skipped and counted, not the whole bundle (yauzl would fail the archive on it).
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import { safeText } from '../core/text.js';
import { peek, readableChunks } from './chunks.js';
import { decode } from './decode.js';
import { describeSourceError, errorText } from './describe-error.js';
import { bundleLogEntry, type NodeLog } from './bundle-path.js';
import { expansionLimit, findOverlap, MAX_ENTRIES, overlapping, tooLarge, tooManyEntries, unsafeNames, type EntrySpan } from './bundle-check.js';
import { once, type Item } from './opened.js';
import { countBytes, ProgressReporter } from './progress.js';
import type { LocalOptions } from './local-options.js';

type Yauzl = typeof yauzl;

async function openZip(path: string): Promise<{ zip: yauzl.ZipFile; lib: Yauzl }> {
  // Loaded only for bundles, to keep the plain scan's start-up small.
  const lib = (await import('yauzl')).default;
  return new Promise((resolve, reject) => {
    // decodeStrings off: names are decoded and validated here, so one bad name skips its entry
    // instead of failing the archive. validateEntrySizes (the default, said anyway) makes each
    // entry's declared size a limit on what it yields, which the expansion check relies on.
    lib.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: false }, (err, zip) => {
      if (err || !zip) reject(err ?? new Error('cannot open zip'));
      else resolve({ zip, lib });
    });
  });
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
}

/** The central directory, checked: the unit logs to read, and how many names were unsafe; or why the bundle is refused. */
type Survey = { logs: LogEntry[]; unsafe: number; firstUnsafe: string } | { refused: string };

async function survey(zip: yauzl.ZipFile, lib: Yauzl, label: string, signal: AbortSignal): Promise<Survey | null> {
  if (zip.entryCount > MAX_ENTRIES) return { refused: tooManyEntries(label, zip.entryCount) };
  const spans: EntrySpan[] = [];
  const logs: LogEntry[] = [];
  let unsafe = 0;
  let firstUnsafe = '';
  for (;;) {
    if (signal.aborted) return null;
    const entry = await nextEntry(zip);
    if (!entry) break;
    // As yauzl decodes names (CP437 or UTF-8, Info-ZIP Unicode Path, `\` read as `/`).
    const name = lib.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
    spans.push({ name, offset: entry.relativeOffsetOfLocalHeader, compressedSize: entry.compressedSize });
    if (lib.validateFileName(name) !== null) {
      if (unsafe++ === 0) firstUnsafe = name;
      continue;
    }
    const node = bundleLogEntry(name);
    if (node) logs.push({ entry, name, node });
  }
  const overlap = findOverlap(spans);
  if (overlap) return { refused: overlapping(label, overlap) };
  const expanded = logs.reduce((n, l) => n + l.entry.uncompressedSize, 0);
  if (expanded > expansionLimit(zip.fileSize)) return { refused: tooLarge(label, expanded, zip.fileSize) };
  return { logs, unsafe, firstUnsafe };
}

export async function* openBundle(path: string, label: string, opts: LocalOptions): AsyncGenerator<Item> {
  let zip: yauzl.ZipFile;
  let lib: Yauzl;
  try {
    ({ zip, lib } = await openZip(path));
  } catch (err) {
    yield { source: label, message: zipMessage(err, label) };
    return;
  }
  // A late error on the archive (after we stopped listening) must not crash the process.
  zip.on('error', () => {});
  try {
    let found: Survey | null;
    try {
      found = await survey(zip, lib, label, opts.signal);
    } catch (err) {
      yield { source: label, message: zipMessage(err, label) };
      return;
    }
    if (found === null) return;
    if ('refused' in found) {
      yield { source: label, message: found.refused };
      return;
    }
    for (const { entry, name, node } of found.logs) {
      if (opts.signal.aborted) return;
      const entryLabel = `${label}!${safeText(name)}`;
      const meta = {
        label: entryLabel,
        host: node.host,
        unit: node.unit,
        // Lines are detected one by one (bundle, bundle-legacy or plain journalctl short output).
        envelope: null,
        year: opts.year ?? entry.getLastModDate().getFullYear(),
      };
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
        });
      } catch (err) {
        await close();
        yield { source: entryLabel, message: describeSourceError(err, entryLabel) };
      }
    }
    if (found.unsafe > 0) yield { source: label, message: unsafeNames(label, found.unsafe, found.firstUnsafe), skipped: true };
    if (found.logs.length === 0) {
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
