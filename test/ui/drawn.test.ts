// When a screen counts as on the terminal: once a frame holding the commit that first showed it
// has been computed by ink and then written.
import { describe, expect, it } from 'vitest';
import { frameWatch } from '../../src/ui/drawn.js';
import { inkStdout } from '../../src/ui/terminal.js';

describe('frameWatch', () => {
  it('a screen is drawn once a frame computed after its commit is written', () => {
    const w = frameWatch();
    w.committed(0);
    w.rendered();
    w.wrote();
    expect(w.drawn(0)).toBe(true);
    // Screen 1 (a dialog) is in the state, not committed yet: not drawn.
    expect(w.drawn(1)).toBe(false);
    w.committed(1);
    expect(w.drawn(1)).toBe(false); // committed, no frame computed
    w.rendered();
    expect(w.drawn(1)).toBe(false); // computed, not written (ink's write throttle)
    w.wrote();
    expect(w.drawn(1)).toBe(true);
    // Later commits of the same screen keep it drawn.
    w.committed(1);
    expect(w.drawn(1)).toBe(true);
  });

  it('a write of a frame computed before the commit does not count', () => {
    const w = frameWatch();
    w.committed(0);
    w.rendered(); // frame of screen 0, its write held back by the throttle
    w.committed(1); // the dialog commits
    w.wrote(); // the held-back write: screen 0's frame
    expect(w.drawn(1)).toBe(false);
    w.rendered();
    w.wrote();
    expect(w.drawn(1)).toBe(true);
  });

  it('a screen shown again after another is a new one: drawn only when that one is', () => {
    const w = frameWatch({ atCommit: true });
    w.committed(1);
    expect(w.drawn(1)).toBe(true);
    w.committed(2);
    expect(w.drawn(1)).toBe(false);
    expect(w.drawn(3)).toBe(false);
    w.committed(3);
    expect(w.drawn(3)).toBe(true);
  });
});

describe('inkStdout', () => {
  it('tells of each write once it is made, and still hides the rows', () => {
    const out: string[] = [];
    const seen: number[] = [];
    const stream = { rows: 24, columns: 80, write: (s: string) => out.push(s) > 0 } as unknown as NodeJS.WriteStream;
    const ink = inkStdout(stream, () => seen.push(out.length));
    ink.write('frame');
    expect(out).toEqual(['frame']);
    expect(seen).toEqual([1]);
    expect(ink.rows).toBeGreaterThan(10_000);
    expect(ink.columns).toBe(80);
  });
});
