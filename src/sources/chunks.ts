// Byte-chunk plumbing shared by every local source: Node streams → async iterables of big Buffers
// with bounded buffering, a one-chunk peek (to sniff magic bytes), and the magic bytes (gunzip:
// gunzip.ts).
import type { Readable } from 'node:stream';
import { bomLength } from '../core/journal/sniff.js';
import { mayBeTarHead, TAR_HEADER_BYTES } from './tar-head.js';

/** Chunks below this are merged with their neighbours when several are already waiting. */
export const MIN_CHUNK = 256 * 1024;
/** Size of a chunk read from a file, and of zlib's output buffer. */
export const READ_CHUNK = 1024 * 1024;
/** Bytes buffered ahead of the consumer before the producer is paused. */
const HIGH_WATER = 4 * 1024 * 1024;

/**
 * Drains a Readable through flowing-mode 'data' events (so every byte pushed before an error is
 * still delivered, e.g. the readable part of a truncated gzip), pausing the producer when
 * HIGH_WATER bytes wait. Small waiting chunks are merged up to READ_CHUNK so the consumer sees big
 * chunks when data is plentiful and small ones when it trickles (a live pipe). Throws the stream's
 * error after the data that came before it. On abort it ends quietly and destroys the stream.
 */
export async function* readableChunks(readable: Readable, signal: AbortSignal): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onData = (c: Buffer | string): void => {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    if (b.length === 0) return;
    queue.push(b);
    queued += b.length;
    if (queued >= HIGH_WATER) readable.pause();
    notify();
  };
  const onEnd = (): void => {
    ended = true;
    notify();
  };
  const onError = (e: unknown): void => {
    failure ??= e;
    notify();
  };
  const onClose = (): void => {
    // Closed without 'end' nor 'error' (destroyed): nothing more will come.
    ended = true;
    notify();
  };
  readable.on('data', onData);
  readable.on('end', onEnd);
  readable.on('error', onError);
  readable.on('close', onClose);
  signal.addEventListener('abort', notify);
  try {
    for (;;) {
      if (signal.aborted) return;
      if (queue.length > 0) {
        yield takeChunk(queue);
        queued = queue.reduce((n, b) => n + b.length, 0);
        if (queued < HIGH_WATER && readable.isPaused()) readable.resume();
        continue;
      }
      if (failure !== null) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal.removeEventListener('abort', notify);
    readable.off('data', onData);
    readable.off('end', onEnd);
    readable.off('close', onClose);
    // Keep a no-op error listener: a late error after we stopped listening must not crash the process.
    readable.off('error', onError);
    readable.on('error', () => {});
    readable.destroy();
  }
}

/** The head chunk, or several small head chunks merged (up to READ_CHUNK bytes). */
function takeChunk(queue: Buffer[]): Buffer {
  const head = queue.shift() as Buffer;
  if (head.length >= MIN_CHUNK || queue.length === 0) return head;
  const parts = [head];
  let size = head.length;
  for (let next = queue[0]; next !== undefined && size + next.length <= READ_CHUNK; next = queue[0]) {
    queue.shift();
    parts.push(next);
    size += next.length;
  }
  return parts.length === 1 ? head : Buffer.concat(parts, size);
}

export interface Peeked {
  /** The first non-empty chunk, or null for empty input. */
  first: Buffer | null;
  /** All chunks again, the first included. */
  all: AsyncGenerator<Buffer>;
  /** Ends the underlying source (runs its cleanup) even if `all` was never iterated. */
  stop(): Promise<void>;
}

/** Reads the first chunk (to sniff it) and gives back an iterable that still starts with it. */
export async function peek(source: AsyncGenerator<Buffer>): Promise<Peeked> {
  let r = await source.next();
  while (!r.done && r.value.length === 0) r = await source.next();
  const first = r.done ? null : r.value;
  async function* all(): AsyncGenerator<Buffer> {
    if (first === null) return;
    yield first;
    yield* source;
  }
  const stop = async (): Promise<void> => {
    await source.return(undefined);
  };
  return { first, all: all(), stop };
}

/**
 * `p` with its first chunk merged with the next ones while `more(first)` holds: a slow pipe's first
 * read may be a byte, too little to sniff. An error reading them comes after the merged chunk.
 */
export async function widen(p: Peeked, more: (first: Buffer) => boolean): Promise<Peeked> {
  if (p.first === null || !more(p.first)) return p;
  const it = p.all;
  await it.next(); // p.first, again
  let first = p.first;
  let ended = false;
  let failure: { err: unknown } | null = null;
  while (!ended && more(first)) {
    try {
      const r = await it.next();
      if (r.done) ended = true;
      else first = Buffer.concat([first, r.value]); // a copy: a source may reuse its buffers
    } catch (err) {
      failure = { err };
      ended = true;
    }
  }
  async function* all(): AsyncGenerator<Buffer> {
    yield first;
    if (failure) throw failure.err;
    if (!ended) yield* it;
  }
  const stop = async (): Promise<void> => {
    await it.return(undefined);
    await p.stop();
  };
  return { first, all: all(), stop };
}

export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
export const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');
export const ZIP_EMPTY_MAGIC = Buffer.from('PK\x05\x06', 'latin1');
export const JOURNAL_MAGIC = Buffer.from('LPKSHHRH', 'latin1');

export function startsWith(buf: Buffer | null, magic: Buffer): boolean {
  return buf !== null && buf.length >= magic.length && buf.compare(magic, 0, magic.length, 0, magic.length) === 0;
}

const EXPORT_STARTS = ['__CURSOR=', '__REALTIME_TIMESTAMP='];

/**
 * journalctl -o export always starts an entry with `__CURSOR=` (or `__REALTIME_TIMESTAMP=` when
 * cursors are off): export is a stream that starts so (after a UTF-8 BOM), never one where such a
 * line comes later. A line start later on may be text a task or client chose (a `-o cat` message,
 * a bundle's unindented continuation line), and export fields name their own writer
 * (`_SYSTEMD_UNIT`): framing from there would let that text forge a verified record.
 */
export function looksLikeExport(buf: Buffer | null): boolean {
  if (buf === null) return false;
  const head = buf.toString('latin1', bomLength(buf), 64);
  return EXPORT_STARTS.some((s) => head.startsWith(s));
}

/** The starts a stream is told by: compressors', zip's and journal files' magic, export's first field. */
const SNIFFED: readonly Buffer[] = [GZIP_MAGIC, ZIP_MAGIC, ZIP_EMPTY_MAGIC, JOURNAL_MAGIC, ...EXPORT_STARTS.map((s) => Buffer.from(s))];
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A first read too short to tell what the stream is: a strict prefix of one of SNIFFED (after a
 * UTF-8 BOM, itself maybe cut), or what may be the start of a tar header, short of its 512 bytes
 * (tar-head.ts). A slow pipe's first read may be one byte (`1f` of a gzip member): sniffed as it
 * is, a gzip was read as text, and a tar whose first read ended before `ustar` too. Text that
 * starts otherwise is told at once. The same rule holds for the stream a gzip decompresses to.
 */
export function sniffUndecided(first: Buffer): boolean {
  if (first.length < UTF8_BOM.length && UTF8_BOM.subarray(0, first.length).equals(first)) return true;
  const head = first.subarray(bomLength(first));
  if (SNIFFED.some((m) => head.length < m.length && m.subarray(0, head.length).equals(head))) return true;
  return first.length < TAR_HEADER_BYTES && !SNIFFED.some((m) => startsWith(first, m)) && mayBeTarHead(first);
}
