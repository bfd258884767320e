// What a bundle entry that is not a unit log holds, told from its bytes (bundle-extra.ts decides
// what to do with it): its form by its first decompressed chunk, and whether `type=audit` is in it
// at all, searched to its end.
import { bomLength, hasJournalLine, looksBinary } from '../core/journal/sniff.js';

const AUDIT = Buffer.from('type=audit');

/**
 * `log`: journal output, or audit lines not inside a JSON document (read); `text`: other text (a log
 * whose audit lines begin later, or a command's output); `json`: a JSON document (an endpoint dump
 * may quote anything: never read); `binary`: a NUL byte or a compressor's magic (UTF-32, .xz, …:
 * read as the unpacked folder reads it, so the scan says it holds data of no known form). UTF-16
 * reaches here decoded (decode.ts), as the text it holds.
 */
export type Form = 'log' | 'text' | 'json' | 'binary';

export function formOf(first: Buffer): Form {
  if (hasJournalLine(first, false)) return 'log';
  const start = first.toString('latin1', bomLength(first), 64).trimStart()[0];
  if (start === '{' || start === '[') return 'json';
  if (looksBinary(first)) return 'binary';
  return first.includes(AUDIT) ? 'log' : 'text';
}

/**
 * DC/OS's own reports at a bundle's root (summaryReport.txt and summaryErrorsReport.txt in older
 * bundles, report.json in newer): every real bundle has one, and it is never a log, so one that
 * cannot be read or searched is passed over without a word (read as text like any other entry).
 */
export const isDcosReport = (name: string): boolean => /^(summaryReport\.txt|summaryErrorsReport\.txt|report\.json)(\.gz)?$/.test(name);

/** Whether `type=audit` is in the bytes of `chunks`, across chunk ends too (stops at the first). */
export async function holdsAudit(chunks: AsyncIterable<Buffer>): Promise<boolean> {
  let tail = Buffer.alloc(0);
  for await (const c of chunks) {
    if (c.includes(AUDIT) || (tail.length > 0 && Buffer.concat([tail, c.subarray(0, AUDIT.length - 1)]).includes(AUDIT))) return true;
    // The last bytes seen, a copy (a chunk shorter than the needle extends the previous tail).
    const keep = AUDIT.length - 1;
    tail = Buffer.from(c.length >= keep ? c.subarray(c.length - keep) : Buffer.concat([tail, c]).subarray(-keep));
  }
  return false;
}
