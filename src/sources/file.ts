// Local files: open, sniff the first chunk, then either hand the path to the bundle or journal
// reader, or stream it (gunzipping when the magic says so).
import { lstat, type FileHandle } from 'node:fs/promises';
import { UTF16_SAMPLE_BYTES, utf16Form } from '../core/journal/utf16-form.js';
import type { StreamMeta } from '../core/types.js';
import { GZIP_MAGIC, JOURNAL_MAGIC, READ_CHUNK, ZIP_EMPTY_MAGIC, ZIP_MAGIC, looksLikeExport, peek, startsWith } from './chunks.js';
import { decode } from './decode.js';
import { byteCount, describeSourceError, IncompleteInput, SourceFailure } from './describe-error.js';
import { nodeLogFromPath } from './bundle-path.js';
import { isFifo, openFifo, openNoWait } from './fifo.js';
import { followFile } from './follow-file.js';
import { once, type Item } from './opened.js';
import { ProgressReporter } from './progress.js';
import { openBundle } from './bundle.js';
import { openJournalFile } from './journal-file.js';
import type { LocalOptions } from './local-options.js';
import { BIG_READS, calibrate, type ReadPlan } from './read-plan.js';
import { scanBuffers } from '../core/scanner/newlines.js';

/**
 * File chunks come from a small pool of buffers per stream, not a fresh 1 MiB buffer per read:
 * that allocation and the garbage collections it triggers cost more than the scan itself
 * (measured on 1 GB: 0.6 s vs 0.32 s for read + search + line count). For a regular file up to
 * `depth` reads are in flight at known offsets, so the next chunk is usually ready when the scan
 * asks for it. The read size and depth are chosen per machine for big files (read-plan.ts: 1 MiB
 * and 3 unless this machine copies big reads slowly). A chunk therefore stays valid only until
 * FILE_CHUNK_LIFETIME further chunks of the stream have been pulled (the contract in index.ts;
 * one more with 128 KiB reads, whose pool is sized for it): the scan holds the current chunk, one
 * read ahead and the look-back chunks (256 KiB: one 1 MiB chunk, up to three of 128 KiB); gunzip
 * holds at most two more.
 */
const POOL = BIG_READS.pool;
const READ_DEPTH = BIG_READS.depth;
/**
 * Each read costs ~50 µs of the main thread whatever its size, but 2 MiB reads gained only ~3 % on
 * 1 GB and cost 8 MB more peak RSS (over the 120 MB target with gzip input): 1 MiB. Measured again
 * on the 2-core AMD EPYC VM (docs/benchmarks.md, eighth pass): 2 MiB 0.976x wall for 11 MiB more
 * peak; 4 MiB slower. Where the pool is the scan's own memory, two of its 1 MiB slots are filled by
 * one read instead (pairedReads): half the reads, no more memory.
 */
export const FILE_CHUNK = READ_CHUNK;
export const FILE_CHUNK_LIFETIME = POOL - READ_DEPTH - 1;

/**
 * Chunks of an open file (exported for tests: the read plans are checked through it). A regular
 * file is read to its end as the reads find it (appended bytes included); ending short of `size`,
 * its size at open, throws IncompleteInput after the bytes read.
 */
