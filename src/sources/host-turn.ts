// One host's turn in a fan-out (ssh:// and dcos:// sources alike): wait for a slot, read into the
// merged queue or into a queue of its own that goes to the consumer at its first bytes (so a slow
// node never holds up one that already has data), and at the end hand over, report and free the
// slot in the one order that loses nothing.
import type { SourceError, StreamMeta } from '../core/types.js';
import type { ItemQueue, Slots } from './fan-out.js';
import type { SourceStream } from './open.js';
import { ChunkQueue, queueStream } from './ssh/chunk-queue.js';

export interface TurnOptions {
  slots: Slots;
  /** The one queue of every host when merging, else null (each host its own stream). */
  merged: ChunkQueue | null;
  highWater: number;
  /** Where streams and per-host errors go, in order. */
  out: ItemQueue<SourceStream | SourceError>;
  /** With `merged` and no follow: errors said after the merged stream ended. */
  errors: SourceError[];
  meta: StreamMeta;
  follow: boolean;
  signal: AbortSignal;
}

export interface HostTurn {
  queue: ChunkQueue;
  /** Give the slot back (once; later calls do nothing). */
  release(): void;
  /** The host is read: `ok` whether it was, `error` what to report (null: nothing, or said elsewhere). */
  finish(ok: boolean, error: SourceError | null): void;
}

export async function takeTurn(o: TurnOptions): Promise<HostTurn> {
  await o.slots.take();
  let slotHeld = true;
  const release = (): void => {
    if (slotHeld) {
      slotHeld = false;
      o.slots.give();
    }
  };
  const queue = o.merged ?? new ChunkQueue(o.highWater);
  let handedOver = false;
  const handOver = (): void => {
    handedOver = true;
    o.out.push(queueStream(o.meta, queue, o.follow, release));
  };
  if (!o.merged) queue.onActive = handOver;
  return {
    queue,
    release,
    finish(ok, error) {
      if (o.merged) {
        if (error) sayError(o, error);
        release();
        return;
      }
      queue.onActive = null;
      // A node with no matching line still counts as a source read: hand over its empty stream.
      if (!handedOver && ok && !o.signal.aborted) handOver();
      queue.end();
      // Queued after the stream (FIFO), so the consumer meets it once the stream's chunks ended.
      if (error) o.out.push(error);
      // A handed-over stream frees its slot when its chunks are read to the end (see queueStream()).
      if (!handedOver) release();
    },
  };
}

/**
 * A host's error in a fan-out. Merged, its errors wait for the stream's end, when the consumer reads
 * on; a followed merged stream never ends (the consumer reads on past it at once), so its errors go
 * out as they come: a host that failed is said then, not when the operator stops the run.
 */
export function sayError(o: Pick<TurnOptions, 'merged' | 'follow' | 'out' | 'errors'>, error: SourceError): void {
  if (o.merged && !o.follow) o.errors.push(error);
  else o.out.push(error);
}
