// The `?` overlay's content and layout without a terminal: why each failed batch failed, in the
// batch's own words, and a help too tall for the space scrolled, never cut off.
import { describe, expect, it } from 'vitest';
import { STOPPED_BEFORE, type FailedBatch } from '../../src/core/session/index.js';
import { helpView, whyLines, HELP_CLOSE, LEGEND, type HelpScroll, type HelpText, type HelpView } from '../../src/ui/help-view.js';
import { HELP } from '../../src/ui/keys.js';
import { finding, result } from '../core/session/helpers.js';

/** Lines read one after the other, as one line of words. */
const words = (lines: readonly HelpText[]) => lines.map((l) => (l.label ?? '') + l.text).join(' ').replace(/\s+/g, ' ');

/** The lines as the overlay draws them (the columns side by side, each padded to its width), without the border. */
function drawn(v: HelpView): string[] {
  if (v.kind === 'scroll') return v.lines.map((l) => (l.label ?? '') + l.text);
  const rows = Math.max(0, ...v.cols.map((c) => c.length));
  const side = Array.from({ length: rows }, (_, i) => v.cols.map((c) => ((c[i]?.label ?? '') + (c[i]?.text ?? '')).padEnd(v.colW)).join('').trimEnd());
  return [...v.why, ...side, ...(v.legend.length ? ['', ...v.legend] : []), ...(v.close ? [HELP_CLOSE] : [])];
}

const A = finding('dcos:mesos:master:framework:role:a', 'create');
const B = finding('dcos:mesos:master:framework:role:b', 'create');

describe('why a batch failed', () => {
  it('one reason, with the pairs an earlier error left unsent', () => {
    const b: FailedBatch = { n: 2, cause: 'token expired', failed: [result(A, 'failed', 'token expired')], stopped: 2, total: 3 };
    expect(whyLines([b]).map((l) => l.text)).toEqual([`why batch 2 failed: token expired (2 more pair(s) ${STOPPED_BEFORE})`]);
  });

  it('reasons that differ: each pair with its own, and how many of the batch failed', () => {
    const b: FailedBatch = { n: 1, cause: null, failed: [result(A, 'failed', 'x'), result(B, 'refused', 'y\u001b[2J')], stopped: 0, total: 4 };
    expect(whyLines([b])).toEqual([
      { text: 'why batch 1 failed (2 of 4 pair(s)):', indent: 0 },
      { text: `cassandra-sa ${A.rid} create: x`, indent: 2 },
      // The IAM's words are shown terminal-safe.
      { text: expect.not.stringContaining('\u001b') as unknown as string, indent: 2 },
    ]);
  });
});

