// The cursor stays on its finding as the rows change under it (a grant sorts rows apart, the scan
// inserts rows, the filter hides and shows them), in every frame and for the very next key: no
// frame shows it on another row first (the reverted d23c7b5 moved it back in an effect, a frame
// and a key too late).
import { afterEach, describe, expect, it } from 'vitest';
import { finding } from '../core/session/helpers.js';
import { KEY, mountLoop } from './harness.js';

const role = (r: string, n: number) => finding(`dcos:mesos:master:framework:role:${r}`, 'create', { firstSeen: 1_700_000_000_000 + n, explanation: `role ${r} explained` });

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

const setup = () => mountLoop(unmounts);

/** Every frame written since `from` that shows `row` under the cursor. */
const cursorOn = (frames: string[], row: string) => frames.filter((f) => new RegExp(`›.*role:${row} `).test(f));

describe('the cursor follows its finding', () => {
  it('stays on it when a grant sorts the granted row apart', async () => {
    const { m, scan } = setup();
    scan.set([role('r1', 1), role('r2', 2), role('r3', 3)]);
    await m.see('role r1 explained');
    await m.press(' ', KEY.down);
    await m.see('role r2 explained');
    await m.press('g');
    await m.see('grant 1 permission');
    const from = m.stdout.frames.length;
    await m.press('y');
    await m.see(/granted .*role:r1/);
    await m.see(/›.*role:r2 /);
    expect(m.frame()).toContain('role r2 explained');
    // Not one frame put it on r3, the row that took r2's index.
    expect(cursorOn(m.stdout.frames.slice(from), 'r3')).toEqual([]);
  });

  it('stays on it when the scan inserts rows above', async () => {
    const { m, scan } = setup();
    scan.set([role('r2', 2), role('r3', 3)]);
    await m.see('role r2 explained');
    await m.press(KEY.down);
    await m.see('role r3 explained');
    scan.set([role('r0', 0), role('r1', 1), role('r2', 2), role('r3', 3)]);
    await m.see('role:r0');
    expect(m.frame()).toMatch(/›.*role:r3 /);
    expect(m.frame()).toContain('findings 4/4');
  });

  it('after Esc clears the filter, the next key acts on the finding shown', async () => {
    const { m, scan, grants } = setup();
    scan.set([role('r1', 1), role('r2', 2), role('x3', 3)]);
    await m.see('role r1 explained');
    await m.press('/', 'x');
    await m.see('role x3 explained');
    // Esc and space without waiting for a frame: space selects x3, where the cursor is.
    const from = m.stdout.frames.length;
    await m.press(KEY.esc, ' ', 'g');
    await m.see('grant 1 permission');
    expect(m.frame()).toContain('role:x3 create');
    expect(m.frame()).not.toMatch(/role:r1 create/);
    expect(cursorOn(m.stdout.frames.slice(from), 'r1')).toEqual([]);
    expect(grants.calls).toEqual([]);
  });
});
