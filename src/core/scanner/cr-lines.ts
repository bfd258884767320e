// Logs saved with old-Mac line ends (a lone `\r` between lines, no `\n`). The scanner splits at `\n`
// only, so such a file would be one line: "no audit line". This reads them as lines: a stream whose
// line ends are lone `\r`s gets each of them turned into `\n`; every other stream (`\n`, `\r\n`)
// passes as it is, untouched.
//
// Decided once: a `\n` makes the stream a `\n` stream (CRLF included: the scanner drops a line's
// trailing `\r`); UNDECIDED_MAX bytes with no `\n` and two lone `\r`s in them make it a `\r` stream
// (one could be a stray byte inside a message), as does its end with one. Until then what came is
// kept back (copied: a source may reuse its buffers) and passed on once it is known; past that, with
// fewer lone `\r`s, the stream is a `\n` one. Not sooner: a pipe's first read may end inside its
// first entry, whose message may hold `\r`s a client chose, and a `\r` stream would make the text
// between them lines of their own, envelopes included. A `\r` stream's chunks are converted in
// place: each is the stream's own, read for this scan, and a copy each was garbage the collector
// saw late (146 MB peak on a 654 MB file, against 77 MB for its `\n` copy).

const NL = 0x0a;
const CR = 0x0d;
/** Bytes kept back while the line ends are not known: a `\n` log shows one in its first line (journald's LineMax: 48 KiB). */
const UNDECIDED_MAX = 64 * 1024;

export class CrLineEnds {
  private mode: 'undecided' | 'lf' | 'cr' = 'undecided';
  /** What came while undecided (copies), and the `\r`s in it: all lone, as none of it holds a `\n`. */
  private kept: Buffer[] = [];
  private keptBytes = 0;
  private crs = 0;

  /** The chunks to scan for the next bytes of the stream (possibly none). */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length === 0) return [];
    if (this.mode === 'lf') return [chunk];
    if (this.mode === 'cr') return [toNewlines(chunk)];
    if (chunk.includes(NL)) return this.decide('lf', chunk);
    this.kept.push(Buffer.from(chunk));
    this.keptBytes += chunk.length;
    this.crs += countCrs(chunk);
    return this.keptBytes > UNDECIDED_MAX ? this.decide(this.crs >= 2 ? 'cr' : 'lf', null) : [];
  }

  /** What is still kept back at the stream's end: a `\r` stream if it holds a lone `\r`. */
  end(): Buffer[] {
    if (this.mode !== 'undecided') return [];
    return this.decide(this.crs > 0 ? 'cr' : 'lf', null);
  }

  private decide(mode: 'lf' | 'cr', chunk: Buffer | null): Buffer[] {
    this.mode = mode;
    const out = [...this.kept, ...(chunk ? [chunk] : [])];
    this.kept = [];
    this.keptBytes = 0;
    return mode === 'cr' ? [toNewlines(Buffer.concat(out))] : out;
  }
}

function countCrs(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(CR); i !== -1; i = b.indexOf(CR, i + 1)) n++;
  return n;
}

/**
 * `chunk` with every `\r` not followed by `\n` turned into `\n`, in place, a chunk's last byte
 * included (so a followed file's last line shows at once): a `\r\n` split between two chunks then
 * adds an empty line.
 */
function toNewlines(chunk: Buffer): Buffer {
  for (let i = chunk.indexOf(CR); i !== -1; i = chunk.indexOf(CR, i + 1)) if (chunk[i + 1] !== NL) chunk[i] = NL;
  return chunk;
}
