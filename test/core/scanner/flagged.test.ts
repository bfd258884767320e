// The needle found from the blocks the line count flags (newlines.ts scanLines, needles.ts
// FlaggedHits) instead of searched byte by byte: the same lines as findPlain on text built to hit
// the edges (a `type=audit` cut by a block, a chunk or a line; `=a` decoys; heads before the range),
// and the same events from the scanner whether its chunks are in wasm memory or not.
import { describe, expect, it } from 'vitest';
import { createLineScanner } from '../../../src/core/scanner/chunks.js';
import { lineStartAt } from '../../../src/core/scanner/bytes.js';
import { findPlain, FlaggedHits, flaggedStart, NEEDLES, plainStart } from '../../../src/core/scanner/needles.js';
import { flagCostMs, scanBuffers, scanLines } from '../../../src/core/scanner/newlines.js';
import type { AuditEvent } from '../../../src/core/types.js';
import { meta, stubParsers } from './stubs.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
}

const PIECES = ['type=audit', 'type=audit', 'ype=audit', '=audit', 'type=a', '=a', 'authorizer=adminrouter', 'result=allow', 'typetype=audit', '\n', '\n', ' ', 'x'];

/** Text of `len` bytes: filler, newlines and the pieces above at random places. */
function text(seed: number, len: number): Buffer {
  const r = rng(seed);
  let s = '';
  while (s.length < len) s += r() < 0.3 ? PIECES[Math.floor(r() * PIECES.length)] : 'abcdefghij klmnopqrst'.slice(0, 1 + Math.floor(r() * 20));
  return Buffer.from(s.slice(0, len), 'latin1');
}

const TYPE_AUDIT = Buffer.from('type=audit');

/**
 * Starts of the lines holding a hit, scanning like chunks.ts (after a hit, on at the next line).
 * `start`: where the hit's `type=audit` starts by the finder's rule; it must be its line's first.
 */
function hitLines(seg: Buffer, next: (p: number) => number, start: (h: number) => number): number[] {
  const out: number[] = [];
  for (let p = 0; p < seg.length; ) {
    const h = next(p);
    if (h === -1) break;
    const ls = lineStartAt(seg, h);
    expect(seg.indexOf(TYPE_AUDIT, ls)).toBe(start(h));
    out.push(ls);
    const e = seg.indexOf(10, h);
    p = e === -1 ? seg.length : e + 1;
  }
  return out;
}

describe('FlaggedHits', () => {
  it('finds the lines findPlain finds, with every needle, at any range and offset in wasm memory, and where their first type=audit starts', () => {
    const [buf] = scanBuffers(1, 9000) ?? [];
    if (!buf) throw new Error('expected WebAssembly memory');
    let checked = 0;
    let hits = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const r = rng(seed * 7);
      const data = text(seed, 200 + Math.floor(r() * 8000));
      const off = Math.floor(r() * 17);
      data.copy(buf, off);
      const chunk = buf.subarray(off, off + data.length);
      const firstNL = chunk.indexOf(10);
      const lastNL = chunk.lastIndexOf(10);
      if (firstNL === -1 || lastNL <= firstNL) continue;
      const scan = scanLines(chunk, firstNL, lastNL + 1);
      const flagged = scan.flagged;
      if (!flagged) throw new Error('expected flagged blocks for a buffer in wasm memory');
      // The segment as the scanner cuts it: from 0 (no carried line) or after the first newline.
      const at = r() < 0.5 ? 0 : firstNL + 1;
      const seg = chunk.subarray(at, lastNL + 1);
      const needle = NEEDLES[seed % NEEDLES.length]!;
      const want = hitLines(seg, (p) => findPlain(seg, p, needle), (h) => plainStart(h, needle));
      const fh = new FlaggedHits(flagged, at);
      expect(hitLines(seg, (p) => fh.next(seg, p), flaggedStart)).toEqual(want);
      hits += want.length;
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
    expect(hits).toBeGreaterThan(5000);
  });
});

describe('the line scanner with chunks in wasm memory', () => {
  const AR = (i: number, uid: string) =>
    `2019-03-01T12:00:01+0000 m1 nginx[1240]: 2019/03/01 12:00:01 [notice] 1240#0: *${i} [lua] ee.lua:57: auditlog(): type=audit timestamp=2019-03-01T12:00:01Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.0.5 srcport=1 request_uri=/x uid=${uid}, client: 10.0.0.5, server: master.mesos, request: "GET /x HTTP/1.1", host: "10.0.0.1"`;

  function events(chunks: Buffer[], findWith: 'flags' | 'needle'): { events: string[]; lines: number } {
    const out: AuditEvent[] = [];
    const s = createLineScanner(meta(), (e) => out.push(e), stubParsers, [], false, findWith);
    for (const c of chunks) s.push(c);
    s.end();
    return { events: out.map((e) => (e.type === 'decision' ? `${e.result}:${e.uid}` : e.type)), lines: s.lines };
  }

  it('emits, finding lines from the flagged blocks, the events the needle search gives, whatever the chunk size', () => {
    const r = rng(99);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(r() < 0.2 ? AR(i, `svc${i % 7}`) : r() < 0.1 ? `2019-03-01T12:00:00+0000 m1 app[1]: name=a${i} type=a =audit` : `2019-03-01T12:00:00+0000 m1 systemd[1]: line ${i}`);
    const data = Buffer.from(lines.join('\n') + '\n');
    for (const size of [4096, 5000, 65536]) {
      const count = Math.ceil(data.length / size);
      // One buffer of wasm memory per chunk: the scanner keeps earlier chunks (its look-back).
      const pool = scanBuffers(count, size);
      if (!pool) throw new Error('expected WebAssembly memory');
      const plain: Buffer[] = [];
      const inWasm: Buffer[] = [];
      for (let i = 0; i < count; i++) {
        const piece = data.subarray(i * size, Math.min(data.length, (i + 1) * size));
        plain.push(Buffer.from(piece));
        const b = pool[i]!.subarray(0, piece.length);
        piece.copy(b);
        inWasm.push(b);
      }
      const got = events(inWasm, 'flags');
      const want = events(plain, 'needle');
      expect(want.events.filter((e) => e.startsWith('deny')).length).toBeGreaterThan(500);
      expect(got).toEqual(want);
    }
  });
});

describe('flagCostMs', () => {
  it('is a time for a buffer in wasm memory and Infinity for another (never flagged there)', () => {
    const [buf] = scanBuffers(1, 64 * 1024) ?? [];
    if (!buf) throw new Error('expected WebAssembly memory');
    buf.fill(0x61);
    expect(Number.isFinite(flagCostMs(buf, 0, buf.length))).toBe(true);
    expect(flagCostMs(Buffer.alloc(64 * 1024), 0, 64 * 1024)).toBe(Infinity);
  });
});
