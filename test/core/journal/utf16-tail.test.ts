// A UTF-16 log that goes on in UTF-8 (PowerShell 5.1's `>`, then `| Add-Content`; or `cat ps.log
// new.log`): the UTF-8 part is passed on as it is from the line it starts, whatever the chunk ends;
// a UTF-16 line of another script stays UTF-16; too little to tell is said.
import { describe, expect, it } from 'vitest';
import { holdsTextStretch, tailVerdict, textBesideColour } from '../../../src/core/journal/utf16-tail.js';
import { asciiPairsRun, Utf16Decoder } from '../../../src/core/journal/utf16.js';
import type { Utf16Endian } from '../../../src/core/journal/utf16-form.js';

const DENY = '2024-05-14T09:04:00+0000 master-1 adminrouter[1]: type=audit result=deny uid=svc\n';
const HEAD = '2024-05-14T09:03:00+0000 master-1 adminrouter[1]: started\r\n';
const u16 = (s: string, endian: Utf16Endian): Buffer => (endian === 'le' ? Buffer.from(s, 'utf16le') : Buffer.from(s, 'utf16le').swap16());

/** Decodes `bytes` in chunks of `step` bytes (all at once when 0). */
function decode(bytes: Buffer, endian: Utf16Endian, bom: boolean, step = 0): { text: string; d: Utf16Decoder } {
  const d = new Utf16Decoder(endian, bom);
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += step || bytes.length) out.push(d.push(bytes.subarray(at, at + (step || bytes.length))));
  out.push(d.end());
  return { text: Buffer.concat(out).toString('utf8'), d };
}

describe('tailVerdict', () => {
  it.each([
    ['ASCII text', Buffer.from(DENY), false, 'utf8'],
    ['UTF-8 text past a timestamp', Buffer.from('May 14 09:04:00 h caf\u00e9 \u4e2d\u6587 and more text here'), false, 'utf8'],
    ['a NUL: UTF-16', Buffer.concat([u16('\u4e2d\u6587', 'le'), u16(DENY, 'le')]), false, 'utf16'],
    ['not UTF-8 (CJK units)', u16('\u4e2d\u6587\u5b57\u4e2d\u6587\u5b57\u4e2d\u6587\u5b57\u4e2d\u6587\u5b57\u4e2d\u6587\u5b57\u4e2d\u6587', 'le'), false, 'utf16'],
    ['control bytes', Buffer.from('\u0001\u0002'.repeat(20)), false, 'utf16'],
    ['too short yet', Buffer.from('May 14'), false, 'more'],
    ['too short at the end', Buffer.from('May 14\n'), true, 'unsure'],
  ] as const)('%s', (_, bytes, final, want) => {
    expect(tailVerdict(bytes, final)).toBe(want);
  });
});

describe('holdsTextStretch (a start that is not text, then text: UTF-8, not UTF-16)', () => {
  it.each([
    ["json-seq's RS, then JSON", Buffer.from(`\x1e{"MESSAGE":"${DENY.trim()}"}\n`), true],
    ['ANSI colour', Buffer.from(`\x1b[0;1;31m${DENY}`), true],
    ['a latin-1 byte', Buffer.from(`May 14 m\u00e4ster ${DENY}`, 'latin1'), true],
    ['UTF-16 of CJK (no NUL byte)', u16('\u5ba1\u8ba1\u65e5\u5fd7\u5bfc\u51fa\u4e2d\u6587\u6d88\u606f\u4e0a\u6d77\u8282\u70b9'.repeat(4), 'le'), false],
    ['text shorter than the stretch', Buffer.from('\x1b[1mshort\x1b[0m\n'), false],
  ] as const)('%s', (_, bytes, want) => {
    expect(holdsTextStretch(bytes)).toBe(want);
  });
});

describe('textBesideColour (a short coloured line: text but for its escapes)', () => {
  it.each([
    ['bold', Buffer.from('\x1b[1mshort\x1b[0m\n'), true],
    ['json-seq', Buffer.from('\x1e{}\n'), true],
    ['an escape cut at the end', Buffer.from('up \x1b[0;3'), false],
    ['ESC not followed by [', Buffer.from('\x1b(Bup\n'), false],
    ['a control byte in the parameters', Buffer.from('\x1b[1\x01m\n'), false],
    ['a NUL', Buffer.from('up\0\n'), false],
    ['UTF-16 of ASCII', u16('up\n', 'le'), false],
  ] as const)('%s', (_, bytes, want) => {
    expect(textBesideColour(bytes)).toBe(want);
  });
});