describe('the help at any size', () => {
  const cause = 'the cluster refused the auth token from DCOS_ACS_TOKEN (401: expired or invalid)';
  const why = whyLines([{ n: 1, cause, failed: [result(A, 'failed', cause)], stopped: 0, total: 1 }]);

  it('too tall for the space: one column, scrolled, with what is above and below; every line reachable, none wider', () => {
    const seen = new Set<string>();
    let v = helpView({ width: 40, height: 6, why, offset: 0 }) as HelpScroll;
    expect(v.kind).toBe('scroll');
    expect(v.more).toMatch(/^↓ \d+ more line\(s\) below/);
    // A page at a time to the last line.
    for (let offset = 0; ; offset = Math.min(v.max, offset + v.page)) {
      v = helpView({ width: 40, height: 6, why, offset }) as HelpScroll;
      for (const l of v.lines) {
        expect(((l.label ?? '') + l.text).length).toBeLessThanOrEqual(40);
        seen.add(l.text);
      }
      if (offset === v.max) break;
    }
    expect(v.more).toMatch(/^↑ \d+ line\(s\) above \(↑↓ scroll\)$/);
    const all = [...seen].join(' ').replace(/\s+/g, ' ');
    expect(all).toContain('why batch 1 failed:');
    for (const s of HELP) expect(all).toContain(s.title.split(' ')[0]);
    expect(all).toContain('wait for the pair in flight, quit'); // wrapped, not cut
    // Past the end is the end.
    expect(helpView({ width: 40, height: 6, why, offset: 999 })).toMatchObject({ offset: v.max });
  });

  it('on 80x24 (a middle of 18): two columns of every key but the key bar\'s; with three lines of reasons, one column that scrolls', () => {
    const v = helpView({ width: 80, height: 18, why: [], offset: 0 });
    if (v.kind !== 'columns') throw new Error(`not in columns: ${JSON.stringify(v)}`);
    // The wrapped keys leave room for the closing line.
    expect(v).toMatchObject({ close: true });
    expect(v.cols).toHaveLength(2);
    const read = v.cols.map((c) => words(c)).join(' ');
    for (const s of HELP) if (!s.optional && !s.inKeyBar) expect(read).toContain(s.title);
    // The keys no longer fit under three lines of reasons (32 lines at these widths, 2 x 15 of room):
    // they scroll, the reasons first, rather than being cut.
    const three = whyLines([{ n: 1, cause, failed: [result(A, 'failed', cause)], stopped: 2, total: 3 }]);
    const s = helpView({ width: 80, height: 18, why: three, offset: 0 });
    expect(s.kind).toBe('scroll');
    expect(s.kind === 'scroll' && s.lines[0]?.text).toMatch(/^why batch 1 failed/);
  });

  it('fits whole in columns on a large terminal, the reason first', () => {
    const v = helpView({ width: 120, height: 40, why, offset: 0 });
    expect(v).toMatchObject({ kind: 'columns', max: 0 });
    expect(v.kind === 'columns' && v.why[0]).toMatch(/^why batch 1 failed: the cluster refused/);
  });

  describe('in columns, nothing cut: every title and key text whole in its column, no line wider, the height exact', () => {
    // 80x24, 100x30, a narrow two columns, one column.
    for (const [width, height, reasons, columns] of [
      [80, 18, false, 2],
      [100, 24, false, 2],
      [100, 24, true, 2],
      [72, 24, false, 2],
      [60, 44, false, 1],
    ] as const) {
      it(`${width} wide, ${height} high${reasons ? ', under reasons' : ''}: ${columns} column(s)`, () => {
        const v = helpView({ width, height, why: reasons ? why : [], offset: 0 });
        if (v.kind !== 'columns') throw new Error(`not in columns: ${JSON.stringify(v)}`);
        expect(v.cols).toHaveLength(columns);
        const innerW = v.border ? width - 4 : width;
        expect(v.colW * v.cols.length).toBeLessThanOrEqual(innerW);
        for (const c of v.cols) for (const l of c) expect(((l.label ?? '') + l.text).length).toBeLessThanOrEqual(v.colW - (v.cols.length > 1 ? 1 : 0));
        for (const l of drawn(v)) expect(l.length).toBeLessThanOrEqual(innerW);
        expect(drawn(v).length + (v.border ? 2 : 0)).toBeLessThanOrEqual(height);
        const read = v.cols.map((c) => words(c)).join(' ');
        const shown = HELP.filter((s) => read.includes(s.title));
        for (const s of HELP) if (!s.optional && !s.inKeyBar) expect(shown).toContain(s);
        for (const s of shown) for (const l of s.lines) expect(read).toContain(`${l.label} ${l.help}`);
      });
    }

    it('the legend, when there is room for it, wrapped whole too', () => {
      const v = helpView({ width: 80, height: 60, why: [], offset: 0 });
      if (v.kind !== 'columns') throw new Error(`not in columns: ${JSON.stringify(v)}`);
      expect(v.legend.length).toBeGreaterThan(LEGEND.length);
      for (const l of v.legend) expect(l.length).toBeLessThanOrEqual(v.border ? 76 : 80);
      const read = v.legend.join(' ').replace(/\s+/g, ' ');
      for (const l of LEGEND) expect(read).toContain(l);
    });

    it('no room under the columns: the legend ends the last column, after a blank line, wrapped to it and whole', () => {
      for (const [width, height] of [[120, 34], [80, 34]] as const) {
        const v = helpView({ width, height, why: [], offset: 0 });
        if (v.kind !== 'columns') throw new Error(`not in columns: ${JSON.stringify(v)}`);
        expect(v.legend).toEqual([]);
        const last = v.cols.at(-1)!;
        const at = last.findIndex((l) => l.style === 'legend');
        expect(at, `${width}x${height}`).toBeGreaterThan(0);
        expect(last[at - 1]).toEqual({ text: '', style: 'blank' });
        expect(last.slice(at).every((l) => l.style === 'legend')).toBe(true);
        for (const l of last.slice(at)) expect(l.text.length).toBeLessThanOrEqual(v.colW - 1);
        const read = words(last.slice(at));
        for (const l of LEGEND) expect(read).toContain(l);
        expect(v.cols.slice(0, -1).flat().some((l) => l.style === 'legend')).toBe(false);
      }
    });

    it('at any size, the legend is shown whole or not at all', () => {
      for (let width = 30; width <= 140; width += 5) {
        for (let height = 8; height <= 50; height += 3) {
          const v = helpView({ width, height, why: [], offset: 0 });
          if (v.kind !== 'columns') continue;
          const read = words([...v.cols.flat().filter((l) => l.style === 'legend'), ...v.legend.map((text) => ({ text, style: 'legend' as const }))]);
          if (read.trim()) for (const l of LEGEND) expect(read, `${width}x${height}`).toContain(l);
        }
      }
    });

    it('at any size, the columns hold their wrapped lines within the height and the width', () => {
      for (let width = 30; width <= 140; width += 5) {
        for (let height = 8; height <= 50; height += 3) {
          for (const w of [[], why]) {
            const v = helpView({ width, height, why: w, offset: 0 });
            if (v.kind !== 'columns') continue;
            const lines = drawn(v);
            expect(lines.length + (v.border ? 2 : 0), `${width}x${height}`).toBeLessThanOrEqual(height);
            for (const l of lines) expect(l.length, `${width}x${height}: ${l}`).toBeLessThanOrEqual(v.border ? width - 4 : width);
          }
        }
      }
    });
  });
});
