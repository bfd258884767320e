// Diagnostics bundles (.zip): one stream per unit log entry, read straight from the archive with
// yauzl (central directory + one entry at a time: the zip is never loaded into memory). Host and
// unit come from the entry path (`10.0.0.1_master/dcos-mesos-master.service[.gz]`); a `.gz` entry is
// sniffed and gunzipped like any file.
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import { peek, readableChunks } from './chunks.js';
import { decode } from './decode.js';
import { describeSourceError, errorText } from './describe-error.js';
import { bundleLogEntry } from './bundle-path.js';
import { once, type Item } from './opened.js';
import { countBytes, ProgressReporter } from './progress.js';
import type { LocalOptions } from './local-options.js';

async function openZip(path: string): Promise<yauzl.ZipFile> {
  // Loaded only for bundles, to keep the plain scan's start-up small.
  const { open } = (await import('yauzl')).default;
  return new Promise((resolve, reject) => {
    open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(err ?? new Error('cannot open zip'));
      else resolve(zip);
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

export async function* openBundle(path: string, label: string, opts: LocalOptions): AsyncGenerator<Item> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (err) {
    yield { source: label, message: zipMessage(err, label) };
    return;
  }
  // A late error on the archive (after we stopped listening) must not crash the process.
  zip.on('error', () => {});
  let logs = 0;
  try {
    for (;;) {
      if (opts.signal.aborted) return;
      let entry: yauzl.Entry | null;
      try {
        entry = await nextEntry(zip);
      } catch (err) {
        yield { source: label, message: zipMessage(err, label) };
        return;
      }
      if (!entry) break;
      const node = bundleLogEntry(entry.fileName);
      if (!node) continue;
      logs++;
      const entryLabel = `${label}!${entry.fileName}`;
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
          name: entry.fileName,
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
    if (logs === 0) {
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
