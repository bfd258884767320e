// A terminal smaller than the frame needs (30x8): no list, question or stale hint squeezed into no
// lines, but one line saying the size needed and the keys that still work; a question nobody can
// see takes no answer; and enlarged again, the loop is where it was.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App.js';
import { finding, UID } from '../core/session/helpers.js';
import { fakeGrants, fakeScan, KEY, mount } from './harness.js';
import { waitFor } from '../helpers/wait.js';

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
  vi.restoreAllMocks();
});

const T0 = Date.UTC(2026, 9, 1);
const roles = (n: number) => Array.from({ length: n }, (_, i) => finding(`dcos:mesos:master:framework:role:r${i}`, 'create', { firstSeen: T0 + i }));

function setup(cols: number, rows: number, uid: string | null = UID) {
  const scan = fakeScan();
  const grants = fakeGrants();
  let exited = false;
  const m = mount(
    <App uid={uid} startScan={scan.start} grants={grants.port} exporter={null} sessionId="s" quietMs={60_000} allowDangerous={false} forceNative={false} onExit={() => (exited = true)} flushMs={5} />,
    { cols, rows },
  );
  unmounts.push(m.unmount);
  return { m, scan, grants, exited: () => exited, granted: () => grants.calls.filter((c) => c.op === 'grant').length };
}
type Mounted = ReturnType<typeof setup>['m'];
const flat = (m: Mounted) => m.frame().replace(/\s+/g, ' ');
const seeFlat = (m: Mounted, text: string) => waitFor(() => flat(m).includes(text), { what: `frame to show ${text}`, timeoutMs: 3000, detail: () => `\n${m.frame()}` });

/** The frame fits the terminal: no line wider, one line fewer (at least one). */
const inside = (m: Mounted, cols: number, rows: number): boolean => {
  const lines = m.frame().split('\n');
  return lines.length <= Math.max(1, rows - 1) && lines.every((l) => [...l].length <= cols);
};
/** Resize, and wait for the frame drawn for the new size (it fits, and shows `text`). */
async function resized(m: Mounted, cols: number, rows: number, text = ''): Promise<void> {
  m.resize(cols, rows);
  await waitFor(() => inside(m, cols, rows) && flat(m).includes(text), { what: `a ${cols}x${rows} frame showing ${text}`, timeoutMs: 3000, detail: () => `\n${m.frame()}` });
}

describe('a terminal smaller than 30x8', () => {
  it('shows the size needed and that q quits, not the list or its hint; down to 1x1 without an error, and q quits', async () => {
    const errors = vi.spyOn(console, 'error');
    const { m, scan, exited } = setup(80, 24);
    scan.set(roles(3));
    await m.see('r2');
    await resized(m, 80, 6, 'audit2grant needs at least 30x8 (this terminal is 80x6); keys still work: q quits');
    expect(m.frame()).not.toContain('pending: a selects'); // the list's hint, about a list not shown
    expect(m.frame()).not.toContain('r0');
    // Too narrow, however tall.
    await resized(m, 29, 40, 'audit2grant needs at least 30x8 (this terminal is 29x40)');
    // Shorter forms as the room goes, the size never cut into pieces.
    for (const [cols, rows, text] of [[40, 3, 'audit2grant needs 30x8 (this terminal is 40x3); q quits'], [24, 3, 'needs 30x8 (is 24x3); q quits'], [20, 2, 'needs 30x8; q quits'], [10, 2, 'needs 30x8'], [4, 1, '30x8']] as const) {
      await resized(m, cols, rows, text);
    }
    for (const [cols, rows] of [[1, 1], [1, 9], [80, 1], [2, 2]] as const) await resized(m, cols, rows);
    // The smallest frame that works: the header, the list's title and a row, the status line, the keys.
    await resized(m, 30, 8, 'findings 1/3');
    expect(m.frame()).toMatch(/›.*new.*create/);
    expect(m.frame().split('\n').at(-1)).toContain('q quit');
    expect(errors).not.toHaveBeenCalled();
    await resized(m, 10, 4, 'needs 30x8');
    await m.press('q');
    await waitFor(() => exited(), { what: 'the loop to quit', timeoutMs: 3000 });
  });

  it('the smallest frame, 30x8, with several accounts: a row, its account on the title line', async () => {
    const { m, scan } = setup(30, 8, null);
    scan.set([...roles(2), finding('dcos:mesos:master:framework:role:z', 'create', { uid: 'other-sa', firstSeen: T0 + 9 })]);
    await m.see('findings 1/3');
    expect(m.frame()).toMatch(/findings 1\/3 {2}cassandra-sa/);
    expect(m.frame()).toMatch(/›.*new.*create/);
    await m.press(KEY.down, KEY.down);
    await m.see('findings 3/3  other-sa');
    expect(m.frame()).toMatch(/›.*new.*create dcos….*:z$/m);
  });

  it('a question it does not show takes no y/Enter; n/Esc cancels it, and enlarged it asks again', async () => {
    const { m, scan, granted, grants } = setup(80, 24);
    scan.set(roles(3));
    await m.see('r2');
    await m.press('a', 'g');
    await m.see(/grant 3 permission/);
    // Wide enough for the question's own 24 columns, too narrow for the frame: it is not drawn.
    await resized(m, 29, 24, 'the question is not shown and takes no answer: n/Esc cancels it, q quits');
    await m.press('y');
    await seeFlat(m, 'the terminal is too small to show the question');
    await m.press(KEY.enter, 's');
    // Too short: the same.
    await resized(m, 80, 6, 'this terminal is 80x6');
    await m.press('y', KEY.enter);
    expect(granted()).toBe(0);
    // Enlarged: the question shows again, and is answered once it is on the screen.
    await resized(m, 80, 24, 'grant 3 permission');
    await m.press('y');
    await m.see('batch 1');
    expect(granted()).toBe(1);
    // Undo on a terminal too narrow for the list: the key is not taken (no question opens), nothing revoked.
    await resized(m, 29, 24, 'this terminal is 29x24');
    await m.press('u', 'y');
    await seeFlat(m, 'the terminal is too small to show the list');
    await resized(m, 80, 24, 'granted 3');
    expect(grants.calls.filter((c) => c.op !== 'grant')).toEqual([]);
  });

  it('large to tiny and back: the same frame, the cursor, selection and scroll kept', async () => {
    const { m, scan } = setup(80, 24);
    scan.set(roles(30));
    await m.see('findings 1/30');
    // The cursor on the 7th row, two rows selected, the list scrolled a little.
    await m.press(...Array.from({ length: 9 }, () => KEY.down), ' ', KEY.up, KEY.up, ' ');
    await m.see('selected 2');
    await m.see('findings 8/30');
    const before = m.frame();
    for (const [cols, rows] of [[80, 6], [20, 3], [1, 1], [29, 24]] as const) await resized(m, cols, rows, cols > 1 ? '30x8' : '');
    await resized(m, 80, 24, 'findings 8/30');
    expect(m.frame()).toBe(before);
    // The list's keys do nothing to rows nobody sees: only q works while it is not drawn.
    await resized(m, 29, 24, '30x8');
    await m.press(' ', KEY.down, 'a');
    await seeFlat(m, 'too small to show the list');
    await resized(m, 80, 24, 'findings 8/30');
    expect(flat(m)).toContain('selected 2');
    // And it goes on from there.
    await m.press(KEY.down);
    await m.see('findings 9/30');
  });
});
