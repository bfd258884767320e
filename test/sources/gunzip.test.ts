// gzip files read through the sources, member by member (src/sources/gunzip.ts): every byte the
// gzip data decompresses to comes out, whatever follows it, wherever the 1 MiB reads cut it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { constants, crc32, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import { collect, tempDir } from './helpers.js';
import { byteCount } from '../../src/sources/describe-error.js';
import { FILE_CHUNK } from '../../src/sources/file.js';

/** Text lines that deflate to about half their size (an LCG: the same bytes every run). */
function lines(bytes: number, seed = 1): Buffer {
  const out: string[] = [];
  let x = seed;
  for (let len = 0; len < bytes; ) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const l = `2019-03-01T12:00:00+0000 m1 nginx[1]: request ${x.toString(16)}${(x * 7).toString(36)}\n`;
    out.push(l);
    len += l.length;
  }
  return Buffer.from(out.join(''));
}

/** One member whose name pads it so that its deflate data ends exactly `end` bytes into the file. */
function memberEndingAt(content: Buffer, end: number): Buffer {
  const deflated = deflateRawSync(content);
  const name = Buffer.alloc(end - deflated.length - 11, 'n');
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(content), 0);
  trailer.writeUInt32LE(content.length, 4);
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3]), name, Buffer.from([0]), deflated, trailer]);
}

const JUNK = Buffer.from('garbage');
const trailingText = (file: string, decompressed: number, junk: number): string =>
  `${file}: its gzip data decompressed to ${byteCount(decompressed)}, all scanned; the ${byteCount(junk)} after it are not gzip and were not scanned (gzip -d ignores them too; tail -c ${junk} shows them)`;

