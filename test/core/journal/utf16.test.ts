// UTF-16 told from a stream's first bytes, and decoded to UTF-8 chunk by chunk: the same bytes
// whatever the chunk ends, malformed input counted (never thrown).
import { describe, expect, it, vi } from 'vitest';
import { Utf16Decoder } from '../../../src/core/journal/utf16.js';
import { utf16Form, type Utf16Endian } from '../../../src/core/journal/utf16-form.js';

const LINE = '2024-05-14T09:04:00+0000 master-1 adminrouter[1]: type=audit result=deny uid=svc\r\n';
const le = (s: string): Buffer => Buffer.from(s, 'utf16le');
const be = (s: string): Buffer => le(s).swap16();

/** Decodes `bytes` fed in chunks cut at `cuts`. */
function decode(bytes: Buffer, endian: Utf16Endian, bom: boolean, cuts: number[] = []): { text: Buffer; d: Utf16Decoder } {
  const d = new Utf16Decoder(endian, bom);
  const out: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(d.push(bytes.subarray(at, cut)));
    at = cut;
  }
  out.push(d.end());
  return { text: Buffer.concat(out), d };
}

describe('utf16Form', () => {
  it.each([
    ['LE with a BOM', le(`\ufeff${LINE}`), { endian: 'le', bom: true }],
    ['BE with a BOM', be(`\ufeff${LINE}`), { endian: 'be', bom: true }],
    ['LE without a BOM', le(LINE), { endian: 'le', bom: false }],
    ['BE without a BOM', be(LINE), { endian: 'be', bom: false }],
    ['a BOM alone', le('\ufeff'), { endian: 'le', bom: true }],
    ['UTF-8', Buffer.from(LINE), null],
    ['UTF-8 with a BOM', Buffer.from(`\ufeff${LINE}`), null],
    ["UTF-32LE's BOM", Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), null],
    ['a NUL character among the units', Buffer.concat([le('abcd'), Buffer.from([0, 0]), le(LINE)]), null],
    ['too few units to tell', le('ab\n'), null],
    ['binary: NULs, but small numbers, not text', Buffer.from([0x7f, 0, 1, 0, 2, 0, 3, 0, 0x61, 0, 0x62, 0]), null],
    ['json-seq (RS first), no BOM', le('\u001e{"a":1}\n'), { endian: 'le', bom: false }],
    ['mostly non-ASCII units', le('ab\u0410\u0411\u0412\u0413\u0414\u0415'), null],
    ['LE, no BOM, a CJK first line', le(`\u5ba1\u8ba1\u65e5\u5fd7\u4e0a\u6d77\n${LINE}`), { endian: 'le', bom: false }],
    ['BE, no BOM, a CJK first line', be(`\u5ba1\u8ba1\u65e5\u5fd7\u4e0a\u6d77\n${LINE}`), { endian: 'be', bom: false }],
    ['CJK only, a line end late in the sample', le(`${'\u6d88\u606f'.repeat(500)}\n`), { endian: 'le', bom: false }],
    ['CJK with no line end nor type=audit', le('\u6d88\u606f'.repeat(500)), null],
    ['UTF-8 CJK text (no NUL byte)', Buffer.from(`\u5ba1\u8ba1\u65e5\u5fd7\n${LINE}`), null],
    ['a UTF-8 line, then UTF-16LE appended', Buffer.concat([Buffer.from(LINE), le(LINE)]), null],
    ['UTF-32LE without a BOM', Buffer.from(Array.from(LINE).flatMap((c) => [c.charCodeAt(0), 0, 0, 0])), null],
    ['binary with a UTF-16 line end: a control unit', Buffer.from([0x41, 0x42, 0x0a, 0x00, 0x05, 0x00, 0x43, 0x44, 0x45, 0x46]), null],
    ['binary with a UTF-16 line end: a lone surrogate', Buffer.from([0x41, 0x42, 0x0a, 0x00, 0x00, 0xdc, 0x43, 0x44, 0x45, 0x46]), null],
  ])('%s', (_, bytes, form) => {
    expect(utf16Form(bytes)).toEqual(form);
  });
});

describe('Utf16Decoder', () => {
  const text = `${LINE}caf\u00e9 \u{1f600} \u4e2d\u6587\n${LINE}`;
  it.each(['le', 'be'] as const)('%s: the UTF-8 of the text whatever the chunk ends (surrogate pairs and the BOM cut too)', (endian) => {
    const bytes = (endian === 'le' ? le : be)(`\ufeff${text}`);
    for (let cut = 1; cut < bytes.length; cut++) {
      const { text: got, d } = decode(bytes, endian, true, [cut]);
      expect(got.toString('utf8')).toBe(text);
      expect(d.malformed).toBe(false);
    }
    // one byte at a time
    const { text: got } = decode(bytes, endian, true, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1));
    expect(got.toString('utf8')).toBe(text);
  });

  it('lone surrogates: each U+FFFD, counted, a chunk end between them or not', () => {
    const bytes = Buffer.concat([le('a'), Buffer.from([0x00, 0xd8]), le('b'), Buffer.from([0x00, 0xdc]), le('c\n'), Buffer.from([0x3d, 0xd8])]);
    for (const cuts of [[], [3], [4], [6]]) {
      const { text: got, d } = decode(bytes, 'le', false, cuts);
      expect(got.toString('utf8')).toBe('a\ufffdb\ufffdc\n\ufffd');
      expect([d.loneSurrogates, d.oddLength]).toEqual([3, false]);
    }
  });

  it('a chunk of lone surrogates: counted with no array of them built (40 MB of them took 4 s and 160 MB)', () => {
    const match = vi.spyOn(String.prototype, 'match');
    const bytes = Buffer.concat([Buffer.alloc(1 << 20, Buffer.from([0x00, 0xd8])), le('\ud83d\ude00\udc00')]);
    const { d } = decode(bytes, 'le', false, [1 << 19]);
    expect(match).not.toHaveBeenCalled();
    match.mockRestore();
    expect(d.loneSurrogates).toBe((1 << 19) + 1);
  });

  it('an odd length: the last byte dropped and said', () => {
    const { text: got, d } = decode(Buffer.concat([be('ab\n'), Buffer.from([0x00])]), 'be', false, [5]);
    expect(got.toString('utf8')).toBe('ab\n');
    expect([d.loneSurrogates, d.oddLength, d.malformed]).toEqual([0, true, true]);
  });

  it('leaves the chunks it was given as they were (a source reuses its buffers)', () => {
    const bytes = be(`\ufeff${text}`);
    const copy = Buffer.from(bytes);
    decode(bytes, 'be', true, [7, 100]);
    expect(bytes.equals(copy)).toBe(true);
  });
});
