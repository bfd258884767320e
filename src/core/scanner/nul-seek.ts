// Where a text stream's first NUL byte is. No text log holds one: from there on, what is read as
// lines is UTF-16 or binary data appended to the log (PowerShell 5.1's `>>` appends UTF-16LE to a
// UTF-8 file), still scanned, but not as written: the scan says so. The line count flags NUL bytes
// in the bytes it counts (newlines.ts, one SIMD instruction per 16 bytes); the few bytes around it
// (a chunk's first and last partial lines) are searched here. Nothing is looked for once one is found.

export class NulSeek {
  /** The first NUL byte's offset in the stream, or null. */
  at: number | null = null;

  /**
   * A chunk at stream offset `base` whose bytes [from, to) the line count read (`flagged`: it saw
   * a NUL there); every other byte of it is searched. Called in stream order.
   */
  chunk(chunk: Buffer, base: number, from: number, to: number, flagged: boolean): void {
    if (this.at !== null) return;
    this.search(chunk, base, 0, from);
    if (flagged) this.search(chunk, base, from, to);
    this.search(chunk, base, to, chunk.length);
  }

  private search(chunk: Buffer, base: number, from: number, to: number): void {
    if (this.at !== null || from >= to) return;
    const i = chunk.subarray(from, to).indexOf(0);
    if (i !== -1) this.at = base + from + i;
  }
}
