// A slow pipe's first read may be shorter than a BOM or the BOM-less sample, or than a magic
// number: decode() waits for more before it tells UTF-16 (up to the sample or the end) or a gzip or
// export stream, and only then; UTF-8 text is told at once.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePipe, trickle } from '../helpers/trickle.js';
import { utf16, type Utf16Kind } from '../helpers/utf16.js';
import { ar } from '../pipeline/lines.js';

const TEXT = `${ar({})}\n${ar({ uid: 'svc2' })}\n`;

/** `bytes` read as a pipe that gives its first `n` bytes, then the rest. */
const pipe = (bytes: Buffer, n: number) => trickle(bytes, n);

/** What decode() makes of the pipe; `waited`: it asked for the rest before it returned. */
async function read(p: ReturnType<typeof pipe>): Promise<{ text: string; note: string | undefined; waited: boolean }> {
  const got = await decodePipe(p);
  if (got.error !== null) throw new Error(got.error);
  return { text: got.text, note: got.note, waited: got.pulledFirst > 1 };
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
    const got = await read(pipe(Buffer.from(TEXT), TEXT.indexOf('\n') + 1));
    expect([got.text, got.note, got.waited]).toEqual([TEXT, undefined, false]);
  });

  it('a short UTF-8 first line is told too (a whole line, no NUL byte); two bytes are not (UTF-16 of CJK may start so)', async () => {
    const short = `-- No entries --\n${TEXT}`;
    expect((await read(pipe(Buffer.from(short), 17))).waited).toBe(false);
    expect((await read(pipe(Buffer.from(short), 2))).waited).toBe(true);
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
    const got = await decodePipe(pipe(Buffer.from(`__CURSOR=s=1\n__REALTIME_TIMESTAMP=1\nMESSAGE=x\n\n`.replace('__CURSOR', head.startsWith('__R') ? '__REALTIME_TIMESTAMP' : '__CURSOR')), head.length));
    expect(got.framing).toBe('export');
  });

  it('text that starts like none of them: told from the first read (a live pipe does not wait)', async () => {
    // A whole line: part of one may still be UTF-16 (above), or a tar member's name (tar-head.ts).
    const text = `2024-05-14T09:00:00+0000 ${TEXT}`;
    const got = await read(pipe(Buffer.from(text), text.indexOf('\n') + 1));
    expect(got.waited).toBe(false);
  });
});
