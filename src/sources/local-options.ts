import type { SourceProgress } from '../core/types.js';

/** What the local openers take: OpenOptions (index.ts) without what only stdin and ssh use. */
export interface LocalOptions {
  signal: AbortSignal;
  /** `--year` (core/journal/short-year.ts); null = `short` lines dated up to the mtime (files, bundle entries) or the read time. */
  year: number | null;
  /** At most ~10 reports a second per stream, plus one at each state change. Bytes are raw (compressed) bytes read. */
  onProgress?(p: SourceProgress): void;
  /**
   * Follow plain local files (named, or matched by a glob; not gzip/zip/journal/stdin, nor files
   * found in a directory) after reading them, like `tail -F`: their streams are `live`.
   */
  follow?: boolean;
  /** Poll interval of followed files (default 250 ms; fs.watch usually wakes them sooner). */
  followPollMs?: number;
  /**
   * A file a directory walk found: opened without following a symlink. The walk never follows a
   * link out of the tree, and a file swapped for one after the walk listed it must not be read.
   */
  walked?: boolean;
}
