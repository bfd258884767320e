import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { openSources } from '../../src/sources/index.js';
import { FILE_CHUNK } from '../../src/sources/file.js';
import { collect, progressLog, tempDir } from './helpers.js';
import { nth } from '../helpers/nth.js';

describe('stdin', () => {
  it('reads - from the given Readable, gunzipping by magic', async () => {
    // the real process.stdin is the default; the CLI e2e tests pipe into it
    const got = await collect(['-'], { stdin: Readable.from([gzipSync('a\nb\n')]) });
    expect(got).toEqual([expect.objectContaining({ kind: 'stream', label: 'stdin', text: 'a\nb\n', framing: 'lines', size: null })]);
  });

  it('hands out live input as it arrives, before the pipe ends', async () => {
    const input = new PassThrough();
    const ac = new AbortController();
    input.write('first line\n');
    const seen: string[] = [];
    for await (const item of openSources(['-'], { signal: ac.signal, year: null, stdin: input })) {
      if (!('chunks' in item)) throw new Error(item.message);
      for await (const c of item.chunks) {
        seen.push(c.toString());
        if (seen.length === 1) input.end('second line\n');
      }
    }
    expect(seen).toEqual(['first line\n', 'second line\n']);
  });

  it('refuses a zip on stdin and a second -', async () => {
    const zipHead = Buffer.from('PK\x03\x04restofzip', 'latin1');
    const got = await collect(['-', '-'], { stdin: Readable.from([zipHead]) });
    expect(got.map((g) => g.kind)).toEqual(['error', 'error']);
    expect(got[0]?.message).toMatch(/^stdin holds a zip archive .*cannot be read from stdin: save it to a file, then pass the file path/);
    expect(got[1]?.message).toMatch(/more than once/);
  });
});

describe('abort and big files', () => {
  const t = tempDir();
  const big = join(t.dir, 'big.log');
  beforeAll(() => {
    writeFileSync(big, Buffer.alloc(12 * 1024 * 1024 + 5, 0x61));
    writeFileSync(join(t.dir, 'long-line.log'), Buffer.alloc(10 * 1024 * 1024, 0x62));
  });
  afterAll(() => t.cleanup());

  it('reads in bounded chunks (FILE_CHUNK), a 10 MB line without newline included', async () => {
    const s = nth(await collect([join(t.dir, 'long-line.log')]), 0);
    expect(s.bytes).toBe(10 * 1024 * 1024);
    expect(Math.max(...s.chunkSizes!)).toBe(FILE_CHUNK);
    const b = nth(await collect([big]), 0);
    expect(b.chunkSizes!.slice(0, -1).every((n) => n === FILE_CHUNK)).toBe(true);
    expect(b.chunkSizes!.at(-1)).toBe(5);
  });

  it('stops mid-read on abort: no more chunks, no more streams, progress says aborted', async () => {
    const ac = new AbortController();
    const p = progressLog();
    const items = [];
    let chunks = 0;
    for await (const item of openSources([big, big], { signal: ac.signal, year: null, onProgress: p.onProgress })) {
      items.push(item);
      if (!('chunks' in item)) continue;
      for await (const _c of item.chunks) {
        chunks++;
        if (chunks === 2) ac.abort();
      }
    }
    expect(items).toHaveLength(1);
    expect(chunks).toBe(2);
    expect(p.log.at(-1)).toMatchObject({ state: 'failed', error: 'aborted' });
  });

  it('releases a stream the consumer skips', async () => {
    const seen: string[] = [];
    for await (const item of openSources([big, join(t.dir, 'long-line.log')], { signal: new AbortController().signal, year: null })) {
      if ('chunks' in item) seen.push(item.meta.label); // never iterated
    }
    expect(seen).toEqual([big, join(t.dir, 'long-line.log')]);
  });
});

describe('a consumer that stops early', () => {
  it('can leave a gzip stream from a live pipe that never ends, and the next source still comes', async () => {
    const t = tempDir();
    try {
      writeFileSync(join(t.dir, 'next.log'), 'next\n');
      const input = new PassThrough();
      const z = gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x61));
      input.write(z); // never ended
      const labels: string[] = [];
      for await (const item of openSources(['-', join(t.dir, 'next.log')], { signal: new AbortController().signal, year: null, stdin: input })) {
        if (!('chunks' in item)) throw new Error(item.message);
        labels.push(item.meta.label);
        for await (const _c of item.chunks) break;
      }
      expect(labels).toEqual(['stdin', join(t.dir, 'next.log')]);
      expect(input.destroyed).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});

describe('many sources on one signal', () => {
  it('does not pile up abort listeners (no MaxListenersExceededWarning)', async () => {
    const t = tempDir();
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 30; i++) writeFileSync(join(t.dir, `f${String(i).padStart(2, '0')}.gz`), gzipSync(`line ${i}\n`));
      const got = await collect([t.dir]);
      expect(got.filter((g) => g.kind === 'stream')).toHaveLength(30);
      await new Promise((r) => setImmediate(r));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      t.cleanup();
    }
  });
});
