import { describe, expect, it } from 'vitest';
import { asciiLine, asciiText, safeText } from '../../src/core/text.js';

describe('safeText', () => {
  it.each([
    ['a newline and an escape', 'a\nb\x1b[2J', 'a\\x0ab\\x1b[2J'],
    ['a bidi override', 'x\u202etxt', 'x\\u202etxt'],
    ['a zero-width space, a word joiner, a BOM, a soft hyphen', 'sand\u200bbox\u2060-\ufeffsvc\u00ad', 'sand\\u200bbox\\u2060-\\ufeffsvc\\xad'],
    ['a combining accent', 'svc\u0301', 'svc\\u0301'],
    ['a tag character (outside the BMP)', 'svc\u{e0041}', 'svc\\u{e0041}'],
    ['plain text and visible non-ASCII', 'dcos:service:marathon:/é-ü', 'dcos:service:marathon:/é-ü'],
  ])('%s', (_what, text, want) => {
    expect(safeText(text)).toBe(want);
  });
});

describe('asciiText (ids) and asciiLine (a log line naming ids)', () => {
  it.each([
    ['a real rid, unchanged', 'dcos:service:marathon:marathon:services:/prod-payments', 'dcos:service:marathon:marathon:services:/prod-payments'],
    ['a non-breaking hyphen', '/prod\u2011payments', '/prod\\u2011payments'],
    ['a Cyrillic a', 'c\u0430ssandra', 'c\\u0430ssandra'],
    ['a visible accent (safeText leaves it)', 'caf\u00e9', 'caf\\xe9'],
    ['outside the BMP', 'x\u{1d5ba}', 'x\\u{1d5ba}'],
    ['a space (never in an id: it would pass for the gap before the action)', 'dcos:x full', 'dcos:x\\x20full'],
    ['a backslash, doubled: the text \\u2011 never looks like the character', 'a\\u2011b', 'a\\\\u2011b'],
    ['control and format characters, as safeText', 'x\u202e\n', 'x\\u202e\\x0a'],
  ])('%s', (_what, text, want) => {
    expect(asciiText(text)).toBe(want);
  });

  it('keeps one id one form: different ids never show the same', () => {
    const ids = ['a\u2011b', 'a\\u2011b', 'a-b', 'a b', 'a\\x20b', 'a\\\\u2011b'];
    expect(new Set(ids.map(asciiText)).size).toBe(ids.length);
  });

  it('asciiLine keeps spaces and backslashes, escapes the rest', () => {
    expect(asciiLine('uid=svc rid=/prod\u2011payments \\x')).toBe('uid=svc rid=/prod\\u2011payments \\x');
  });
});
