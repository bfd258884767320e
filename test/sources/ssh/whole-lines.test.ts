// What a node's reader hands to the queue: whole lines, however the channel splits them, and a line
// over the cap as its head plus a lone `\n` (a small cap here; the real one is MAX_LINE_BYTES).
import { describe, expect, it } from 'vitest';
import { WholeLines, type Handover } from '../../../src/sources/ssh/whole-lines.js';

const CAP = 16;
/** The cursor of a test line `c=NAME …`. */
const cursorOf = (line: Buffer): string | null => /^c=(\w+)/.exec(line.toString('latin1'))?.[1] ?? null;
const framer = (): WholeLines => new WholeLines(cursorOf, CAP);
const text = (hs: Handover[]): string[] => hs.flatMap((h) => h.pieces.map((p) => p.toString('latin1')));

/** Every way of cutting `input` at the given offsets, each read's handover. */
function feed(input: string, cuts: number[]): Handover[] {
  const f = framer();
  const out: Handover[] = [];
  let at = 0;
  for (const c of [...cuts, input.length]) {
    out.push(f.push(Buffer.from(input.slice(at, c), 'latin1')));
    at = c;
  }
  out.push(f.end());
  return out;
}

const LONG = `c=long ${'x'.repeat(40)}`;
const INPUT = `c=a short\n${LONG}\nc=b after\nc=c last`;
const WANT = `c=a short\n${LONG.slice(0, CAP + 1)}\nc=b after\nc=c last\n`;

describe('WholeLines', () => {
  it('each read hands over pieces that end at a line end, wherever the channel cut', () => {
    for (let i = 1; i < INPUT.length; i++) {
      for (const cuts of [[i], [i, Math.min(INPUT.length, i + 7)], Array.from({ length: INPUT.length }, (_, k) => k).filter((k) => k > 0 && k % i === 0)]) {
        const hs = feed(INPUT, cuts);
        expect(text(hs).join(''), `cuts ${cuts.join(',')}`).toBe(WANT);
        for (const h of hs) if (h.pieces.length) expect(h.pieces.at(-1)!.at(-1), `cuts ${cuts.join(',')}`).toBe(0x0a);
      }
    }
  });

  it('a line over the cap: its first cap + 1 bytes, then a lone newline, as two pieces (the scanner counts the cut from the first)', () => {
    const f = framer();
    const h = f.push(Buffer.from(`${LONG.slice(0, 20)}`));
    expect(text([h])).toEqual([LONG.slice(0, CAP + 1), '\n']);
    // Its rest is dropped as it comes, up to its end; the next line is whole.
    expect(text([f.push(Buffer.from('x'.repeat(30)))])).toEqual([]);
    expect(text([f.push(Buffer.from('xx\nc=b after\n'))])).toEqual(['c=b after\n']);
    // A line of exactly the cap is whole, however it came.
    const exact = `c=e ${'y'.repeat(CAP - 4)}`;
    expect(text([f.push(Buffer.from(exact)), f.push(Buffer.from('\n'))])).toEqual([`${exact}\n`]);
  });

  it('a read longer than the cap with an over-cap line inside: cut there too', () => {
    const hs = feed(`c=a 1\n${LONG}\nc=b 2\n${LONG}\n${LONG}\nc=c 3\n`, []);
    expect(text(hs).join('')).toBe(`c=a 1\n${LONG.slice(0, CAP + 1)}\nc=b 2\n${LONG.slice(0, CAP + 1)}\n${LONG.slice(0, CAP + 1)}\nc=c 3\n`);
  });

  it("the cursor is the last handed-over line's, a cut line's included (its rest is dropped anyway)", () => {
    const f = framer();
    expect(f.push(Buffer.from('c=a 1\nc=b 2\nc=z par')).cursor).toBe('b');
    expect(f.push(Buffer.from('tial\n')).cursor).toBe('z');
    expect(f.push(Buffer.from('c=d 4\nc=e ')).cursor).toBe('d');
    expect(f.push(Buffer.from('x'.repeat(20))).cursor).toBe('e');
    expect(f.push(Buffer.from('yy')).cursor).toBe(null);
  });

  it('at the end: a last line without its newline is completed; the rest of a cut line is not', () => {
    const f = framer();
    f.push(Buffer.from('c=a 1\nc=b 2'));
    expect(text([f.end()])).toEqual(['c=b 2\n']);
    const g = framer();
    g.push(Buffer.from(LONG));
    expect(text([g.end()])).toEqual([]);
  });

  it('keeps copies of a partial line (a channel may reuse its buffer)', () => {
    const f = framer();
    const b = Buffer.from('c=a par');
    f.push(b);
    b.fill(0x3f);
    expect(text([f.push(Buffer.from('tial\n'))])).toEqual(['c=a partial\n']);
  });
});
