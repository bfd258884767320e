// frameFor: the numbers App draws with, for a small and a large terminal, the list and a dialog.
import { describe, expect, it } from 'vitest';
import { keyOf, statusOf, createSession } from '../../src/core/session/index.js';
import { frameFor, type FrameInput } from '../../src/ui/frame.js';
import type { Row } from '../../src/ui/model.js';
import { finding, T0, UID } from '../core/session/helpers.js';

const s = createSession({ id: 's', uid: null, now: T0 });
const row = (i: number, uid = UID): Row => {
  const f = finding(`dcos:mesos:master:framework:role:r${i}`, 'create', { uid });
  return { key: keyOf(f), finding: f, status: statusOf(s, f), selected: false };
};
const rows = (n: number, uid = UID) => Array.from({ length: n }, (_, i) => row(i, uid));
const base: FrameInput = { rows: 24, cols: 80, mode: 'list', status: false, quiet: false, errors: 0, authFailures: 0, results: 0, shown: rows(30), cursor: 0, offset: 0 };

describe('frameFor', () => {
  it('sizes the list on 80x24: one line shorter than the terminal, the window follows the cursor', () => {
    const f = frameFor({ ...base, cursor: 29 });
    expect(f.layout.height).toBe(23);
    expect(f.listShown).toBe(true);
    expect(f.layout.middle).toBe(18);
    expect(f.body).toBe(f.split.list - 2);
    expect(f.cursor).toBe(29);
    expect(f.offset).toBe(30 - f.body);
  });

  it('clamps the cursor to the rows shown and keeps the offset when the cursor is in view', () => {
    const f = frameFor({ ...base, shown: rows(3), cursor: 9, offset: 0 });
    expect(f.cursor).toBe(2);
    expect(f.offset).toBe(0);
    expect(frameFor({ ...base, shown: [], cursor: 5 }).cursor).toBe(0);
  });

  it('a dialog takes the panels\' room; the optional lines drop on a tiny terminal, the quiet banner first', () => {
    const dialog = frameFor({ ...base, mode: 'confirm', results: 3, authFailures: 2 });
    expect(dialog.listShown).toBe(false);
    expect(dialog.layout.results).toBe(0);
    expect(dialog.layout.auth).toBe(0);
    const big = frameFor({ ...base, rows: 60, status: true, quiet: true });
    expect([big.showStatus, big.showQuiet]).toEqual([true, true]);
    const tiny = frameFor({ ...base, rows: 10, status: true, quiet: true });
    expect(tiny.layout.extraLines).toBe(1);
    expect([tiny.showStatus, tiny.showQuiet]).toEqual([true, false]);
    expect(frameFor({ ...base, rows: 10, quiet: true }).showQuiet).toBe(true);
  });

  it('the "read only in part" banner is the last optional line to go; an empty list takes the detail pane\'s room', () => {
    const tiny = frameFor({ ...base, rows: 10, status: true, quiet: true, partial: true });
    expect(tiny.layout.extraLines).toBe(1);
    expect([tiny.showPartial, tiny.showStatus, tiny.showQuiet]).toEqual([true, false, false]);
    expect(frameFor({ ...base, rows: 60, status: true, quiet: true, partial: true })).toMatchObject({ showPartial: true, showStatus: true, showQuiet: true });
    // The sources' warnings (an ssh config or TLS warning) go just before it.
    const two = frameFor({ ...base, rows: 11, status: true, quiet: true, partial: true, warned: true });
    expect(two.layout.extraLines).toBe(2);
    expect([two.showPartial, two.showWarned, two.showStatus, two.showQuiet]).toEqual([true, true, false, false]);
    expect(frameFor({ ...base, rows: 10, status: true, warned: true })).toMatchObject({ showWarned: true, showStatus: false });
    const empty = frameFor({ ...base, shown: [] });
    expect(empty.split).toEqual({ list: empty.layout.middle, detail: 0, border: false });
  });

  it('counts the account lines of a list grouped by account', () => {
    const mixed = [...rows(2), ...rows(2, 'kafka-sa')];
    const f = frameFor({ ...base, rows: 20, shown: mixed });
    expect(f.grouped).toBe(true);
    expect(f.layout.middle).toBe(14);
    // The list gets its rows, two account lines, title and "more" line (4 + 2 + 2); the detail the rest.
    expect([f.split.list, f.split.detail]).toEqual([8, 6]);
    expect(frameFor({ ...base, rows: 20, shown: rows(4) }).split.list).toBe(6);
  });
});
