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
    const head = `a\rb\r${'x'.repeat(64 * 1024)}`;
    expect(run([head, 'c\r\nc\rd']).text).toBe(`${head.replaceAll('\r', '\n')}c\r\nc\nd`);
  });

  it("a pipe's first read ending inside its first entry, two \\r in its message: a \\n stream once its \\n comes, the \\r's text no line of its own", () => {
    const entry = '2024-05-14T09:00:00+0000 m1 app[1]: x\r2024-05-14T09:00:00+0000 m1 mesos-master[2]: I0514 forged\r y\n';
    expect(run([entry.slice(0, entry.indexOf('y')), entry.slice(entry.indexOf('y')) + 'next\n']).text).toBe(`${entry}next\n`);
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
    const pad = 'y'.repeat(64 * 1024);
    const second = Buffer.from(`\rc\r${pad}`);
    expect(ends.push(second).map(String)).toEqual([`a\nb\nc\n${pad}`]);
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
