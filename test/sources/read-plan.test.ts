// The read plan of big files (src/sources/read-plan.ts): the measurement's fallbacks, and the
// 128 KiB plan's pool keeping every chunk the scanner still holds valid.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChunkScanner } from '../../src/core/scanner/index.js';
import type { AuditEvent, Decision } from '../../src/core/types.js';
import { readAhead } from '../../src/pipeline/stream-feed.js';
import { FILE_CHUNK_LIFETIME, fileHandleChunks } from '../../src/sources/file.js';
import { ProgressReporter } from '../../src/sources/progress.js';
import { BIG_READS, calibrate, CALIBRATE_MIN_BYTES, SMALL_READS, type ReadPlan } from '../../src/sources/read-plan.js';
import { ar, noAuthNotice, plain } from '../pipeline/lines.js';
import { meta } from '../core/scanner/stubs.js';

const dir = mkdtempSync(join(tmpdir(), 'a2g-readplan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('calibrate', () => {
  it('reads small files with 1 MiB reads without measuring', () => {
    const f = join(dir, 'small.log');
    writeFileSync(f, 'x\n'.repeat(1000));
    const fd = openSync(f, 'r');
    try {
      expect(calibrate(fd, 2000)).toBe(BIG_READS);
      expect(calibrate(fd, CALIBRATE_MIN_BYTES - 1)).toBe(BIG_READS);
    } finally {
      closeSync(fd);
    }
  });

  it('measures a big file and picks one of the two plans, saying why', () => {
    const f = join(dir, 'sample.log');
    writeFileSync(f, Buffer.alloc(3 * 1024 * 1024, 0x61));
    const fd = openSync(f, 'r');
    try {
      // The size is what the caller saw at open; the measurement reads only the first 2 MiB.
      const plan = calibrate(fd, CALIBRATE_MIN_BYTES);
      expect([BIG_READS.chunk, SMALL_READS.chunk]).toContain(plan.chunk);
      expect(plan.why).toMatch(/1 MiB reads \d+ ms\/GB, 128 KiB reads \d+ ms\/GB/);
    } finally {
      closeSync(fd);
    }
  });

  it('falls back to 1 MiB reads when the file cannot be read', () => {
    expect(calibrate(-1, CALIBRATE_MIN_BYTES)).toBe(BIG_READS);
  });
});

describe('the pool of each plan', () => {
  // Unauthenticated denials explained by a notice ~200 KB earlier: the scanner looks back into
  // chunks it was given before (up to 256 KiB), which the pool must not have overwritten yet.
  function logText(): string {
    const lines: string[] = [];
    for (let k = 0; k < 12; k++) {
      lines.push(noAuthNotice(100 + k));
      for (let i = 0; i < 2600; i++) lines.push(plain(i)); // ~200 KB
      lines.push(ar({ uid: null, conn: 100 + k }), ar({ uid: `svc${k}`, conn: 500 + k }));
    }
    return lines.join('\n') + '\n';
  }

  async function scanWith(file: string, plan: ReadPlan, size: number): Promise<{ events: AuditEvent[]; chunks: number[] }> {
    const fh = await open(file, 'r');
    const events: AuditEvent[] = [];
    const chunks: number[] = [];
    const s = createChunkScanner(meta(), (e) => events.push(e));
    try {
      const progress = new ProgressReporter(file, size);
      for await (const c of readAhead(fileHandleChunks(fh, new AbortController().signal, progress, size, plan))) {
        chunks.push(c.length);
        s.push(c);
      }
      s.end();
    } finally {
      await fh.close();
    }
    return { events, chunks };
  }

  it.each([
    ['1 MiB reads, 3 in flight', BIG_READS],
    ['128 KiB reads, 8 in flight', SMALL_READS],
  ])('%s: the scan finds what a scan of the whole text finds', async (_name, plan) => {
    const text = logText();
    const f = join(dir, `plan-${plan.chunk}.log`);
    writeFileSync(f, text);
    const whole: AuditEvent[] = [];
    const ref = createChunkScanner(meta(), (e) => whole.push(e));
    ref.push(Buffer.from(text));
    ref.end();
    const { events, chunks } = await scanWith(f, plan, Buffer.byteLength(text));
    expect(Math.max(...chunks)).toBe(plan.chunk);
    expect(chunks.length).toBeGreaterThan(Buffer.byteLength(text) / plan.chunk);
    const causes = (evs: AuditEvent[]) => evs.filter((e): e is Decision => e.type === 'decision').map((d) => [d.uid, d.authCause]);
    expect(causes(events)).toEqual(causes(whole));
    expect(causes(events).filter(([, c]) => c === 'no token')).toHaveLength(12);
  });
});

describe('reads two slots at a time into the scan\'s own buffers', () => {
  const MiB = 1024 * 1024;
  /** Bytes that differ at every offset a chunk may start (a stale or shifted slot shows). */
  function content(size: number): Buffer {
    const b = Buffer.allocUnsafe(Math.ceil(size / 4) * 4);
    for (let i = 0; i < b.length; i += 4) b.writeUInt32LE(i, i);
    return b.subarray(0, size);
  }

  it.each([
    ['an even number of chunks', 16 * MiB],
    ['an odd number of chunks', 17 * MiB],
    ['a partial last chunk', 13.5 * MiB],
    ['one byte past a pair', 10 * MiB + 1],
  ])('%s: every byte once, in order, each chunk intact for FILE_CHUNK_LIFETIME further pulls', async (_name, size) => {
    const bytes = content(size);
    const f = join(dir, `paired-${size}.log`);
    writeFileSync(f, bytes);
    const fh = await open(f, 'r');
    let reads = 0;
    const counted = new Proxy(fh, {
      get(t, k) {
        const v = Reflect.get(t, k) as unknown;
        if (k === 'read') return (...a: unknown[]) => (reads++, (v as (...x: unknown[]) => unknown).apply(t, a));
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
    const held: { view: Buffer; copy: Buffer; at: number }[] = [];
    const sizes: number[] = [];
    let at = 0;
    try {
      for await (const c of fileHandleChunks(counted, new AbortController().signal, new ProgressReporter(f, size), size, BIG_READS, true)) {
        expect(c.equals(bytes.subarray(at, at + c.length))).toBe(true);
        held.push({ view: c, copy: Buffer.from(c), at });
        if (held.length > FILE_CHUNK_LIFETIME + 1) held.shift();
        for (const h of held) expect(h.view.equals(h.copy), `chunk at ${h.at} overwritten while held`).toBe(true);
        sizes.push(c.length);
        at += c.length;
      }
    } finally {
      await fh.close();
    }
    expect(at).toBe(size);
    expect(sizes.slice(0, -1).every((n) => n === BIG_READS.chunk)).toBe(true);
    // One read per two chunks (and the one that finds the end), not one per chunk.
    expect(reads).toBeLessThanOrEqual(Math.ceil(size / (2 * BIG_READS.chunk)) + 1);
  });
});
