// Streaming gunzip, member by member. Node's Gunzip stream drops the output of the write whose
// inflate fails, so bytes after the last member (`cat x.gz junk > y.gz`) cost the last chunk of
// valid data. Here zlib inflates only each member's raw deflate data; the header and trailer are
// read here (gzip-member.ts), so where the gzip data ends is known: every byte it decompresses to
// is yielded, and bytes after it that are not gzip are counted and named (IncompleteInput), as
// `gzip -d` does ("trailing garbage ignored"). A cut is no zlib error either (finishFlush
// Z_SYNC_FLUSH): everything before it is yielded, then the cut is thrown.
import type * as ZlibModule from 'node:zlib';
import type { InflateRaw } from 'node:zlib';
import { GZIP_MAGIC, MIN_CHUNK, readableChunks, startsWith } from './chunks.js';
import { byteCount, IncompleteInput } from './describe-error.js';
import { allZero, checkTrailer, MAX_HEADER_BYTES, readHeader, TRAILER_BYTES } from './gzip-member.js';

type Zlib = typeof ZlibModule;

/** Raw chunks pulled one at a time, with the unused end of one given back (after a member's data). */
class Input {
  private back: Buffer | null = null;
  constructor(private readonly it: AsyncIterator<Buffer>) {}

  async next(): Promise<Buffer | null> {
    const back = this.back;
    this.back = null;
    if (back) return back;
    for (;;) {
      const r = await this.it.next();
      if (r.done) return null;
      if (r.value.length > 0) return r.value;
    }
  }

  unshift(rest: Buffer): void {
    if (rest.length > 0) this.back = rest;
  }

  /** At least `n` bytes (fewer only at the end, null when none are left); copied only when they span chunks. */
  async atLeast(n: number): Promise<Buffer | null> {
    let buf = await this.next();
    while (buf !== null && buf.length < n) {
      const more = await this.next();
      if (more === null) break;
      buf = Buffer.concat([buf, more]);
    }
    return buf;
  }
}

/** What zlib would throw, with how much was decompressed (and so scanned) before it: describe-error.ts words it. */
function failure(code: 'Z_DATA_ERROR' | 'Z_BUF_ERROR', message: string, decompressed: number): Error {
  return Object.assign(new Error(message), { code, decompressed });
}

/**
 * The decompressed bytes of a gzip stream (one member or several). Throws after the bytes before
 * it: a cut (Z_BUF_ERROR), damage (Z_DATA_ERROR), the source's own error, or IncompleteInput when
 * bytes that are not gzip follow the last member (zeros alone are padding, ignored as gzip -d does).
 * node:zlib loads here, on first use: a plain-text scan never pays for compiling it. Not by
 * `import()`: the bundled CLI runs from a V8 code cache, where Node 20 has no callback for it.
 */
export async function* gunzipChunks(source: AsyncIterable<Buffer>, signal: AbortSignal): AsyncGenerator<Buffer> {
  const zlib = process.getBuiltinModule('node:zlib');
  const input = new Input(source[Symbol.asyncIterator]());
  const total = { bytes: 0 };
  for (let member = 0; !signal.aborted; member++) {
    const head = await input.atLeast(2);
    if (head === null) return;
    // After a member: another one when its bytes start like one (gzip -d and zlib decide the same
    // way: a member that then fails is damage), else trailing bytes (a lone last byte too).
    if (member > 0 && !startsWith(head, GZIP_MAGIC)) {
      await trailing(head, input, total.bytes, signal);
      return;
    }
    await skipHeader(zlib, input, head, total.bytes);
    const sum = yield* inflateMember(zlib, input, signal, total);
    if (sum === null) return; // aborted
    const trailer = await input.atLeast(TRAILER_BYTES);
    if (trailer === null || trailer.length < TRAILER_BYTES) throw failure('Z_BUF_ERROR', 'unexpected end of file', total.bytes);
    const bad = checkTrailer(trailer, sum.crc, sum.size);
    if (bad !== null) throw failure('Z_DATA_ERROR', bad, total.bytes);
    input.unshift(trailer.subarray(TRAILER_BYTES));
  }
}

