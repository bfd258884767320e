// Lone `\r` line ends read as lines (src/core/scanner/cr-lines.ts): a `\r` stream becomes a `\n`
// one, whatever its chunks; `\n` and `\r\n` streams pass as they are.
import { describe, expect, it } from 'vitest';
import { CrLineEnds } from '../../../src/core/scanner/cr-lines.js';

/** What the scanner is given for `chunks`, joined, and the parts it was given. */
function run(chunks: readonly string[]): { text: string; parts: Buffer[] } {
  const ends = new CrLineEnds();
  const parts = [...chunks.flatMap((c) => ends.push(Buffer.from(c, 'latin1'))), ...ends.end()];
  return { text: Buffer.concat(parts).toString('latin1'), parts };
}

/** Every way to cut `text` into up to three chunks. */
function splits(text: string): string[][] {
  const out: string[][] = [[text]];
  for (let i = 1; i < text.length; i++) {
    out.push([text.slice(0, i), text.slice(i)]);
    for (let j = i + 1; j < text.length; j++) out.push([text.slice(0, i), text.slice(i, j), text.slice(j)]);
  }
  return out;
}

const CR_ONLY = 'May 14 a: type=audit x\rMay 14 b: y\r\rMay 14 c: z\r';

describe('CrLineEnds', () => {
  it('reads a lone-\\r stream as \\n lines, however it is cut into chunks', () => {
    for (const chunks of splits(CR_ONLY)) expect(run(chunks).text, JSON.stringify(chunks)).toBe(CR_ONLY.replaceAll('\r', '\n'));
  });

  it('keeps a \\r\\n in a lone-\\r stream (one line end, not two)', () => {
    expect(run(['a\rb', '\r\nc\rd']).text).toBe('a\nb\r\nc\nd');
  });

  it.each([
    ['\\n', 'a: type=audit x\nb: y\r z\nc\n'],
    ['\\r\\n', 'a: type=audit x\r\nb: y\r\n\r\nc\r\n'],
    ['\\r\\n, a lone \\r in a later line', 'a\r\nb: y\rz\r\n'],
  ])('passes a %s stream unchanged, however it is cut into chunks', (_what, text) => {
    for (const chunks of splits(text)) expect(run(chunks).text, JSON.stringify(chunks)).toBe(text);
  });

  it('passes the chunks of a \\n stream themselves (no copy)', () => {
    const ends = new CrLineEnds();
    const a = Buffer.from('a\r\nb');
    const b = Buffer.from('\rc');
    expect(ends.push(a)[0]).toBe(a);
    expect(ends.push(b)[0]).toBe(b);
  });

  it('leaves the chunks it was given as they were (a source may reuse them)', () => {
    const chunk = Buffer.from('a\rb\r');
    expect(new CrLineEnds().push(chunk).map(String)).toEqual(['a\nb\n']);
    expect(chunk.toString()).toBe('a\rb\r');
  });

  it('keeps a text without any line break, and one ending in its only \\r, as it was', () => {
    expect(run(['abc', 'def']).text).toBe('abcdef');
    expect(run(['abc\r']).text).toBe('abc\r');
    expect(run(['\r']).parts.every((p) => p.length > 0)).toBe(true);
  });

  it('decides on the first line break: a \\n in the first chunk that has one keeps later lone \\r', () => {
    expect(run(['no break yet ', 'a\nb\rc']).text).toBe('no break yet a\nb\rc');
    expect(run(['no break yet ', 'a\rb\nc\rd']).text).toBe('no break yet a\rb\nc\rd');
    expect(run(['a\rb', 'c\nd\re']).text).toBe('a\nbc\nd\ne');
  });
});
