// Bundle entries that are not unit logs (`<ip>_<role>/<unit>.service|.log[.gz]`): DC/OS's reports,
// endpoint dumps and command outputs, but also logs a person put in the zip elsewhere
// (`logs/master-1.log`, `10.0.0.2_master/journal.txt`). The unpacked folder would be read whole;
// here an entry whose first decompressed chunk is journal output, or audit lines outside a JSON
// document, is read as a log, and so is binary data (UTF-32, .xz, …), for the scan to say what the
// folder's scan says of it. Other text is searched to its end for `type=audit`, and read from its
// start again when it holds it (a log whose audit lines begin past its first chunk); a JSON
// document is searched too and never read, but one holding `type=audit` is named in a warning. What
// cannot be read from a zip (a tar, a zip, a binary journal, a gzip damaged at its start) is an
// error, and bytes after a searched gzip's data the warning a read gives: no entry with audit lines
// goes unread without a word, but DC/OS's root reports (bundle-extra-form.ts). Every pass over an
// entry counts against the bundle's expansion budget (bundle-budget.ts); past it, an entry known to
// be a log is an error naming it, the others are counted in one warning.
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import { safeText } from '../core/text.js';
import { PastLimit, type ExpansionBudget } from './bundle-budget.js';
import { formOf, holdsAudit, isDcosReport } from './bundle-extra-form.js';
import { peek, readableChunks, type Peeked } from './chunks.js';
import { decode } from './decode.js';
import { describeSourceError, errorText, IncompleteInput } from './describe-error.js';
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
  warning(label: string, budget: ExpansionBudget): Item {
    const what = this.count === 1 ? '1 entry that is not a unit log' : `${this.count} entries that are not unit logs`;
    return {
      source: label,
      message: `${label}: skipped ${what} (e.g. ${this.first}), not searched for audit lines: reading them would expand the bundle past ${budget.limitText}; unzip the bundle and scan the folder`,
      // Any of them may hold denials: no clean verdict on the bundle (docs/verdicts.md).
      incomplete: 'not-searched',
    };
  }
}

const pastLimit = (entryLabel: string, what: string, budget: ExpansionBudget): Item => ({
  source: entryLabel,
  message: `${entryLabel} holds ${what}, but was not read: it would expand the bundle past ${budget.limitText}; unzip the bundle and scan the file`,
});

type Open = (e: yauzl.Entry) => Promise<Readable>;

/** A search that stopped: bytes after a gzip's data are the warning a read gives (all before them was searched), the rest an error. */
function searchFailed(err: unknown, entryLabel: string): Item {
  const message = describeSourceError(err, entryLabel);
  return err instanceof IncompleteInput ? { source: entryLabel, message, incomplete: err.kind } : { source: entryLabel, message };
}

/**
 * An entry opened and decoded, its first chunk peeked (`shown`: whether its progress is reported
 * yet); an Item: why it cannot be read (decode's own message: a tar, a zip or a binary journal
 * inside, a gzip damaged at its start); `past`: its gzip's first chunk was past the budget.
 */
async function openExtra(
  { entry, name, node, writtenAt }: ExtraEntry,
  entryLabel: string,
  openEntry: Open,
  budget: ExpansionBudget,
  opts: LocalOptions,
  shown: () => boolean,
): Promise<{ opened: Opened; head: Peeked } | Item | 'past'> {
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
    const gunzipped = (c: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> => budget.metered(c, entryLabel);
    const opened = await decode({ peeked, meta, name, size: entry.uncompressedSize, progress, close, signal: opts.signal, where: 'inside a bundle', gunzipped });
    // The budget was not spent before (readExtras): only the meter spends it here.
    if (!isOpened(opened)) return budget.spent ? 'past' : opened;
    return { opened, head: await peek(opened.chunks) };
  } catch (err) {
    await close();
    return { source: entryLabel, message: describeSourceError(err, entryLabel) };
  }
}

/**
 * Reads the extras that hold logs or binary data, searches the others for audit lines;
 * `counted.logs`: how many logs were read; `budget`: what they may expand to.
 */
export async function* readExtras(extras: AsyncIterable<ExtraEntry>, budget: ExpansionBudget, counted: { logs: number }, openEntry: Open, label: string, opts: LocalOptions): AsyncGenerator<Item> {
  const unchecked = new Unchecked();
  for await (const extra of extras) {
    if (opts.signal.aborted) return;
    const { entry, name } = extra;
    if (entry.isEncrypted()) continue; // the unit logs' own message says how to read an encrypted bundle
    const entryLabel = `${label}!${safeText(name)}`;
    if (budget.spent) {
      unchecked.add(entryLabel);
      continue;
    }
    // Silent until the entry is known to be read: the others are never shown as read.
    let shown = false;
    const got = await openExtra(extra, entryLabel, openEntry, budget, opts, () => shown);
    if (got === 'past') {
      unchecked.add(entryLabel);
      continue;
    }
    // What cannot be read from here is said, but of a DC/OS report.
    const report = isDcosReport(name);
    if (!('head' in got)) {
      if (!report) yield got;
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
    const form = opened.framing === 'export' ? 'log' : formOf(head.first);
    // The size the zip declares, as for unit logs (bundle-check.ts); a gzip's output is metered.
    const size = entry.uncompressedSize;
    if (form === 'binary' && report) {
      await stop();
      continue;
    }
    if (!budget.take(size)) {
      await stop();
      if (form === 'log') yield pastLimit(entryLabel, 'journal output', budget);
      else unchecked.add(entryLabel);
      continue;
    }
    if (form === 'log' || form === 'binary') {
      if (form === 'log') counted.logs++;
      shown = true;
      yield { ...opened, chunks: head.all };
      continue;
    }
    let audit: boolean;
    try {
      audit = await holdsAudit(head.all);
    } catch (err) {
      if (err instanceof PastLimit) unchecked.add(entryLabel);
      else if (!report) yield searchFailed(err, entryLabel);
      continue;
    } finally {
      await stop();
    }
    if (!audit) continue;
    if (form === 'json') {
      yield {
        source: entryLabel,
        message: `${entryLabel} holds "type=audit" but was not read: it is a JSON document, not a log (an endpoint dump may quote log lines); if it holds a log, unzip the bundle and scan the file`,
        skipped: true,
      };
      continue;
    }
    // Text whose audit lines begin past its first chunk: read again from its start, as a log.
    if (!budget.take(size)) {
      yield pastLimit(entryLabel, 'audit lines', budget);
      continue;
    }
    const again = await openExtra(extra, entryLabel, openEntry, budget, opts, () => true);
    if (again === 'past') {
      yield pastLimit(entryLabel, 'audit lines', budget);
      continue;
    }
    if (!('head' in again)) {
      yield again;
      continue;
    }
    counted.logs++;
    yield { ...again.opened, chunks: again.head.all };
  }
  if (unchecked.count > 0) yield unchecked.warning(label, budget);
}