async function skipHeader(zlib: Zlib, input: Input, head: Buffer, decompressed: number): Promise<void> {
  for (let buf = head; ; ) {
    const r = readHeader(buf, (b) => zlib.crc32(b));
    if (r !== null && 'length' in r) return input.unshift(buf.subarray(r.length));
    if (r !== null) throw failure('Z_DATA_ERROR', r.bad, decompressed);
    if (buf.length > MAX_HEADER_BYTES) throw failure('Z_DATA_ERROR', 'gzip header longer than 1 MiB', decompressed);
    const more = await input.next();
    if (more === null) throw failure('Z_BUF_ERROR', 'unexpected end of file', decompressed);
    buf = Buffer.concat([buf, more]); // a header spans chunks rarely, and is short
  }
}

/**
 * Yields one member's deflate data decompressed; returns its CRC-32 and size for the trailer check
 * (null when aborted). The bytes after the deflate data are given back to `input`.
 */
async function* inflateMember(zlib: Zlib, input: Input, signal: AbortSignal, total: { bytes: number }): AsyncGenerator<Buffer, { crc: number; size: number } | null> {
  const inflater = zlib.createInflateRaw({ chunkSize: MIN_CHUNK, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const feeding = feed(inflater, input);
  let crc = 0;
  let size = 0;
  try {
    for await (const out of readableChunks(inflater, signal)) {
      crc = zlib.crc32(out, crc);
      size += out.length;
      total.bytes += out.length;
      yield out;
    }
  } catch (err) {
    throw Object.assign(err as Error, { decompressed: total.bytes }); // zlib's Z_DATA_ERROR: damage
  } finally {
    // Stopped early (damage, abort, the consumer left): the feeder is left to end with the source,
    // which the stream's closer ends; it never rejects.
    inflater.destroy();
  }
  if (signal.aborted) return null;
  const fed = await feeding;
  if (fed !== null) throw fed; // the source failed: the bytes before were all yielded
  return { crc, size };
}

/**
 * Writes raw chunks until zlib leaves part of one unused (the deflate data ended: the rest goes
 * back to `input`) or the input ends. One write at a time, each waited for: zlib is done with a
 * chunk before the next is pulled (file chunks come from a reused pool). Resolves to the source's
 * error, if any, after ending the inflater so the bytes before it still come out.
 */
async function feed(inflater: InflateRaw, input: Input): Promise<unknown> {
  try {
    for (let chunk = await input.next(); chunk !== null; chunk = await input.next()) {
      const before = inflater.bytesWritten;
      await written(inflater, chunk);
      // Less used: the deflate data ended (zlib then ends its output, and the reader destroys it,
      // maybe before this line runs). Destroyed otherwise: zlib failed (the reader throws it) or
      // the reader stopped.
      const used = inflater.bytesWritten - before;
      if (used < chunk.length) {
        input.unshift(chunk.subarray(used));
        return null;
      }
      if (inflater.destroyed) return null;
    }
    inflater.end();
    return null;
  } catch (err) {
    if (!inflater.destroyed) inflater.end();
    return err;
  }
}

/** Resolves when zlib has processed `chunk` (its write callback), or the inflater closed. */
function written(inflater: InflateRaw, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      inflater.off('close', done);
      resolve();
    };
    inflater.once('close', done);
    inflater.write(chunk, done);
  });
}

/** After the last member: counts what is left; zeros are padding, anything else a warning. */
async function trailing(first: Buffer, input: Input, decompressed: number, signal: AbortSignal): Promise<void> {
  let n = 0;
  let zeros = true;
  for (let b: Buffer | null = first; b !== null; b = await input.next()) {
    n += b.length;
    zeros &&= allZero(b);
  }
  if (zeros || signal.aborted) return;
  throw new IncompleteInput(
    'gzip-trailing-bytes',
    (label) =>
      `${label}: its gzip data decompressed to ${byteCount(decompressed)}, all scanned; the ${byteCount(n)} after it ${n === 1 ? 'is' : 'are'} not gzip and ${n === 1 ? 'was' : 'were'} not scanned (gzip -d ignores them too; tail -c ${n} shows them)`,
  );
}
