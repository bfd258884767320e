// Is this journal output at all? A source with no audit line is either a quiet journal or not a
// log (a README, /etc/passwd, a binary, an empty pipe): only the first is a verdict. A few whole
// lines per chunk are read with the real envelope parser until one of them is journal output.
import type { StreamMeta } from '../types.js';
import { parseLine } from './line.js';
import { decodeBytes } from './utf8.js';

const NL = 0x0a;

/** The bytes of a UTF-8 BOM at the start of `b` (an editor's save): 3, else 0. Saved files are read past it. */
export const bomLength = (b: Uint8Array): 0 | 3 => (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0);
/** Enough of a line for any envelope (a json line is judged by its start when cut: see below). */
const LINE_CAP = 4096;
const META: StreamMeta = { label: '', host: null, unit: null, envelope: null, year: 2000 };

/**
 * Whether one of the first `maxLines` whole lines of `chunk` is journalctl output of a known form:
 * an envelope other than `cat` (which is any text), a journalctl header line (`-- No entries --`),
 * or a json object that names journal fields. `partialStart`: the chunk starts inside a line (a
 * later chunk of the stream): skip to the first line start.
 */
export function hasJournalLine(chunk: Buffer, partialStart: boolean, maxLines = 32): boolean {
  let p = partialStart ? chunk.indexOf(NL) + 1 : 0;
  if (partialStart && p === 0) return false;
  for (let n = 0; n < maxLines && p < chunk.length; n++) {
    let e = chunk.indexOf(NL, p);
    if (e === -1) e = chunk.length;
    if (e > p) {
      const line = decodeBytes(chunk, p, Math.min(e, p + LINE_CAP));
      const r = parseLine(line, META);
      // `bad` is a json object naming MESSAGE or __CURSOR that did not parse (e.g. cut here).
      if (r.kind === 'bad' || (r.kind === 'entry' && r.entry.envelope !== 'cat')) return true;
      if (r.kind === 'header' && line.trim() !== '') return true;
    }
    p = e + 1;
  }
  return false;
}

const COMPRESSED: readonly Buffer[] = [
  Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), // xz
  Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), // zstd
  Buffer.from('BZh'), // bzip2
  Buffer.from([0x04, 0x22, 0x4d, 0x18]), // lz4
  Buffer.from([0x1f, 0x8b]), // gzip (read by the sources when named .gz; here it was not)
];

/** Whether a stream's first chunk is data no text reader can take: a NUL byte (UTF-32, binaries; UTF-16 is decoded before: utf16.ts) or a compressor's magic. */
export function looksBinary(chunk: Buffer): boolean {
  if (COMPRESSED.some((m) => chunk.length >= m.length && chunk.subarray(0, m.length).equals(m))) return true;
  return chunk.subarray(0, 8192).includes(0);
}
