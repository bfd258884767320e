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
    expect(run(['a\rb\rc', '\r\nc\rd']).text).toBe('a\nb\nc\r\nc\nd');
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

  it('copies what it keeps back (a source may reuse its buffers), then converts in place', () => {
    const ends = new CrLineEnds();
    const first = Buffer.from('a\rb');
    expect(ends.push(first)).toEqual([]);
    const second = Buffer.from('\rc\r');
    expect(ends.push(second).map(String)).toEqual(['a\nb\nc\n']);
    expect(first.toString()).toBe('a\rb');
    const third = Buffer.from('d\re');
    expect(ends.push(third)[0]).toBe(third);
    expect(third.toString()).toBe('d\ne');
  });

  it('one lone \\r is not enough while a \\n may still come, but is at the end, or with another', () => {
    expect(run(['a\rb', 'c\nd\re']).text).toBe('a\rbc\nd\re');
    expect(run(['abc\r']).text).toBe('abc\n');
    expect(run(['x'.repeat(70 * 1024), 'a\rb\rc']).text).toBe(`${'x'.repeat(70 * 1024)}a\rb\rc`);
  });

  it('keeps a text without any line break, and one ending in its only \\r, as it was', () => {
    expect(run(['abc', 'def']).text).toBe('abcdef');
    expect(run(['\r']).parts.every((p) => p.length > 0)).toBe(true);
  });

  it('decides on the first line break: a \\n in the first chunk that has one keeps later lone \\r', () => {
    expect(run(['no break yet ', 'a\nb\rc']).text).toBe('no break yet a\nb\rc');
    expect(run(['no break yet ', 'a\rb\nc\rd']).text).toBe('no break yet a\rb\nc\rd');
  });
});
