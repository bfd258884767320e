// Feeding one stream to its scanner: the next chunk read while this one is scanned, lone-CR line
// ends made `\n` on the way, and a live stream's scanner flushed when it goes quiet.
import type { ChunkScanner, CrLineEnds } from '../core/scanner/index.js';
import type { StreamWatch } from './coverage.js';
import type { Quiet } from './settle.js';

/**
 * A live stream quiet for this long gets its scanner flushed: the candidate it holds back (waiting
 * for continuation lines) is reported, so a followed file's last denial shows without a next line.
 */
export const IDLE_FLUSH_MS = 200;

/**
 * Ask for the next chunk before the current one is scanned, so the read (done on libuv's thread
 * pool for files) overlaps the scan instead of alternating with it.
 */
export async function* readAhead(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = it.next();
      yield r.value;
    }
  } finally {
    next.catch(() => undefined);
    await it.return?.();
  }
}

/**
 * Feeds one stream to its scanner, reading ahead. A live stream also gets a flush when it stays
 * quiet for IDLE_FLUSH_MS, so its last denial shows without waiting for the next line.
 */
export async function scanStream(chunks: AsyncIterable<Buffer>, scanner: ChunkScanner, live: Quiet | null, after: () => void, look: StreamWatch['look'], lineEnds: CrLineEnds | null): Promise<void> {
  // One timer, restarted after each chunk: it fires once per quiet spell, never during a push.
  // A live stream's quiet spell also tells the scan it may say what it read so far (settle.ts).
  const idle = live
    ? setTimeout(() => {
        scanner.flush?.();
        live.quiet(true);
      }, IDLE_FLUSH_MS)
    : null;
  const feed = (parts: readonly Buffer[]): void => {
    for (const chunk of parts) {
      look(chunk);
      scanner.push(chunk);
    }
  };
  try {
    for await (const raw of readAhead(chunks)) {
      feed(lineEnds ? lineEnds.push(raw) : [raw]);
      after();
      if (live && idle) {
        live.quiet(false);
        idle.refresh();
      }
    }
    if (lineEnds) feed(lineEnds.end());
  } finally {
    if (idle) clearTimeout(idle);
  }
}

