// The findings list's cursor is a finding: where it shows as rows change, move and get filtered.
import { describe, expect, it } from 'vitest';
import { cursorIndex, followCursor, stepCursor } from '../../src/ui/cursor.js';

const rows = (...keys: string[]) => keys.map((key) => ({ key }));

describe('cursorIndex', () => {
  it('is the row of its finding, wherever the rows sorted it', () => {
    expect(cursorIndex(rows('a', 'b', 'c'), { at: 'b', index: 1 })).toBe(1);
    // A grant sorted `a` to the end: the cursor is still on `b`, now first.
    expect(cursorIndex(rows('b', 'c', 'a'), { at: 'b', index: 1 })).toBe(0);
    // The live scan inserted a finding above.
    expect(cursorIndex(rows('z', 'a', 'b', 'c'), { at: 'b', index: 1 })).toBe(2);
  });

  it('while its finding is not among the rows: the row now in its place, else the last; none: 0', () => {
    expect(cursorIndex(rows('a', 'c', 'd'), { at: 'b', index: 1 })).toBe(1);
    expect(cursorIndex(rows('a'), { at: 'b', index: 1 })).toBe(0);
    expect(cursorIndex(rows(), { at: 'b', index: 4 })).toBe(0);
    expect(cursorIndex(rows('a', 'b'), { at: null, index: 1 })).toBe(1);
  });
});

describe('stepCursor', () => {
  it('moves from the row shown and takes that row’s finding, within the rows', () => {
    expect(stepCursor(rows('b', 'c', 'a'), { at: 'b', index: 1 }, 1)).toEqual({ at: 'c', index: 1 });
    expect(stepCursor(rows('a', 'b', 'c'), { at: 'c', index: 2 }, 5)).toEqual({ at: 'c', index: 2 });
    expect(stepCursor(rows('a', 'b', 'c'), { at: 'b', index: 1 }, -9)).toEqual({ at: 'a', index: 0 });
    expect(stepCursor(rows('a', 'b'), { at: null, index: 0 }, 1)).toEqual({ at: 'b', index: 1 });
    const none = { at: 'x', index: 3 };
    expect(stepCursor(rows(), none, 1)).toBe(none);
  });
});

describe('followCursor (the filter changed)', () => {
  it('stays on its finding while the new rows hold it, through filter on and off', () => {
    const on = followCursor(rows('a', 'b', 'c', 'd'), rows('b', 'd'), { at: 'd', index: 3 });
    expect(on).toEqual({ at: 'd', index: 1 });
    expect(followCursor(rows('b', 'd'), rows('a', 'b', 'c', 'd'), on)).toEqual({ at: 'd', index: 3 });
  });

  it('its finding hidden: the nearest row below it that stays, else the nearest above', () => {
    expect(followCursor(rows('a', 'b', 'c', 'd'), rows('a', 'd'), { at: 'b', index: 1 })).toEqual({ at: 'd', index: 1 });
    expect(followCursor(rows('a', 'b', 'c', 'd'), rows('a', 'b'), { at: 'd', index: 3 })).toEqual({ at: 'b', index: 1 });
    // Below in the order shown before, not the row at its old index in the new rows.
    expect(followCursor(rows('a', 'b', 'c', 'd', 'e'), rows('a', 'e'), { at: 'b', index: 1 })).toEqual({ at: 'e', index: 1 });
  });

  it('follows the finding shown, not one the rows had already lost', () => {
    // `x` left the rows (shown: `c`, at x's last index); the filter keeps `c`: the cursor stays on `c`.
    expect(followCursor(rows('a', 'b', 'c'), rows('c', 'a', 'b'), { at: 'x', index: 2 })).toEqual({ at: 'c', index: 0 });
  });

  it('keeps its finding while the filter shows nothing, and finds it again after', () => {
    const none = followCursor(rows('a', 'b', 'c'), rows(), { at: 'b', index: 1 });
    expect(none).toEqual({ at: 'b', index: 0 });
    expect(followCursor(rows(), rows('a', 'b', 'c'), none)).toEqual({ at: 'b', index: 1 });
    // Its finding not among them: the row at its place.
    expect(followCursor(rows(), rows('a', 'c'), { at: 'b', index: 1 })).toEqual({ at: 'b', index: 1 });
  });

  it('none of the rows shown stays: the row in its place', () => {
    expect(followCursor(rows('a', 'b', 'c'), rows('x', 'y'), { at: 'c', index: 2 })).toEqual({ at: 'y', index: 1 });
  });
});
