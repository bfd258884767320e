// paneWindow lays out a detail pane's lines: whenever it shows fewer lines than the detail holds, a
// line says what is left and that `[` `]` scroll it, even in a pane of 3 lines (the held-not-used
// list's, whose 4th line may be the last answer after a revoke).
import { describe, expect, it } from 'vitest';
import { paneWindow } from '../../src/ui/pane-window.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('paneWindow', () => {
  it('4 lines in 3: two shown and the hint, and `]` reaches the 4th', () => {
    const w = paneWindow(lines(4), 3, 0);
    expect(w.lines).toEqual(['line 1', 'line 2']);
    expect(w.more).toBe('↓ 2 more line(s) below ([ ] scroll)');
    const end = paneWindow(lines(4), 3, w.max);
    expect(end.lines).toEqual(['line 3', 'line 4']);
    expect(end.more).toBe('↑ 2 line(s) above ([ ] scroll)');
  });

  it('4 lines in 2: one shown and the hint', () => {
    const w = paneWindow(lines(4), 2, 0);
    expect(w.lines).toEqual(['line 1']);
    expect(w.more).toBe('↓ 3 more line(s) below ([ ] scroll)');
  });

  it('3 lines in 3: all of them, no hint, nothing to scroll', () => {
    expect(paneWindow(lines(3), 3, 0)).toEqual({ lines: lines(3), offset: 0, max: 0, page: 1, more: null });
  });
});
