// The internal shape every local opener produces: a stream ready to read, plus what open.ts needs
// to report its outcome (progress, a failure after the bytes) and release it.
import type { Framing, SourceError, StreamMeta } from '../core/types.js';
import type { ProgressReporter } from './progress.js';

export interface Opened {
  meta: StreamMeta;
  size: number | null;
  framing: Framing;
  /** Raw decoded bytes; may throw after some bytes (truncated gzip, read error): open.ts turns that into a SourceError. */
  chunks: AsyncGenerator<Buffer>;
  progress: ProgressReporter;
  /** How it was read, when that is worth a line (a UTF-16 file decoded): given with its progress's start. */
  note?: string;
  /** Never ends by itself (a followed file): read alongside the next items, see SourceStream.live. */
  live?: boolean;
  /** Idempotent; releases the file handle / child / zip entry even if `chunks` was never iterated. */
  close(): Promise<void>;
}

export type Item = Opened | SourceError;

export function isOpened(item: Item): item is Opened {
  return 'chunks' in item;
}

/** Wraps a cleanup so it runs once however many times it is called. */
export function once(fn: () => unknown): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => {
    done ??= Promise.resolve()
      .then(fn)
      .then(
        () => undefined,
        () => undefined,
      );
    return done;
  };
}
