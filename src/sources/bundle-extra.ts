// Bundle entries that are not unit logs (`<ip>_<role>/<unit>.service|.log[.gz]`): DC/OS's reports,
// endpoint dumps and command outputs, but also logs a person put in the zip elsewhere
// (`logs/master-1.log`, `10.0.0.2_master/journal.txt`). The unpacked folder would be read whole;
// here an entry whose first decompressed chunk is journal output, or audit lines outside a JSON
// document, is read as a log. Other text is searched to its end for `type=audit`, and read from its
// start again when it holds it (a log whose audit lines begin past its first chunk); a JSON
// document or binary data is searched too and never read, but one holding `type=audit` is named in
// a warning: no entry with audit lines goes unread without a word. Every pass over an entry counts
// against the bundle's expansion limit (what the unit logs left of it): past it, an entry known to
// be a log is an error naming it, the others are counted in one warning.
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import { safeText } from '../core/text.js';
import { formOf, holdsAudit } from './bundle-extra-form.js';
import { peek, readableChunks, type Peeked } from './chunks.js';
import { decode } from './decode.js';
import { byteCount, describeSourceError, errorText, IncompleteInput } from './describe-error.js';
import type { NodeLog } from './bundle-path.js';
import type { LocalOptions } from './local-options.js';
import { isOpened, once, type Item, type Opened } from './opened.js';
import { countBytes, ProgressReporter } from './progress.js';

export interface ExtraEntry {
  entry: yauzl.Entry;
  name: string;
  /** Host and unit when it sits in a node folder, as the folder reader takes them. */
  node: NodeLog | null;
  /** Its modification time: lines without a year are dated up to it (as unit logs are). */
  writtenAt: number;
}

/** Entries past the expansion limit that were neither read nor searched: counted, the first one named. */
class Unchecked {
  count = 0;
  private first = '';
  add(label: string): void {
    if (this.count++ === 0) this.first = label;
  }
  warning(label: string, budget: number): Item {
    const what = this.count === 1 ? '1 entry that is not a unit log' : `${this.count} entries that are not unit logs`;
    return {
      source: label,
      message: `${label}: skipped ${what} (e.g. ${this.first}), not searched for audit lines: reading them would expand the bundle past ${byteCount(budget)} beyond its unit logs (the bundle's expansion limit); unzip the bundle and scan the folder`,
      skipped: true,
    };
  }
}

const pastLimit = (entryLabel: string, what: string, budget: number): Item => ({
  source: entryLabel,
  message: `${entryLabel} holds ${what}, but was not read: it would expand the bundle past ${byteCount(budget)} beyond its unit logs (the bundle's expansion limit); unzip the bundle and scan the file`,
});

type Open = (e: yauzl.Entry) => Promise<Readable>;

/** An entry opened and decoded, its first chunk peeked (`shown`: whether its progress is reported yet); null: an archive or journal inside. */
async function openExtra(
  { entry, name, node, writtenAt }: ExtraEntry,
  entryLabel: string,
  openEntry: Open,
  opts: LocalOptions,
  shown: () => boolean,
): Promise<{ opened: Opened; head: Peeked } | Item | null> {
  let stream: Readable;
  try {
    stream = await openEntry(entry);
  } catch (err) {
    return { source: entryLabel, message: `cannot read ${entryLabel}: ${errorText(err)}` };
  }
  const close = once(() => stream.destroy());
  const sink = opts.onProgress;
  const progress = new ProgressReporter(
    entryLabel,
    entry.uncompressedSize,
    sink &&
      ((p) => {
        if (shown()) sink(p);
      }),
  );
  try {
    const meta = { label: entryLabel, host: node?.host ?? null, unit: node?.unit ?? null, envelope: null, year: opts.year, writtenAt };
    const peeked = await peek(countBytes(readableChunks(stream, opts.signal), progress));
    const opened = await decode({ peeked, meta, name, size: entry.uncompressedSize, progress, close, signal: opts.signal, where: 'inside a bundle' });
    if (!isOpened(opened)) return null; // an archive or journal inside: not a log as the folder reads it either
    return { opened, head: await peek(opened.chunks) };
  } catch (err) {
    await close();
    return { source: entryLabel, message: describeSourceError(err, entryLabel) };
  }
}

/**
 * Reads the extras that hold logs, searches the others for audit lines; `counted.logs`: how many
 * were read; `budget`: bytes they may expand to.
 */
export async function* readExtras(extras: ExtraEntry[], budget: number, counted: { logs: number }, openEntry: Open, label: string, opts: LocalOptions): AsyncGenerator<Item> {
  let left = budget;
  const unchecked = new Unchecked();
  for (const extra of extras) {
    if (opts.signal.aborted) return;
    const { entry, name } = extra;
    if (entry.isEncrypted()) continue; // the unit logs' own message says how to read an encrypted bundle
    const entryLabel = `${label}!${safeText(name)}`;
    // Silent until the entry is known to be read: the others are never shown as read.
    let shown = false;
    const got = await openExtra(extra, entryLabel, openEntry, opts, () => shown);
    if (got === null) continue;
    if (!('head' in got)) {
      yield got;
      continue;
    }
    const { opened, head } = got;
    const stop = async (): Promise<void> => {
      await head.stop();
      await opened.close();
    };
    if (head.first === null) {
      await stop(); // empty: nothing to read
      continue;
    }
    const form = opened.framing === 'export' ? { kind: 'log' as const } : formOf(head.first);
    // The size the zip declares, as for unit logs (bundle-check.ts).
    const size = entry.uncompressedSize;
    if (size > left) {
      await stop();
      if (form.kind === 'log') yield pastLimit(entryLabel, 'journal output', budget);
      else unchecked.add(entryLabel);
      continue;
    }
    left -= size;
    if (form.kind === 'log') {
      counted.logs++;
      shown = true;
      yield { ...opened, chunks: head.all };
      continue;
    }
    let audit: boolean;
    try {
      audit = await holdsAudit(head.all);
    } catch (err) {
      // Bytes after a gzip's end: everything before them was searched (a read would warn of them).
      if (!(err instanceof IncompleteInput)) yield { source: entryLabel, message: describeSourceError(err, entryLabel) };
      continue;
    } finally {
      await stop();
    }
    if (!audit) continue;
    if (form.kind === 'other') {
      yield {
        source: entryLabel,
        message: `${entryLabel} holds "type=audit" but was not read: it is ${form.what}, not a log (an endpoint dump may quote log lines); if it holds a log, unzip the bundle and scan the file`,
        skipped: true,
      };
      continue;
    }
    // Text whose audit lines begin past its first chunk: read again from its start, as a log.
    if (size > left) {
      yield pastLimit(entryLabel, 'audit lines', budget);
      continue;
    }
    left -= size;
    const again = await openExtra(extra, entryLabel, openEntry, opts, () => true);
    if (again === null) continue;
    if (!('head' in again)) {
      yield again;
      continue;
    }
    counted.logs++;
    yield { ...again.opened, chunks: again.head.all };
  }
  if (unchecked.count > 0) yield unchecked.warning(label, budget);
}
