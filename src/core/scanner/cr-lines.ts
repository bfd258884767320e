// Logs saved with old-Mac line ends (a lone `\r` between lines, no `\n`). The scanner splits at `\n`
// only, so such a file would be one line: "no audit line". This reads them as lines: a stream whose
// line ends are lone `\r`s gets each of them turned into `\n`, in a copy; every other stream
// (`\n`, `\r\n`) passes as it is, untouched and uncopied.
//
// Decided once, on the first chunk that holds a line break: one with a `\n` makes the stream a `\n`
// stream (CRLF included: the scanner drops a line's trailing `\r`); one with no `\n` but a `\r`
// followed by another byte makes it a `\r` stream. A first line break that is a chunk's last byte
// (`\r`, its next byte unknown) is held back until the next chunk says which it is.

const NL = 0x0a;
const CR = 0x0d;
/**
 * What the scanner may still read of a chunk once later ones come (ChunkScanner.push: its look-back
 * tail, 256 KiB, and a candidate's continuation lines, up to 1 MiB), with room: a copy's buffer is
 * written again only after this many later bytes. A fresh copy a chunk was garbage outside the heap
 * the collector saw late: 146 MB peak on a 654 MB file, against 77 MB for its `\n` copy.
 */
const HELD_BYTES = 4 * 1024 * 1024;
const NL_BUF = Buffer.from('\n');
const CR_BUF = Buffer.from('\r');

export class CrLineEnds {
  private mode: 'undecided' | 'lf' | 'cr' = 'undecided';
  /** A `\r` ending the previous chunk, not passed on yet (undecided streams only). */
  private held = false;
  /** Buffers for the copies, each free again once the stream is past `freeAt` bytes. */
  private pool: { buf: Buffer; freeAt: number }[] = [];
  private passed = 0;

  /** The chunks to scan for the next bytes of the stream (possibly none, possibly copies). */
  push(chunk: Buffer): Buffer[] {
    if (this.mode === 'lf') return [chunk];
    if (chunk.length === 0) return [];
    const out: Buffer[] = [];
    if (this.mode === 'undecided') {
      if (chunk.includes(NL)) {
        this.mode = 'lf';
        if (this.held) out.push(CR_BUF);
        this.held = false;
        out.push(chunk);
        return out;
      }
      const r = chunk.indexOf(CR);
      if (!this.held && (r === -1 || r === chunk.length - 1)) {
        if (r === -1) return [chunk];
        // Only a last `\r`: kept back until its next byte is known.
        this.held = true;
        return r > 0 ? [chunk.subarray(0, r)] : [];
      }
      this.mode = 'cr';
      if (this.held) out.push(NL_BUF);
      this.held = false;
    }
    out.push(toNewlines(chunk, this.bufferFor(chunk.length)));
    return out;
  }

  private bufferFor(n: number): Buffer {
    let slot = this.pool.find((s) => s.freeAt <= this.passed && s.buf.length >= n);
    if (!slot) this.pool.push((slot = { buf: Buffer.allocUnsafeSlow(Math.max(n, 1 << 20)), freeAt: 0 }));
    this.passed += n;
    slot.freeAt = this.passed + HELD_BYTES;
    return slot.buf.subarray(0, n);
  }

  /** What is still held back at the stream's end. */
  end(): Buffer[] {
    if (!this.held) return [];
    this.held = false;
    return [CR_BUF];
  }
}

/**
 * A copy of `chunk` with every `\r` not followed by `\n` as `\n`, a chunk's last byte included (so a
 * followed file's last line shows at once): a `\r\n` split between two chunks then adds an empty line.
 */
function toNewlines(chunk: Buffer, copy: Buffer): Buffer {
  chunk.copy(copy);
  for (let i = copy.indexOf(CR); i !== -1; i = copy.indexOf(CR, i + 1)) {
    if (copy[i + 1] !== NL) copy[i] = NL;
  }
  return copy;
}
