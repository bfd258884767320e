// One node's output → what its reader hands to the queue: whole lines only. In a merged stream
// (--follow) every node's pieces meet in one queue and the scanner reads them as one text, so a
// piece that ended inside a line would have the next node's piece completed into that line (its
// denial lost in a cut line, and the rest of the long line then read as a line of its own, which
// breaks the stream's json form for every node after it). A line over the cap is handed over as
// its first cap + 1 bytes and a lone `\n`, two pieces in a row (the scanner counts the cut from the
// first: core/scanner/carry.ts); the rest of it is dropped here as it comes, never buffered.
import { MAX_LINE_BYTES } from '../../core/types.js';

const NL = 0x0a;
const NL_BUF = Buffer.from('\n');

/** Pieces to push in one go, in order (together they end at a line's end), and the cursor of the last line among them. */
export interface Handover {
  pieces: Buffer[];
  cursor: string | null;
}

export class WholeLines {
  /** The line in the making (copies: a channel may reuse its buffers), at most `cap` bytes. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** The line in the making was cut and handed over: its rest is dropped up to its `\n`. */
  private skipping = false;

  constructor(
    private readonly cursorOf: (line: Buffer) => string | null,
    private readonly cap = MAX_LINE_BYTES,
  ) {}

  push(d: Buffer): Handover {
    const out: Handover = { pieces: [], cursor: null };
    let pos = 0;
    while (pos < d.length) {
      const nl = d.indexOf(NL, pos);
      if (this.skipping) {
        if (nl < 0) break;
        this.skipping = false;
        pos = nl + 1;
        continue;
      }
      if (nl < 0) {
        this.hold(d.subarray(pos), out);
        break;
      }
      if (this.partBytes + nl - pos > this.cap) {
        this.cut(d.subarray(pos, nl), out);
        pos = nl + 1;
        continue;
      }
      // The lines after this one can pass the cap only in a read longer than the cap (never one SSH
      // packet): then they are taken one at a time.
      const last = d.lastIndexOf(NL);
      const end = last - nl - 1 <= this.cap ? last : nl;
      this.give(d.subarray(pos, end + 1), out);
      pos = end + 1;
    }
    return out;
  }

  /** At a clean end of the command: a last line without its `\n` is whole. */
  end(): Handover {
    const out: Handover = { pieces: [], cursor: null };
    if (!this.skipping && this.partBytes > 0) this.give(NL_BUF, out);
    this.skipping = false;
    return out;
  }

  /** Whole lines (the held part first). */
  private give(lines: Buffer, out: Handover): void {
    const all = this.partBytes > 0 ? Buffer.concat([...this.parts, lines], this.partBytes + lines.length) : lines;
    this.parts = [];
    this.partBytes = 0;
    out.pieces.push(all);
    const lastStart = all.lastIndexOf(NL, all.length - 2) + 1;
    out.cursor = this.cursorOf(all.subarray(lastStart));
  }

  /** The start of a line, kept; cut as soon as it passes the cap. */
  private hold(piece: Buffer, out: Handover): void {
    this.parts.push(Buffer.from(piece.subarray(0, this.cap + 1 - this.partBytes)));
    this.partBytes += piece.length;
    if (this.partBytes > this.cap) {
      this.cut(Buffer.alloc(0), out);
      this.skipping = true;
    }
  }

  /**
   * The line so far plus `more` is over the cap: its first cap + 1 bytes, then its end. Its cursor
   * (`-o json` starts with it) is where a reconnect resumes: what was not handed over of it would
   * be dropped anyway.
   */
  private cut(more: Buffer, out: Handover): void {
    const head = Buffer.concat([...this.parts, more.subarray(0, Math.max(0, this.cap + 1 - this.partBytes))]);
    this.parts = [];
    this.partBytes = 0;
    out.pieces.push(head.subarray(0, this.cap + 1), NL_BUF);
    out.cursor = this.cursorOf(head);
  }
}
