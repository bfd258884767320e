// After a grant the rows reorder (granted ones sort apart): the cursor stays on the finding it was on.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { followCursor, type Row } from '../../src/ui/model.js';
import { finding, UID } from '../core/session/helpers.js';
import { fakeGrants, fakeScan, KEY, mount } from './harness.js';

const role = (r: string, n: number) => finding(`dcos:mesos:master:framework:role:${r}`, 'create', { firstSeen: 1_700_000_000_000 + n, explanation: `role ${r} explained` });

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

describe('the cursor after a grant', () => {
  it('stays on the same finding when the rows reorder', async () => {
    const scan = fakeScan();
    const grants = fakeGrants();
    const m = mount(<App uid={UID} startScan={scan.start} grants={grants.port} exporter={null} sessionId="s" quietMs={60_000} allowDangerous={false} forceNative={false} onExit={() => undefined} flushMs={5} />, { cols: 120, rows: 30 });
    unmounts.push(m.unmount);
    scan.set([role('r1', 1), role('r2', 2), role('r3', 3)]);
    await m.see('role r1 explained');
    await m.press(' ', KEY.down);
    await m.see('role r2 explained');
    await m.press('g', 'y');
    await m.see('batch 1');
    // r1 is granted and sorts elsewhere; the cursor is still on r2's row.
    await m.see(/granted .*role:r1/);
    await m.see(/›.*role:r2 /);
    expect(m.frame()).toContain('role r2 explained');
  });

  it('follows by key, and never fights a move of the operator', () => {
    const row = (key: string) => ({ key }) as Row;
    const rows = [row('b'), row('c'), row('a')];
    expect(followCursor(rows, 1, { key: 'a', cursor: 1 })).toBe(2);
    expect(followCursor(rows, 1, { key: 'c', cursor: 1 })).toBeNull();
    expect(followCursor(rows, 0, { key: 'a', cursor: 1 })).toBeNull();
    expect(followCursor(rows, 1, { key: 'gone', cursor: 1 })).toBeNull();
  });
});
