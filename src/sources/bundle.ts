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
// entry expands to, counted as it is decompressed (bundle-budget.ts). The survey keeps numbers per
// entry, not names (bundle-survey.ts, bundle-table.ts): each name is read again when its entry is.
import { close, open } from 'node:fs';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type yauzl from 'yauzl';
import { safeText } from '../core/text.js';
import { peek, readableChunks } from './chunks.js';
import { decode } from './decode.js';
import { describeSourceError, errorText } from './describe-error.js';
import { bundleLogEntry, nodeLogFromPath, type NodeLog } from './bundle-path.js';
import { readExtras, type ExtraEntry } from './bundle-extra.js';
import { ExpansionBudget } from './bundle-budget.js';
import { unsafeNames } from './bundle-check.js';
import { survey, type Survey } from './bundle-survey.js';
import { Kind, NameUnreadable, type EntryTable } from './bundle-table.js';
import { once, type Item } from './opened.js';
import { countBytes, ProgressReporter } from './progress.js';
import type { LocalOptions } from './local-options.js';

type Yauzl = typeof yauzl;

async function openZip(path: string): Promise<{ zip: yauzl.ZipFile; lib: Yauzl; fd: number }> {
  // Loaded only for bundles, to keep the plain scan's start-up small.
  const lib = (await import('yauzl')).default;
  // Our own descriptor (yauzl.open does the same, then fromFd): the end records and the entries'
  // names are read again through it (bundle-survey.ts), from the very file yauzl reads. yauzl closes it on zip.close().
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

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) reject(err ?? new Error('cannot open entry'));
      else resolve(stream);
    });
  });
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
    const { table } = found;
    for (let i = 0; i < table.count; i++) {
      if (table.kind[i] !== Kind.Log) continue;
      if (opts.signal.aborted) return;
      // Read again from the directory, not kept since the survey (bundle-table.ts).
      let name: string;
      let node: NodeLog;
      try {
        name = await table.name(lib, fd, i);
        // Surveyed as a unit log: a name that no longer reads as one was written since (a record of the same length).
        node = bundleLogEntry(name) ?? changedName();
      } catch (err) {
        yield { source: label, message: unreadableName(err, label) };
        return;
      }
      const entry = table.entry(lib, i);
      const writtenAt = table.writtenAt[i]!;
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
    try {
      yield* readExtras(extrasOf(table, lib, fd), budget, extras, (e) => openEntry(zip, e), label, opts);
    } catch (err) {
      if (!(err instanceof NameUnreadable)) throw err;
      yield { source: label, message: unreadableName(err, label) };
      return;
    }
    if (found.unsafe > 0) yield { source: label, message: unsafeNames(label, found.unsafe, found.firstUnsafe), skipped: true };
    if (found.logs === 0 && extras.logs === 0) {
      yield {
        source: label,
        message: `no unit logs in bundle ${label}: expected entries like 10.0.0.1_master/dcos-adminrouter.service(.gz); is it a DC/OS diagnostics bundle?`,
      };
    }
  } finally {
    zip.close();
  }
}

/** The extras to read, one at a time, their names read again from the directory. */
async function* extrasOf(table: EntryTable, lib: Yauzl, fd: number): AsyncGenerator<ExtraEntry> {
  for (let i = 0; i < table.count; i++) {
    if (table.kind[i] !== Kind.Extra) continue;
    const name = await table.name(lib, fd, i);
    yield { entry: table.entry(lib, i), name, node: nodeLogFromPath(name), writtenAt: table.writtenAt[i]! };
  }
}

function changedName(): never {
  throw new NameUnreadable("the archive changed while it was read (an entry's name is not the one read before)");
}

const unreadableName = (err: unknown, label: string): string => `cannot read bundle ${label} to its end: ${errorText(err)}; copy the bundle again and scan the copy`;

function zipMessage(err: unknown, label: string): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return describeSourceError(err, label);
  return `corrupt zip: ${label} is not a readable zip archive (${errorText(err)}); download or copy the bundle again`;
}