export async function* fileHandleChunks(
  fh: FileHandle,
  signal: AbortSignal,
  progress: ProgressReporter,
  size: number | null,
  plan: ReadPlan = BIG_READS,
  countInPlace = false,
): AsyncGenerator<Buffer> {
  const chunkBytes = plan.chunk;
  // Text of several chunks is read into buffers the scanner counts lines in without copying them
  // (scanBuffers, core/scanner/newlines.ts: ~100 ms per GB less). Else allocated lazily: a small
  // file or a pipe uses one buffer.
  const pool: Buffer[] = (countInPlace && size !== null && size > chunkBytes ? scanBuffers(plan.pool, chunkBytes) : null) ?? [];
  const slot = (i: number): Buffer => (pool[i % plan.pool] ??= Buffer.allocUnsafeSlow(chunkBytes));
  if (size === null) {
    // Pipes and devices (`<(journalctl …)`): sequential reads at the current position. A device
    // (a tty) returns short reads, a few KB each; the scanner keeps the last 256 KiB of lines by
    // reference, which would then lie in buffers the pool reused reads ago: a short read is
    // handed out as a copy (test/sources/device-reads.test.ts), as follow-file.ts does.
    for (let i = 0; !signal.aborted; i++) {
      const buf = slot(i);
      const { bytesRead } = await fh.read(buf, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      progress.add(bytesRead);
      yield bytesRead === chunkBytes ? buf : Buffer.from(buf.subarray(0, bytesRead));
    }
    return;
  }
  if (pairable(pool, plan)) {
    yield* pairedReads(fh, signal, progress, size, pool, chunkBytes);
    return;
  }
  const inFlight: Promise<Buffer>[] = [];
  let issued = 0;
  const issue = (): void => {
    const buf = slot(issued);
    const at = issued * chunkBytes;
    issued++;
    const read = fh.read(buf, 0, chunkBytes, at).then((r) => buf.subarray(0, r.bytesRead));
    // A read that fails while the one before it is still being consumed would be an unhandled
    // rejection until its turn comes: mark it handled now; awaiting it in turn still throws.
    read.catch(() => undefined);
    inFlight.push(read);
  };
  let read = 0;
  try {
    // Reads go on past the size seen at open (a growing file is read to its current end) and stop
    // at the first short read: anything read beyond it could leave a gap.
    for (let i = 0; i < plan.depth; i++) issue();
    while (!signal.aborted) {
      const chunk = await inFlight.shift()!;
      read += chunk.length;
      if (chunk.length === 0) break;
      issue();
      progress.add(chunk.length);
      yield chunk;
      if (chunk.length < chunkBytes) break;
    }
    // Ended short of the size at open: the file was truncated (or rewritten) while it was read,
    // e.g. by copytruncate. What was read was scanned; the rest is gone from this file.
    if (read < size && !signal.aborted) throw truncatedWhileRead(read, size);
  } finally {
    // Settle the reads still in flight before the caller closes the file handle.
    await Promise.allSettled(inFlight);
  }
}

/**
 * The 1 MiB plan's slots lie in one memory, one after the other (WebAssembly's, scanBuffers): two of
 * them can be filled by one read. (The 128 KiB plan is for machines where big copies are slow.)
 */
function pairable(pool: Buffer[], plan: ReadPlan): boolean {
  if (plan.chunk !== BIG_READS.chunk || pool.length !== plan.pool || plan.pool % 2 !== 0 || plan.pool - 2 - 1 < FILE_CHUNK_LIFETIME) return false;
  return pool.every((b, i) => b.buffer === pool[0]!.buffer && b.byteOffset === pool[0]!.byteOffset + i * plan.chunk);
}

/**
 * A regular file read two slots at a time, one such read ahead: half the reads of fileHandleChunks'
 * loop. What a read costs the scanning thread is mostly waking a thread of libuv's pool (on a VM, a
 * wake-up of another virtual CPU): a bare loop over 1 GB spent 20-23 ms submitting 514 reads of
 * 2 MiB against 55-73 ms for 1,028 of 1 MiB, 40-50 against 60-70 ms of its thread's CPU (Intel Xeon
 * VM, docs/benchmarks.md, twenty-sixth pass). A read is issued as the pair before it is first pulled:
 * it overwrites the slots of two chunks that 5 and 4 chunks have been pulled after, as
 * FILE_CHUNK_LIFETIME (4) allows (test/sources/read-plan.test.ts checks every chunk still held).
 */
async function* pairedReads(fh: FileHandle, signal: AbortSignal, progress: ProgressReporter, size: number, pool: Buffer[], chunkBytes: number): AsyncGenerator<Buffer> {
  const span = 2 * chunkBytes;
  let issued = 0;
  let ahead: Promise<number> | null = null;
  const issue = (): void => {
    const first = pool[(issued * 2) % pool.length]!;
    const view = Buffer.from(first.buffer, first.byteOffset, span);
    const at = issued * span;
    issued++;
    ahead = fh.read(view, 0, span, at).then((r) => r.bytesRead);
    ahead.catch(() => undefined);
  };
  let read = 0;
  try {
    issue();
    while (!signal.aborted) {
      const k = ((issued - 1) * 2) % pool.length;
      const n = await ahead!;
      ahead = null;
      read += n;
      if (n === 0) break;
      if (n === span) issue();
      const a = Math.min(n, chunkBytes);
      progress.add(a);
      yield pool[k]!.subarray(0, a);
      if (n > chunkBytes && !signal.aborted) {
        progress.add(n - chunkBytes);
        yield pool[k + 1]!.subarray(0, n - chunkBytes);
      }
      if (n < span) break;
    }
    if (read < size && !signal.aborted) throw truncatedWhileRead(read, size);
  } finally {
    if (ahead) await Promise.allSettled([ahead]);
  }
}

function truncatedWhileRead(read: number, size: number): IncompleteInput {
  return new IncompleteInput(
    'truncated-while-read',
    (label) =>
      `${label} was truncated while it was read (log rotation with copytruncate, or the file rewritten): it ended after ${byteCount(read)} of the ${byteCount(size)} it held when opened; what was read was scanned, the rest was not (scan the rotated copy too)`,
  );
}

const swappedText = (label: string): string => `${label} became a symbolic link after the directory walk listed it: not followed`;

export async function* openFile(path: string, label: string, opts: LocalOptions): AsyncGenerator<Item> {
  const linkStat = opts.walked ? await lstat(path).catch(() => null) : null;
  if (linkStat?.isSymbolicLink()) {
    yield { source: label, message: swappedText(label) };
    return;
  }
  // A FIFO's open() and reads would wait for a writer out of Ctrl-C's reach: fifo.ts reads it.
  // A walked path's lstat, not a link, already says what stat would.
  if (linkStat ? linkStat.isFIFO() : await isFifo(path)) {
    yield* openFifo(path, label, opts);
    return;
  }
  let fh: FileHandle;
  let st;
  try {
    ({ fh, st } = await openNoWait(path, opts.walked));
    if (st.isFIFO()) {
      await fh.close();
      throw new SourceFailure(`${label} changed while it was being opened (it became a named pipe): try again`);
    }
  } catch (err) {
    const swapped = opts.walked && (err as NodeJS.ErrnoException).code === 'ELOOP';
    yield { source: label, message: swapped ? swappedText(label) : describeSourceError(err, label) };
    return;
  }
  const close = once(() => fh.close());
  let meta: StreamMeta;
  let size: number | null;
  let progress: ProgressReporter;
  let peeked;
  try {
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = st.isFile() ? st.size : null;
    const node = nodeLogFromPath(path);
    meta = {
      label,
      host: node?.host ?? null,
      unit: node?.unit ?? null,
      envelope: null,
      // `short` lines have no year: the user's --year, else they are dated up to when the file was
      // last written (a followed file is still being written: up to when each line is read).
      year: opts.year,
      writtenAt: opts.follow ? null : st.mtimeMs,
    };
    progress = new ProgressReporter(label, size, opts.onProgress);
    if (opts.follow && st.isFile() && (await isPlainText(fh, path))) {
      const chunks = followFile(path, { signal: opts.signal, pollMs: opts.followPollMs, progress, handle: fh, label });
      // The follower owns the handle once it runs (it may switch to a rotated file's successor);
      // closing fh too covers a follower that never started.
      const stop = once(async () => {
        await chunks.return(undefined);
        await close();
      });
      yield { meta, size, framing: 'lines', chunks, progress, close: stop, live: true };
      return;
    }
    const plan = size === null ? BIG_READS : calibrate(fh.fd, size);
    // Compressed input is scanned from gunzip's output: its own buffers would only add memory.
    const inPlace = size !== null && size > plan.chunk && !(await startsWithMagic(fh, GZIP_MAGIC));
    peeked = await peek(fileHandleChunks(fh, opts.signal, progress, size, plan, inPlace));
  } catch (err) {
    await close();
    yield { source: label, message: describeSourceError(err, label) };
    return;
  }
  const { first } = peeked;
  // Magic bytes decide; the name only when the content has no known magic (a gzip named .zip is gzip).
  const byName = first !== null && !startsWith(first, GZIP_MAGIC);
  if (startsWith(first, ZIP_MAGIC) || startsWith(first, ZIP_EMPTY_MAGIC) || (byName && /\.zip$/i.test(path))) {
    await close();
    yield* openBundle(path, label, opts);
    return;
  }
  // Binary journals only by their magic: `journalctl -u 'dcos-*' > master.journal` is text.
  if (startsWith(first, JOURNAL_MAGIC)) {
    // The open file, not its name: journalctl would read the name as a glob (journal-file.ts).
    // Closed once journalctl runs (or failed to start): the child holds its own copy.
    const journal = openJournalFile(fh, label, opts);
    let item: IteratorResult<Item>;
    try {
      item = await journal.next(); // its one item: journalctl started, or why it did not
    } finally {
      await close();
    }
    if (!item.done) yield item.value;
    return;
  }
  yield await decode({ peeked, meta, name: path, size, progress, close, signal: opts.signal, where: 'here' });
}

/** The file starts with `magic` (a positioned read: the file offset stays at 0). */
async function startsWithMagic(fh: FileHandle, magic: Buffer): Promise<boolean> {
  const head = Buffer.alloc(magic.length);
  const { bytesRead } = await fh.read(head, 0, head.length, 0);
  return startsWith(head.subarray(0, bytesRead), magic);
}

const FOLLOW_NOT = /\.(gz|zip|export)$/i; // binary journals are told by their magic below

/**
 * Plain text we can follow: no gzip/zip/journal magic, not journal export text, not UTF-16 (read
 * once, decoded: a follower reads bytes as they are appended), no such name.
 */
async function isPlainText(fh: FileHandle, path: string): Promise<boolean> {
  if (FOLLOW_NOT.test(path)) return false;
  // As many bytes as decode() tells UTF-16 by (its first chunk holds them): 32 left a file with a
  // non-ASCII character early to the follower, raw, which decode() would have decoded.
  const head = Buffer.alloc(UTF16_SAMPLE_BYTES);
  const { bytesRead } = await fh.read(head, 0, head.length, 0); // positioned: the file offset stays at 0
  const first = bytesRead > 0 ? head.subarray(0, bytesRead) : null;
  const magic = [GZIP_MAGIC, ZIP_MAGIC, ZIP_EMPTY_MAGIC, JOURNAL_MAGIC].some((m) => startsWith(first, m));
  return !magic && !looksLikeExport(first) && (first === null || utf16Form(first) === null);
}
