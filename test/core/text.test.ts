import { describe, expect, it } from 'vitest';
import { safeText } from '../../src/core/text.js';

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
