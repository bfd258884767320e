// The partial last line of a chunk, kept until the next chunk completes it. Its bytes are copied
// (a source may reuse a chunk's buffer once push returns) into one buffer that grows by doubling
// and passes, whole, to the completed line: one copy of a long line, not two (a copy per piece,
// then a concat). With 1 MiB lines every line is carried, and the second copy was ~1 MB of
// garbage per line (docs/benchmarks.md, "Hostile long lines").
import { MAX_LINE_BYTES } from '../types.js';

const NL_BUF = Buffer.from('\n');
/** Room for a whole capped line and its `\n`. */
const MOST = MAX_LINE_BYTES + 1;

export class LineCarry {
  private buf: Buffer | null = null;
  private len = 0;
  /** Lines cut at the cap so far: what lay past it was never scanned (the verdict says so). */
  cutLines = 0;
  /** The carried line has been cut already (counted once). */
  private cut = false;

  get length(): number {
    return this.len;
  }

  /** The carried line's first byte (undefined when none is carried). */
  get first(): number | undefined {
    return this.len > 0 ? this.buf![0] : undefined;
  }

  /** Keep `b` (a copy), up to MAX_LINE_BYTES in all: beyond, it is dropped and the line is cut. */
  append(b: Buffer): void {
    const room = Math.max(0, MAX_LINE_BYTES - this.len);
    if (b.length > room) this.markCut();
    this.put(b.subarray(0, room));
  }

  /** The carried bytes completed by `head` (which ends with `\n`), capped at MAX_LINE_BYTES + `\n`. */
  take(head: Buffer): Buffer {
    const room = MAX_LINE_BYTES - this.len;
    if (head.length > room + 1) {
      this.markCut();
      this.put(head.subarray(0, room));
      this.put(NL_BUF);
    } else this.put(head);
    return this.takeAll();
  }

  /** The carried bytes as they are (the stream's last line without its `\n`), leaving none. */
  takeAll(): Buffer {
    const line = this.buf === null ? Buffer.alloc(0) : this.buf.subarray(0, this.len);
    this.buf = null; // the line owns it now: the next carry starts a new buffer
    this.len = 0;
    this.cut = false;
    return line;
  }

  private markCut(): void {
    if (!this.cut) this.cutLines++;
    this.cut = true;
  }

  /** Copy `b` in, growing the buffer by doubling (never past MOST: callers cap what they put). */
  private put(b: Buffer): void {
    if (b.length === 0) return;
    const need = this.len + b.length;
    if (this.buf === null || need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.min(MOST, Math.max(need * 2, 256)));
      if (this.buf !== null) this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    b.copy(this.buf, this.len);
    this.len = need;
  }
}
