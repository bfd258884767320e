// The gzip member framing (RFC 1952) read in gzip-member.ts: header lengths with every optional
// field, headers cut anywhere, what zlib refuses, trailers, and what may follow a member.
import { describe, expect, it } from 'vitest';
import { crc32, gzipSync } from 'node:zlib';
import { allZero, checkTrailer, readHeader } from '../../src/sources/gzip-member.js';

const crc = (b: Buffer): number => crc32(b);

/** A header with the given flags and fields (FHCRC computed as gzip writes it). */
function header(o: { extra?: Buffer; name?: string; comment?: string; hcrc?: boolean; flags?: number }): Buffer {
  const flags = (o.extra ? 4 : 0) | (o.name !== undefined ? 8 : 0) | (o.comment !== undefined ? 16 : 0) | (o.hcrc ? 2 : 0) | (o.flags ?? 0);
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3])];
  if (o.extra) parts.push(Buffer.from([o.extra.length & 0xff, o.extra.length >> 8]), o.extra);
  if (o.name !== undefined) parts.push(Buffer.from(`${o.name}\0`, 'latin1'));
  if (o.comment !== undefined) parts.push(Buffer.from(`${o.comment}\0`, 'latin1'));
  const head = Buffer.concat(parts);
  if (!o.hcrc) return head;
  const sum = Buffer.alloc(2);
  sum.writeUInt16LE(crc32(head) & 0xffff);
  return Buffer.concat([head, sum]);
}

describe('readHeader', () => {
  it.each([
    ['plain (zlib.gzipSync)', gzipSync('x').subarray(0, 10)],
    ['FEXTRA', header({ extra: Buffer.from('AB\x02\x00hi') })],
    ['FNAME', header({ name: 'audit.log' })],
    ['FCOMMENT', header({ comment: 'rotated' })],
    ['all of them and FHCRC', header({ extra: Buffer.from('xyz'), name: 'n', comment: 'c', hcrc: true })],
  ])('%s: its exact length, and null for every cut before its end', (_what, head) => {
    const member = Buffer.concat([head, Buffer.from([3, 0])]); // what follows is not read
    expect(readHeader(member, crc)).toEqual({ length: head.length });
    for (let cut = 0; cut < head.length; cut++) expect(readHeader(head.subarray(0, cut), crc)).toBeNull();
  });

  it.each([
    ['not gzip', Buffer.from('garbage!!!!!'), 'incorrect header check'],
    ['not gzip, one byte', Buffer.from('g'), 'incorrect header check'],
    ['another method', Buffer.from([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 3]), 'unknown compression method'],
    ['reserved flags', header({ flags: 0x20 }), 'unknown header flags set'],
  ])('%s: refused in zlib words', (_what, buf, why) => {
    expect(readHeader(buf, crc)).toEqual({ bad: why });
  });

  it('a header CRC that does not match is refused', () => {
    const head = header({ name: 'n', hcrc: true });
    head.writeUInt8(head.readUInt8(head.length - 1) ^ 0xff, head.length - 1);
    expect(readHeader(head, crc)).toEqual({ bad: 'header crc mismatch' });
  });
});

describe('after a member', () => {
  it('the trailer: CRC-32 then the size mod 2^32', () => {
    const data = Buffer.from('hello\n');
    const gz = gzipSync(data);
    const trailer = gz.subarray(gz.length - 8);
    expect(checkTrailer(trailer, crc32(data), data.length)).toBeNull();
    expect(checkTrailer(trailer, crc32(data) ^ 1, data.length)).toBe('incorrect data check');
    expect(checkTrailer(trailer, crc32(data), data.length + 1)).toBe('incorrect length check');
    const big = Buffer.alloc(8);
    big.writeUInt32LE(5, 4);
    expect(checkTrailer(big, 0, 2 ** 32 + 5)).toBeNull();
  });

  it('zeros alone are padding, wherever a non-zero byte hides', () => {
    expect(allZero(Buffer.alloc(200_000))).toBe(true);
    for (const at of [0, 65_535, 65_536, 199_999]) {
      const b = Buffer.alloc(200_000);
      b[at] = 1;
      expect(allZero(b)).toBe(false);
    }
  });
});