describe('gzip input, member by member', () => {
  const t = tempDir();
  const at = (name: string): string => join(t.dir, name);
  const big = lines(3 * 1024 * 1024);
  const part = lines(1500 * 1024, 7); // deflates to less than 1 MiB: room for a padding name
  beforeAll(() => {
    writeFileSync(at('junk.gz'), Buffer.concat([gzipSync(big), JUNK]));
    writeFileSync(at('junk-at-read-boundary.gz'), Buffer.concat([memberEndingAt(part, FILE_CHUNK - 8), JUNK]));
    writeFileSync(at('trailer-at-read-boundary.gz'), Buffer.concat([memberEndingAt(part, FILE_CHUNK), JUNK]));
    writeFileSync(at('zero-padded.gz'), Buffer.concat([gzipSync(big), Buffer.alloc(4096)]));
    writeFileSync(at('zeros-then-junk.gz'), Buffer.concat([gzipSync('a\n'), Buffer.alloc(10), Buffer.from('x')]));
    writeFileSync(at('members-then-junk.gz'), Buffer.concat([gzipSync(big), gzipSync('second\n'), JUNK]));
    writeFileSync(at('many-members.gz'), Buffer.concat(Array.from({ length: 3000 }, (_, i) => gzipSync(`line ${i}\n`))));
    const whole = gzipSync(big);
    writeFileSync(at('cut-mid.gz'), whole.subarray(0, whole.length >> 1));
    writeFileSync(at('cut-in-trailer.gz'), whole.subarray(0, whole.length - 3));
    const second = gzipSync('second\n');
    second.writeUInt32LE(second.readUInt32LE(second.length - 8) ^ 1, second.length - 8);
    writeFileSync(at('bad-crc.gz'), Buffer.concat([gzipSync('first\n'), second]));
  });
  afterAll(() => t.cleanup());

  it('bytes after the gzip data: every decompressed byte (the last chunk too), then a warning with the counts', async () => {
    const got = await collect([at('junk.gz')]);
    expect(got.map((g) => g.kind)).toEqual(['stream', 'error']);
    expect(got[0]?.text === big.toString('latin1')).toBe(true);
    expect(got[1]).toMatchObject({ incomplete: 'gzip-trailing-bytes', message: trailingText(at('junk.gz'), big.length, JUNK.length) });
  });

  it.each([
    ['the bytes after it start a 1 MiB read', 'junk-at-read-boundary.gz'],
    ['its trailer starts a 1 MiB read', 'trailer-at-read-boundary.gz'],
  ])('a member whose end meets a read boundary (%s): all of it, then the warning', async (_what, name) => {
    const got = await collect([at(name)]);
    expect(got[0]?.text === part.toString('latin1')).toBe(true);
    expect(got[1]).toMatchObject({ incomplete: 'gzip-trailing-bytes', message: trailingText(at(name), part.length, JUNK.length) });
  });

  it('zeros after the last member are padding (as gzip -d): no warning; zeros then other bytes all count', async () => {
    const got = await collect([at('zero-padded.gz'), at('zeros-then-junk.gz')]);
    expect(got.map((g) => g.kind)).toEqual(['stream', 'stream', 'error']);
    expect(got[0]?.bytes).toBe(big.length);
    expect(got[1]?.text).toBe('a\n');
    expect(got[2]).toMatchObject({ incomplete: 'gzip-trailing-bytes', message: trailingText(at('zeros-then-junk.gz'), 2, 11) });
  });

  it('several members: all of them, then the bytes after the last', async () => {
    const [stream, warning] = await collect([at('members-then-junk.gz')]);
    expect(stream?.text === `${big.toString('latin1')}second\n`).toBe(true);
    expect(warning?.message).toBe(trailingText(at('members-then-junk.gz'), big.length + 7, JUNK.length));
  });

  it('3000 members: every one, no warning', async () => {
    const got = await collect([at('many-members.gz')]);
    expect(got).toHaveLength(1);
    expect(got[0]?.text).toBe(Array.from({ length: 3000 }, (_, i) => `line ${i}\n`).join(''));
  });

  it('cut mid-stream: exactly what zlib can decode before the cut, then a truncated-gzip error with that count', async () => {
    const cut = gunzipSync(gzipSync(big).subarray(0, gzipSync(big).length >> 1), { finishFlush: constants.Z_SYNC_FLUSH });
    const got = await collect([at('cut-mid.gz')]);
    expect(got.map((g) => g.kind)).toEqual(['stream', 'error']);
    expect(got[0]?.bytes).toBe(cut.length);
    expect(got[0]?.text === cut.toString('latin1')).toBe(true);
    expect(got[1]?.incomplete).toBeUndefined();
    expect(got[1]?.message).toBe(
      `truncated gzip: ${at('cut-mid.gz')} ends before the end of its compressed data (the ${byteCount(cut.length)} decompressed before the cut were scanned; copy the file again to read the rest)`,
    );
  });

  it('cut in the trailer: all the data, then the truncated-gzip error', async () => {
    const got = await collect([at('cut-in-trailer.gz')]);
    expect(got[0]?.bytes).toBe(big.length);
    expect(got[1]?.message).toMatch(new RegExp(`^truncated gzip: .*the ${big.length} bytes .* decompressed before the cut were scanned`));
  });

  it('a member whose CRC does not match: the error, after the data (as zlib)', async () => {
    const got = await collect([at('bad-crc.gz')]);
    expect(got[0]?.text).toBe('first\nsecond\n');
    expect(got[1]?.message).toBe(`corrupt gzip data in ${at('bad-crc.gz')}: incorrect data check (the 13 bytes decompressed before the damage was found were scanned)`);
  });

  it.each([
    ['0x1f 0x00', [0x1f, 0x00]],
    ['a lone 0x1f', [0x1f]],
  ])('after a member, %s (the magic only begun) is trailing bytes, counted', async (_what, bytes) => {
    const stdin = Readable.from([Buffer.concat([gzipSync('one\n'), Buffer.from(bytes)])]);
    const got = await collect(['-'], { stdin });
    expect(got[0]?.text).toBe('one\n');
    expect(got[1]).toMatchObject({ incomplete: 'gzip-trailing-bytes', message: expect.stringContaining(`the ${byteCount(bytes.length)} after it`) });
  });

  it('through a pipe (stdin) the same: the data, then the warning', async () => {
    const stdin = Readable.from([gzipSync('one\n'), Buffer.concat([gzipSync('two\n'), JUNK])]);
    const got = await collect(['-'], { stdin });
    expect(got[0]?.text).toBe('one\ntwo\n');
    expect(got[1]).toMatchObject({ label: 'stdin', incomplete: 'gzip-trailing-bytes', message: trailingText('stdin', 8, JUNK.length) });
  });
});
