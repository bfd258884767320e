// What every stream scanner gives the pipeline (the line scanner, chunks.ts; the export scanner, export.ts).
export interface ChunkScanner {
  /**
   * Scan the next bytes. References into `chunk` are kept after it returns, uncopied: by the
   * look-back tail (until the chunks pushed after it hold CONTEXT_TAIL_BYTES: with 1 MiB chunks,
   * the previous one) and by a candidate still waiting for its continuation lines. Sources that
   * reuse buffers keep a chunk valid that long (sources/index.ts, FILE_CHUNK_LIFETIME).
   */
  push(chunk: Buffer): void;
  /** Flush the last (possibly truncated) line and any pending candidate. */
  end(): void;
  /**
   * Live sources, when no more bytes come for now: emit the pending candidate (it waits for
   * continuation lines otherwise, so a followed file's last denial would show only with the next
   * line). Keeps a partial last line. Optional: only the line scanner needs it.
   */
  flush?(): void;
  /**
   * Export framing: after `end()`, a line saying that journal export data in the stream was
   * damaged (what it held was not checked), or null. Absent: the line scanner frames nothing.
   */
  damaged?(): string | null;
  /** Bytes and lines seen so far (a last line without newline counts after `end()`). */
  readonly bytes: number;
  readonly lines: number;
  /** Lines longer than MAX_LINE_BYTES, cut there: the rest of each was not scanned (absent: none). */
  readonly cutLines?: number;
  /**
   * The offset in the stream (as scanned: decompressed, decoded) of the first NUL byte of what was
   * read as text lines, or null. No text log holds one: UTF-16 or binary data was appended. Absent:
   * not looked for.
   */
  readonly nulAt?: number | null;
  /** With `--year`: the time of the stream's first `short` line, when one is among its first lines (short-from.ts). */
  readonly shortFrom?: number;
}
