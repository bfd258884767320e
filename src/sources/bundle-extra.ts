// Bundle entries that are not unit logs (`<ip>_<role>/<unit>.service|.log[.gz]`): DC/OS's reports,
// endpoint dumps and command outputs, but also logs a person put in the zip elsewhere
// (`logs/master-1.log`, `10.0.0.2_master/journal.txt`). The unpacked folder would be read whole;
// here each entry's first decompressed chunk decides: journal output of a known form, or audit
// lines outside a JSON document, and the entry is read as a log; anything else is skipped. What they
// expand to counts against the bundle's expansion limit (what the unit logs left of it): an entry
// past it is not read, and said so by name.
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import { hasJournalLine } from '../core/journal/sniff.js';
import { safeText } from '../core/text.js';
import { peek, readableChunks } from './chunks.js';
import { decode } from './decode.js';
import { byteCount, describeSourceError, errorText } from './describe-error.js';
import type { NodeLog } from './bundle-path.js';
import type { LocalOptions } from './local-options.js';
import { isOpened, once, type Item } from './opened.js';
import { countBytes, ProgressReporter } from './progress.js';

export interface ExtraEntry {
  entry: yauzl.Entry;
  name: string;
  /** Host and unit when it sits in a node folder, as the folder reader takes them. */
  node: NodeLog | null;
  /** Its modification time: lines without a year are dated up to it (as unit logs are). */
  writtenAt: number;
}

const AUDIT = Buffer.from('type=audit');

/** Journal output, or audit lines not inside a JSON document (an endpoint dump may quote anything). */
function holdsLog(first: Buffer | null): boolean {
  if (first === null) return false;
  if (hasJournalLine(first, false)) return true;
  const start = first.toString('latin1', 0, 64).trimStart()[0];
  return start !== '{' && start !== '[' && first.includes(AUDIT);
}

/** Reads the extras that hold logs (`counted.read` says how many); `budget`: bytes they may expand to. */
export async function* readExtras(
  extras: ExtraEntry[],
  budget: number,
  counted: { read: number },
  openEntry: (e: yauzl.Entry) => Promise<Readable>,
  label: string,
  opts: LocalOptions,
): AsyncGenerator<Item> {
  let left = budget;
  for (const { entry, name, node, writtenAt } of extras) {
    if (opts.signal.aborted) return;
    if (entry.isEncrypted()) continue; // the unit logs' own message says how to read an encrypted bundle
    const entryLabel = `${label}!${safeText(name)}`;
    let stream: Readable;
    try {
      stream = await openEntry(entry);
    } catch (err) {
      yield { source: entryLabel, message: `cannot read ${entryLabel}: ${errorText(err)}` };
      continue;
    }
    const close = once(() => stream.destroy());
    // Silent until the entry is known to be a log: the others are never shown as read.
    const progress = new ProgressReporter(entryLabel, entry.uncompressedSize, undefined);
    try {
      const meta = { label: entryLabel, host: node?.host ?? null, unit: node?.unit ?? null, envelope: null, year: opts.year, writtenAt };
      const peeked = await peek(countBytes(readableChunks(stream, opts.signal), progress));
      const opened = await decode({ peeked, meta, name, size: entry.uncompressedSize, progress, close, signal: opts.signal, where: 'inside a bundle' });
      if (!isOpened(opened)) continue; // an archive or journal inside: not a log as the folder reads it either
      const head = await peek(opened.chunks);
      const stop = async (): Promise<void> => {
        await head.stop();
        await opened.close();
      };
      if (opened.framing !== 'export' && !holdsLog(head.first)) {
        await stop();
        continue;
      }
      // The size the zip declares, as for unit logs (bundle-check.ts).
      if (entry.uncompressedSize > left) {
        await stop();
        yield {
          source: entryLabel,
          message: `${entryLabel} holds journal output, but was not read: it would expand the bundle past ${byteCount(budget)} beyond its unit logs (the bundle's expansion limit); unzip the bundle and scan the file`,
        };
        continue;
      }
      left -= entry.uncompressedSize;
      counted.read++;
      yield { ...opened, chunks: head.all };
    } catch (err) {
      await close();
      yield { source: entryLabel, message: describeSourceError(err, entryLabel) };
    }
  }
}
