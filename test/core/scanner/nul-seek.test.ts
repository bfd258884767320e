// The scanner's first NUL byte (chunks.ts nulAt, nul-seek.ts): the stream's own offset whatever
// the chunks' ends (a NUL in a chunk's first partial line, its counted body, its last partial line,
// a chunk without a newline), in plain buffers and in wasm memory, after a BOM; lines holding NUL
// bytes still scanned. Export streams: NULs of binary fields are no sign, NULs of text after the
// export data are.
import { describe, expect, it } from 'vitest';
import { createChunkScanner } from '../../../src/core/scanner/scanner.js';
import { createLineScanner } from '../../../src/core/scanner/chunks.js';
import { scanBuffers } from '../../../src/core/scanner/newlines.js';
import type { AuditEvent } from '../../../src/core/types.js';
import { meta, stubParsers } from './stubs.js';

const DENY = (i: number) =>
  `2019-03-01T12:00:01+0000 m2 mesos-master[3708]: I0410 02:38:24.752534  3708 logfmt.cpp:178] type=audit uid="svc${i}" object="dcos:mesos:master:framework:role:r${i}" action="create" result=deny`;
const UTF8 = Array.from({ length: 40 }, (_, i) => DENY(i)).join('\n') + '\n';
/** A UTF-16LE tail with CRLF line ends, as PowerShell 5.1's `>>` appends it. */
const UTF16 = Buffer.from(Array.from({ length: 20 }, (_, i) => DENY(100 + i)).join('\r\n') + '\r\n', 'utf16le');

const pool = scanBuffers(4, 1 << 16) ?? [];

/** `flags`: `type=audit` found from the blocks the count flags (the count's `scan` function), not the needle. */
function run(chunks: Buffer[], framing: 'lines' | 'export' | 'flags' = 'lines'): { nulAt: number | null; events: AuditEvent[]; bytes: number } {
  const events: AuditEvent[] = [];
  const sink = (e: AuditEvent): number => events.push(e);
  const s = framing === 'flags' ? createLineScanner(meta(), sink, stubParsers, [], false, 'flags') : createChunkScanner(meta(), sink, { framing, parsers: stubParsers });
  for (const c of chunks) s.push(c);
  s.end();
  return { nulAt: s.nulAt ?? null, events, bytes: s.bytes };
}

/** `data` cut at `cuts`, each piece copied into a buffer of wasm memory of its own when `inPlace` (the file source's). */
function pieces(data: Buffer, cuts: number[], inPlace: boolean): Buffer[] {
  const ends = [...cuts, data.length];
  if (inPlace) expect(pool.length).toBeGreaterThanOrEqual(ends.length);
  return ends.map((end, i) => {
    const piece = data.subarray(i === 0 ? 0 : ends[i - 1], end);
    const buf = inPlace ? pool[i] : undefined;
    if (!buf) return Buffer.from(piece);
    piece.copy(buf);
    return buf.subarray(0, piece.length);
  });
}

describe('a text stream’s first NUL byte', () => {
  const data = Buffer.concat([Buffer.from(UTF8), UTF16]);
  const first = data.indexOf(0);

  it('is found at its offset wherever the chunks end, in plain buffers and in wasm memory', () => {
    // Cuts before, at and after it, by one byte: the NUL in a first partial line, a body, a last partial line.
    const around = Array.from({ length: 80 }, (_, i) => first - 40 + i);
    for (const inPlace of [false, true]) {
      for (const cut of [1, 500, UTF8.length - 1, UTF8.length, ...around, data.length - 1]) {
        expect(run(pieces(data, [cut], inPlace)).nulAt, `cut ${cut}`).toBe(first);
        if (inPlace) expect(run(pieces(data, [cut], inPlace), 'flags').nulAt, `flags, cut ${cut}`).toBe(first);
      }
      // A chunk without any newline holding it (a long line cut in three).
      expect(run(pieces(data, [first - 3, first + 3], inPlace)).nulAt).toBe(first);
      // Small chunks: every NUL lies at a chunk's edge or inside a piece without a newline.
    }
    const small = Array.from({ length: Math.floor(data.length / 7) }, (_, i) => (i + 1) * 7);
    expect(run(pieces(data, small, false)).nulAt).toBe(first);
  });

  it('is none in a UTF-8 log, and counted past a UTF-8 BOM', () => {
    expect(run([Buffer.from(UTF8)]).nulAt).toBeNull();
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), data]);
    expect(run(pieces(bom, [2, 900], false)).nulAt).toBe(first + 3);
  });

  it('is the first one when there are NULs in several chunks', () => {
    const bin = Buffer.concat([Buffer.from(UTF8), Buffer.from([0x41, 0, 0x0a]), Buffer.from(UTF8), Buffer.from([0, 0, 0])]);
    for (const cut of [10, UTF8.length + 2, UTF8.length + 3, bin.length - 2]) expect(run(pieces(bin, [cut], false)).nulAt).toBe(UTF8.length + 1);
  });

  it('leaves the lines around it scanned as before', () => {
    const withNul = run(pieces(data, [first + 1], false));
    const denied = withNul.events.filter((e) => e.type !== 'malformed').length;
    expect(denied).toBe(40); // the UTF-8 part's denials; the UTF-16 part reads as no line of a known form
  });
});

describe('export streams', () => {
  const entry = (i: number) => `__CURSOR=s=${i}\n__REALTIME_TIMESTAMP=1551441600000000\n_HOSTNAME=m1\nSYSLOG_IDENTIFIER=nginx\n`;
  const binaryField = (v: Buffer) => {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(v.length));
    return Buffer.concat([Buffer.from('MESSAGE\n'), len, v, Buffer.from('\n')]);
  };
  const exp = Buffer.concat([Buffer.from(entry(1)), binaryField(Buffer.from('a\0b\nc')), Buffer.from('\n'), Buffer.from(entry(2)), Buffer.from('MESSAGE=hi\n\n')]);

  it('NULs of binary fields (their data and lengths) are no sign', () => {
    expect(exp.includes(0)).toBe(true);
    expect(run([exp], 'export').nulAt).toBeNull();
    const text = Buffer.concat([exp, Buffer.from(UTF8)]);
    expect(run([text], 'export').nulAt).toBeNull();
  });

  it('a NUL of the text after the export data is, at its offset in the stream', () => {
    const data = Buffer.concat([exp, Buffer.from(UTF8), UTF16]);
    const at = exp.length + UTF8.length + 1;
    for (const cut of [10, exp.length - 1, exp.length + 5, at, at + 1]) expect(run(pieces(data, [cut], false), 'export').nulAt, `cut ${cut}`).toBe(at);
  });
});
