// A slow pipe's first read may be shorter than a BOM or the BOM-less sample, or than a magic
// number: decode() waits for more before it tells UTF-16 (up to the sample or the end) or a gzip or
// export stream, and only then; UTF-8 text is told at once.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { peek } from '../../src/sources/chunks.js';
import { decode } from '../../src/sources/decode.js';
import { isOpened } from '../../src/sources/opened.js';
import { ProgressReporter } from '../../src/sources/progress.js';
import { utf16, type Utf16Kind } from '../helpers/utf16.js';
import { ar } from '../pipeline/lines.js';

const TEXT = `${ar({})}\n${ar({ uid: 'svc2' })}\n`;
const meta = { label: 'stdin', host: null, unit: null, envelope: null, year: null, writtenAt: null };

/** `bytes` read as a pipe that gives its first `n` bytes, then the rest; `pulled` says whether the rest was asked for. */
function pipe(bytes: Buffer, n: number): { chunks: AsyncGenerator<Buffer>; pulled: () => boolean } {
  let pulled = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    yield bytes.subarray(0, n);
    pulled = true;
    yield bytes.subarray(n);
  }
  return { chunks: chunks(), pulled: () => pulled };
}

/** What decode() makes of the pipe; `waited`: it asked for the rest before it returned. */
async function read(p: ReturnType<typeof pipe>): Promise<{ text: string; note: string | undefined; waited: boolean }> {
  const opened = await decode({ peeked: await peek(p.chunks), meta, name: 'stdin', size: null, progress: new ProgressReporter('stdin', null), close: async () => undefined, signal: new AbortController().signal, where: 'stdin' });
  if (!isOpened(opened)) throw new Error(opened.message);
  const waited = p.pulled();
  const out: Buffer[] = [];
  for await (const c of opened.chunks) out.push(Buffer.from(c));
  return { text: Buffer.concat(out).toString('utf8'), note: opened.note, waited };
}

describe('a UTF-16 pipe whose first read is short', () => {
  it.each<[Utf16Kind, number]>([
    ['le-bom', 1],
    ['be-bom', 1],
    ['le-bom', 3], // FF FE and one byte: UTF-32LE's BOM is FF FE 00 00
    ['le', 1],
    ['be', 7],
    ['le', 100],
  ])('%s, %i bytes first: decoded', async (kind, n) => {
    const got = await read(pipe(utf16(TEXT, kind), n));
    expect(got.text).toBe(TEXT);
    expect(got.note).toMatch(/^stdin is UTF-16(LE|BE) /);
  });

  it("UTF-32LE's BOM cut after FF FE 00: not taken for UTF-16's", async () => {
    const got = await read(pipe(Buffer.from('\ufeffab\n'.split('').map((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8, 0, 0]).flat()), 3));
    expect(got.note).toBeUndefined();
  });

  it('UTF-8: told from the first read, the next one not waited for (a live pipe)', async () => {
    const got = await read(pipe(Buffer.from(TEXT), 2));
    expect([got.text, got.note, got.waited]).toEqual([TEXT, undefined, false]);
  });
});

describe('a pipe whose first read is part of a magic number or of export', () => {
  it.each([1, 2, 5])('a gzip member, %i byte(s) first: gunzipped, not read as text', async (n) => {
    const got = await read(pipe(gzipSync(TEXT), n));
    expect(got.text).toBe(TEXT);
  });

  it('a UTF-8 BOM cut after one byte, then text: the BOM is waited for, the text read as it is', async () => {
    const got = await read(pipe(Buffer.from(`\ufeff${TEXT}`), 1));
    expect(got.waited).toBe(true);
    expect(got.text).toBe(`\ufeff${TEXT}`);
  });

  it.each(['_', '__CUR', '__REALTIME_TIMEST'])('export text whose first read is %j: read to its first field before it is told', async (head) => {
    const opened = await decode({ peeked: await peek(pipe(Buffer.from(`__CURSOR=s=1\n__REALTIME_TIMESTAMP=1\nMESSAGE=x\n\n`.replace('__CURSOR', head.startsWith('__R') ? '__REALTIME_TIMESTAMP' : '__CURSOR')), head.length).chunks), meta, name: 'stdin', size: null, progress: new ProgressReporter('stdin', null), close: async () => undefined, signal: new AbortController().signal, where: 'stdin' });
    if (!isOpened(opened)) throw new Error(opened.message);
    expect(opened.framing).toBe('export');
  });

  it('text that starts like none of them: told from the first read (a live pipe does not wait)', async () => {
    // Two bytes: one ASCII byte alone may still be UTF-16's first unit (above).
    const got = await read(pipe(Buffer.from(`2024-05-14T09:00:00+0000 ${TEXT}`), 2));
    expect(got.waited).toBe(false);
  });
});