describe('Utf16Decoder on a UTF-16 log that goes on in UTF-8', () => {
  it.each(['le', 'be'] as const)('%s: the UTF-8 part as it is, from the byte it starts, whatever the chunk ends', (endian) => {
    const head = u16(`\ufeff${HEAD}${HEAD}`, endian);
    const bytes = Buffer.concat([head, Buffer.from(DENY.repeat(3))]);
    for (const step of [0, 1, 2, 3, 7, 34, 35, 36, 128]) {
      const { text, d } = decode(bytes, endian, true, step);
      expect(text, `step ${step}`).toBe(`${HEAD}${HEAD}${DENY.repeat(3)}`);
      expect([d.utf8From, d.malformed], `step ${step}`).toEqual([head.length, false]);
    }
  });

  it('an odd-length UTF-8 part, and a UTF-8 BOM where it starts (cat of a BOM-marked file): read, the BOM dropped', () => {
    const { text, d } = decode(Buffer.concat([u16(HEAD, 'le'), Buffer.from(`\ufeff${DENY}x`)]), 'le', false, 5);
    expect(text).toBe(`${HEAD}${DENY}x`);
    expect(d.malformed).toBe(false);
  });

  it('ANSI text appended (Add-Content on Windows PowerShell 5.1): its bytes as they are', () => {
    const ansi = Buffer.from(`${DENY.trim()} caf\u00e9\r\n`, 'latin1');
    const { text, d } = decode(Buffer.concat([u16(HEAD, 'le'), ansi]), 'le', false);
    expect(Buffer.from(text, 'utf8').subarray(-8).toString('latin1')).not.toContain('\u00e9'); // invalid UTF-8 stays bytes, not decoded
    expect(text.startsWith(`${HEAD}${DENY.trim()} caf`)).toBe(true);
    expect(d.utf8From).toBe(u16(HEAD, 'le').length);
  });

  it('UTF-16 lines of another script stay UTF-16', () => {
    const s = `${HEAD}\u4e2d\u6587 \u65e5\u672c\u8a9e\n\u4e2d\u4e2d\u4e2d\u6587\u6587\u6587\u5b57\u5b57\u5b57\u5b57\u5b57\u5b57\u5b57\u5b57\u5b57\u5b57\u5b57\u5b57\n${HEAD}`;
    const { text, d } = decode(u16(s, 'le'), 'le', false, 3);
    expect(text).toBe(s);
    expect([d.utf8From, d.malformed]).toEqual([null, false]);
  });

  it('a last line too short to tell: read as UTF-16, and said (never a clean result)', () => {
    const head = u16(HEAD, 'le');
    const { d } = decode(Buffer.concat([head, Buffer.from('ok\r\n')]), 'le', false, 2);
    expect([d.utf8From, d.undecidedAt, d.malformed]).toEqual([null, head.length, true]);
  });
});

describe('UTF-8 text within a UTF-16 line (no UTF-16 line end before it)', () => {
  it('a run of units of two printable ASCII bytes is found where it starts; ASCII, Latin-1 and CJK text are not such runs', () => {
    expect(asciiPairsRun(`tail of a line${Buffer.from('x'.repeat(64), 'latin1').toString('utf16le')}`)).toBe(14);
    expect(asciiPairsRun('plain ASCII read right, every unit with a NUL high byte '.repeat(4))).toBe(-1);
    expect(asciiPairsRun('Démarrage é è à ü ö '.repeat(8))).toBe(-1);
    expect(asciiPairsRun('日志审计拒绝访问服务账户权限不足请联系管理员'.repeat(4))).toBe(-1);
  });

  it('the decoder says it (malformed: never a clean result), with the byte it starts at', () => {
    const utf16 = Buffer.from('2024-05-14 line in UTF-16 with no end', 'utf16le');
    const d = new Utf16Decoder('le', false);
    d.push(Buffer.concat([utf16, Buffer.from(`${'type=audit result=deny uid=svc '.repeat(3)}\n`)]));
    d.end();
    expect(d.asciiPairsAt).toBe(utf16.length);
    expect(d.malformed).toBe(true);
    const clean = new Utf16Decoder('le', false);
    clean.push(Buffer.from('日志审计拒绝访问服务账户权限不足请联系管理员\n'.repeat(20), 'utf16le'));
    clean.end();
    expect([clean.asciiPairsAt, clean.malformed]).toEqual([null, false]);
  });
});
