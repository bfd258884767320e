// A bounded byte queue between SSH channels (producers) and the scan (one consumer). Producers get
// `false` from push() once `highWater` bytes wait, pause their channel, and resume on whenDrained():
// memory stays bounded however far the consumer lags.
import type { StreamMeta } from '../../core/types.js';
import type { SourceStream } from '../index.js';

export class ChunkQueue {
  private items: Buffer[] = [];
  private bytes = 0;
  private ended = false;
  private wakeConsumer: (() => void) | null = null;
  private drainWaiters: Array<() => void> = [];
  private active = false;
  /** Called synchronously at the first push (not at end). */
  onActive: (() => void) | null = null;
  /** Lines over the cap that producers dropped instead of queueing (SourceStream.cutLines). */
  cutLines = 0;
  /** Set when the consumer stopped iterating early (break/return). */
  stopped = false;
  /** Every producer's listener (merged mode: many hosts share one queue, each must learn of a stop). */
  private stopListeners = new Set<() => void>();

  constructor(private readonly highWater: number) {}

  /** Queue bytes; false = above high water, pause the producer until whenDrained(). */
  push(buf: Buffer): boolean {
    if (this.ended || this.stopped) return true;
    this.items.push(buf);
    this.bytes += buf.length;
    if (!this.active) {
      this.active = true;
      this.onActive?.();
    }
    this.wake();
    return this.bytes < this.highWater;
  }

  /** Call `fn` when the consumer stops (at once if it already did); returns the remover. */
  onStop(fn: () => void): () => void {
    if (this.stopped) {
      fn();
      return () => undefined;
    }
    this.stopListeners.add(fn);
    return () => void this.stopListeners.delete(fn);
  }

  whenDrained(): Promise<void> {
    if (this.bytes < this.highWater || this.stopped || this.ended) return Promise.resolve();
    return new Promise((r) => this.drainWaiters.push(r));
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.wake();
    this.releaseDrain();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private wake(): void {
    const w = this.wakeConsumer;
    this.wakeConsumer = null;
    w?.();
  }

  private releaseDrain(): void {
    for (const r of this.drainWaiters.splice(0)) r();
  }

  async *chunks(): AsyncGenerator<Buffer> {
    let finished = false;
    try {
      for (;;) {
        const b = this.items.shift();
        if (b) {
          this.bytes -= b.length;
          if (this.bytes < this.highWater) this.releaseDrain();
          yield b;
          continue;
        }
        if (this.ended) {
          finished = true;
          return;
        }
        await new Promise<void>((r) => (this.wakeConsumer = r));
      }
    } finally {
      if (!finished) {
        // The consumer broke out early: drop what is queued and tell the producer to stop.
        this.stopped = true;
        this.items = [];
        this.bytes = 0;
        this.releaseDrain();
        for (const fn of [...this.stopListeners]) fn();
        this.stopListeners.clear();
      }
    }
  }
}

/**
 * A queue as a source stream (ssh:// and dcos:// nodes). `live`: a follow stream (ends only on abort or
 * when every node is done), read alongside the next items; `onConsumed` runs once its chunks are read
 * to the end or given up (it frees the node's `--concurrency` slot).
 */
export function queueStream(meta: StreamMeta, queue: ChunkQueue, live: boolean, onConsumed?: () => void): SourceStream {
  return {
    meta,
    size: null,
    framing: 'lines',
    live,
    cutLines: () => queue.cutLines,
    chunks: {
      [Symbol.asyncIterator]: () => {
        const it = queue.chunks();
        return {
          next: async () => {
            const r = await it.next();
            if (r.done) onConsumed?.();
            return r;
          },
          return: async () => {
            const r = await it.return(undefined);
            onConsumed?.();
            return r;
          },
        };
      },
    },
  };
}
