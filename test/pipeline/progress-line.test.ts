import { describe, expect, it } from 'vitest';
import { createProgressLine, stateSummary } from '../../src/pipeline/progress-line.js';

/** A stand-in terminal that records what was written. */
function fakeTty(columns = 200) {
  const writes: string[] = [];
  const out = { columns, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
  return { out, writes, last: () => writes.at(-1)!.replace('\r\u001b[2K', '') };
}

describe('progress line', () => {
  it('summarises the states of several sources (SSH fan-out)', () => {
    expect(stateSummary(['reading'])).toBe('');
    expect(stateSummary(['reading', 'done', 'done', 'failed', 'connecting'])).toBe('1 connecting, 1 reading, 2 done, 1 failed');
  });

  it('shows the current source with its percentage, the per-state counts and the totals', () => {
    let t = 0;
    const tty = fakeTty();
    const line = createProgressLine(tty.out, () => (t += 1000));
    line.source({ label: 'ssh://m1', state: 'connecting', bytes: 0, size: null });
    line.source({ label: 'ssh://m2', state: 'failed', bytes: 0, size: null, error: 'host key changed' });
    line.counts({ bytes: 3 * 1024 * 1024, lines: 12_345 });
    line.source({ label: 'big.log', state: 'reading', bytes: 50, size: 200 });
    expect(tty.last()).toBe('scanning big.log 25% · sources: 1 connecting, 1 reading, 1 failed · 3.0 MiB · 12.3 k lines');
    line.clear();
    expect(tty.writes.at(-1)).toBe('\r\u001b[2K');
  });

  it('a file being read is drawn on its own reports, so its percentage never lags the bytes shown', () => {
    let t = 0;
    const tty = fakeTty();
    const line = createProgressLine(tty.out, () => (t += 1000));
    const MiB = 1024 * 1024;
    line.source({ label: 'big.log', state: 'reading', bytes: 100 * MiB, size: 300 * MiB });
    line.counts({ bytes: 100 * MiB, lines: 1 });
    // Scanned on past the file's last report: no line that pairs the old 33% with 208 MiB.
    line.counts({ bytes: 208 * MiB, lines: 2 });
    expect(tty.writes.filter((w) => w.includes('33%') && w.includes('208.0 MiB'))).toEqual([]);
    line.source({ label: 'big.log', state: 'reading', bytes: 210 * MiB, size: 300 * MiB });
    expect(tty.last()).toBe('scanning big.log 70% · 208.0 MiB · 2 lines');
    // A source of unknown size (a pipe) is still drawn on the totals.
    line.source({ label: 'stdin', state: 'reading', bytes: 0, size: null });
    line.counts({ bytes: 300 * MiB, lines: 3 });
    expect(tty.last()).toBe('scanning stdin · sources: 2 reading · 300.0 MiB · 3 lines');
  });

  it('a file name holding terminal controls is shown escaped', () => {
    const tty = fakeTty();
    const line = createProgressLine(tty.out, () => 0);
    line.source({ label: 'logs/x\u001b]0;TITLE\u0007.log', state: 'connecting', bytes: 0, size: null });
    expect(tty.last()).toContain('x\\x1b]0;TITLE\\x07.log');
    expect(tty.last()).not.toMatch(/[\u0000-\u001f]/);
  });
});
