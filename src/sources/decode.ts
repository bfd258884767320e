// Second stage of every local source: sniff the first raw chunk, gunzip when the gzip magic is
// there (whatever the name says), decode UTF-16 to UTF-8 (utf16.ts), and pick the framing (journal
// export text or lines).
import { utf16Form, utf16Undecided } from '../core/journal/utf16-form.js';
import type { SourceError, StreamMeta } from '../core/types.js';
import {
  GZIP_MAGIC,
  JOURNAL_MAGIC,
  ZIP_EMPTY_MAGIC,
  ZIP_MAGIC,
  looksLikeExport,
  peek,
  sniffUndecided,
  startsWith,
  widen,
  type Peeked,
} from './chunks.js';
import { describeSourceError, IncompleteInput } from './describe-error.js';
import { gunzipChunks } from './gunzip.js';
import { once, type Opened } from './opened.js';
import type { ProgressReporter } from './progress.js';
import { isTar } from './tar-head.js';
import { utf16Chunks, utf16Note, utf8TailNote } from './utf16.js';

export interface DecodeInput {
  peeked: Peeked;
  meta: StreamMeta;
  /** File or entry name, for the `.export` rule (a trailing `.gz` is ignored). */
  name: string;
  /** Raw size when known; reported as the stream size only when no decompression happens. */
  size: number | null;
  progress: ProgressReporter;
  close: () => Promise<void>;
  signal: AbortSignal;
  /** Where the raw bytes came from, for "cannot be read from here" messages. */
  where: string;
  /** Wraps a gzip's decompressed chunks (a bundle counts them against its expansion limit). */
  gunzipped?: (chunks: AsyncGenerator<Buffer>) => AsyncGenerator<Buffer>;
}

export async function decode(input: DecodeInput): Promise<Opened | SourceError> {
  const { meta, signal } = input;
  // A slow pipe's first read may be too short to sniff: more is read, up to what tells (chunks.ts).
  let peeked = await widen(input.peeked, sniffUndecided);
  // Every stage (raw, gunzipped, UTF-16 decoded), the last one first.
  const stages = [peeked];
  // Stop the decoders and the raw reader too: their generators may hold a stream or a read-ahead.
  // The underlying file/stream is released first: a generator waiting on it then ends at once
  // (a live pipe that sends nothing more would otherwise keep the stop waiting).
  const close = once(async () => {
    await input.close();
    for (let i = stages.length - 1; i >= 0; i--) await stages[i]!.stop();
  });
  let size = input.size;
  let gz = false;
  if (startsWith(peeked.first, GZIP_MAGIC)) {
    gz = true;
    size = null;
    try {
      const inflated = gunzipChunks(peeked.all, signal);
      // What it decompresses to is told by the same rule: zlib hands on what a trickle of input
      // gives, maybe less than a tar header or a BOM.
      peeked = await peek(input.gunzipped ? input.gunzipped(inflated) : inflated);
      stages.push(peeked);
      const wide = await widen(peeked, sniffUndecided);
      if (wide !== peeked) stages.push((peeked = wide));
    } catch (err) {
      await close();
      return { source: meta.label, message: describeSourceError(err, meta.label) };
    }
  }
  // Once per stream, on its first (decompressed) chunk: UTF-8 input pays a search for a NUL byte
  // here. A first read too short to tell (a slow pipe) waits for more, up to the 4 KiB sample or
  // the end, unless it starts as UTF-8 text (utf16-form.ts).
  const wide = await widen(peeked, utf16Undecided);
  if (wide !== peeked) stages.push((peeked = wide));
  const utf16 = peeked.first === null ? null : utf16Form(peeked.first);
  let note: string | undefined;
  if (utf16) {
    size = null;
    note = utf16Note(meta.label, utf16);
    try {
      const form = utf16;
      peeked = await peek(utf16Chunks(peeked.all, form, (at) => input.progress.note(utf8TailNote(meta.label, form, at))));
      stages.push(peeked);
      const told = await widen(peeked, sniffUndecided);
      if (told !== peeked) stages.push((peeked = told));
    } catch (err) {
      if (!(err instanceof IncompleteInput)) {
        await close();
        return { source: meta.label, message: describeSourceError(err, meta.label) };
      }
      // Ended before a character (a BOM and one byte): read, empty, and said as read in part.
      peeked = { first: null, all: fails(err), stop: async () => undefined };
    }
  }
  if (isTar(peeked.first)) {
    // Read as text, each member's first line would be glued to its header and its denials lost.
    await close();
    return { source: meta.label, message: `${meta.label} is a tar archive${gz ? ' (gzip-compressed)' : ''}: extract it (tar -xf) and scan the folder` };
  }
  const inner = nestedContainer(peeked.first);
  if (inner) {
    await close();
    const how = gz ? 'it is gzip-compressed: decompress it first (gunzip)' : `it cannot be read from ${input.where}: save it to a file`;
    return { source: meta.label, message: `${meta.label} holds a ${inner}, but ${how}, then pass the file path` };
  }
  const plainName = input.name.replace(/\.gz$/i, '');
  const framing = /\.export$/i.test(plainName) || looksLikeExport(peeked.first) ? 'export' : 'lines';
  return { meta, size, framing, chunks: peeked.all, progress: input.progress, close, ...(note && { note }) };
}

async function* fails(err: unknown): AsyncGenerator<Buffer> {
  throw err;
}

function nestedContainer(first: Buffer | null): string | null {
  if (startsWith(first, ZIP_MAGIC) || startsWith(first, ZIP_EMPTY_MAGIC)) return 'zip archive (diagnostics bundle)';
  if (startsWith(first, JOURNAL_MAGIC)) return 'binary journal file';
  return null;
}
