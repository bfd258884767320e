// The `?` overlay drawn by ink at real sizes: in columns, every key's description and every screen's
// title shows whole (wrapped inside its column, never cut with "…"), and no line is wider than the
// terminal.
import { afterEach, describe, expect, it } from 'vitest';
import { HelpOverlay } from '../../src/ui/components/HelpOverlay.js';
import { helpView, LEGEND, type HelpView } from '../../src/ui/help-view.js';
import { HELP } from '../../src/ui/keys.js';
import { mount } from './harness.js';

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

const words = (lines: readonly string[]) => lines.join(' ').replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');

/** The frame read column by column (as a reader does: down one column, then the next), each in one line of words. */
function columnsRead(frame: string, view: HelpView): string[] {
  if (view.kind !== 'columns') throw new Error(`not in columns: ${JSON.stringify(view)}`);
  const left = view.border ? 2 : 0;
  const rows = frame.split('\n');
  return view.cols.map((_, i) => words(rows.map((r) => [...r].slice(left + i * view.colW, left + (i + 1) * view.colW).join(''))));
}

/** The help of a `cols` × `rows` loop (its middle: the terminal less the header, status line, key bar and the free line). */
function drawn(cols: number, rows: number) {
  const height = rows - 6;
  const view = helpView({ width: cols, height, why: [], offset: 0 });
  const m = mount(<HelpOverlay view={view} height={height} />, { cols, rows });
  unmounts.push(m.unmount);
  return { view, frame: m.frame() };
}

describe('the help in columns, drawn', () => {
  for (const [cols, rows] of [
    [80, 24],
    [100, 30],
    [72, 30],
    [60, 50],
    [84, 40],
  ] as const) {
    it(`at ${cols}x${rows}: each screen shown has its title and every key's description whole; no line wider`, () => {
      const { view, frame } = drawn(cols, rows);
      // A border only where there is room for it (84x40 of these).
      expect(view).toMatchObject({ kind: 'columns', border: cols === 84 });
      const read = columnsRead(frame, view).join(' ');
      // The screens laid out: those whose title's first line is in the view.
      const titles = view.kind === 'columns' ? view.cols.flat().filter((l) => l.style === 'title') : [];
      const shown = HELP.filter((s) => titles.some((t) => t.text && s.title.startsWith(t.text)));
      // At least every screen the key bar does not stand in for.
      for (const s of HELP) if (!s.optional && !s.inKeyBar) expect(shown).toContain(s);
      for (const s of shown) {
        expect(read).toContain(s.title);
        for (const l of s.lines) expect(read).toContain(`${l.label} ${l.help}`);
      }
      expect(frame).not.toContain('…');
      for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(cols);
    });
  }

  it('at 120x40, with no room under the columns, the legend is drawn whole at the foot of the last one', () => {
    const { view, frame } = drawn(120, 40);
    expect(view).toMatchObject({ kind: 'columns', legend: [] });
    const read = columnsRead(frame, view);
    for (const l of LEGEND) expect(read.at(-1)).toContain(l);
    expect(frame).not.toContain('…');
  });
});
