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
    line.source({ label: 'big.log', state: 'reading', bytes: 50, size: 200 });
    line.counts({ bytes: 3 * 1024 * 1024, lines: 12_345 });
    expect(tty.last()).toBe('scanning big.log 25% · sources: 1 connecting, 1 reading, 1 failed · 3.0 MiB · 12.3 k lines');
    line.clear();
    expect(tty.writes.at(-1)).toBe('\r\u001b[2K');
  });

  it('a file name holding terminal controls is shown escaped', () => {
    const tty = fakeTty();
    const line = createProgressLine(tty.out, () => 0);
    line.source({ label: 'logs/x\u001b]0;TITLE\u0007.log', state: 'connecting', bytes: 0, size: null });
    expect(tty.last()).toContain('x\\x1b]0;TITLE\\x07.log');
    expect(tty.last()).not.toMatch(/[\u0000-\u001f]/);
  });
});
