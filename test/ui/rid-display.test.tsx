// What the loop shows of a rid: two long rids that differ only in the middle look different in the
// list, the detail pane shows the rid whole (wrapped, scrolled with [ ]), and a look-alike character
// (U+2011 for `-`) shows as its escape wherever a rid or uid is shown, while the policy refuses it.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { detailWindow } from '../../src/ui/components/DetailPane.js';
import type { Row } from '../../src/ui/model.js';
import { finding, UID } from '../core/session/helpers.js';
import { fakeGrants, fakeScan, KEY, mount } from './harness.js';

const mid = (c: string) => `dcos:adminrouter:service:${'a'.repeat(120)}${c}${'a'.repeat(120)}`;
const LOOK = 'dcos:service:marathon:marathon:services:/prod\u2011payments';
const LOOK_SHOWN = 'dcos:service:marathon:marathon:services:/prod\\u2011payments';

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

function setup(uid: string | null = UID) {
  const scan = fakeScan();
  const grants = fakeGrants();
  const m = mount(
    <App uid={uid} startScan={scan.start} grants={grants.port} exporter={null} sessionId="s" quietMs={60_000} allowDangerous={false} forceNative={false} onExit={() => undefined} flushMs={5} />,
    { cols: 80, rows: 24 },
  );
  unmounts.push(m.unmount);
  return { m, scan, grants };
}

/** The frame's lines joined: a rid wrapped over lines reads whole. */
const joined = (frame: string) => frame.split('\n').map((l) => l.trimEnd()).join('');
const rowOf = (frame: string, action: string, n: number) => frame.split('\n').filter((l) => l.includes(`${action} dcos:`))[n] ?? '';

describe('long rids in the list and the detail pane', () => {
  it('two rids differing only in the middle: the rows differ where the rids do; the detail pane shows the whole rid', async () => {
    const { m, scan } = setup();
    scan.set([finding(mid('A'), 'full', { firstSeen: 1 }), finding(mid('B'), 'full', { firstSeen: 2 })]);
    await m.see('findings 1/2');
    const [a, b] = [rowOf(m.frame(), 'full', 0), rowOf(m.frame(), 'full', 1)];
    expect(a).toContain('A');
    expect(b).toContain('B');
    expect(a.indexOf('A')).toBe(b.indexOf('B'));
    expect(a.includes('dcos:admin') && a.length <= 80).toBe(true);
    // The detail pane of the row under the cursor: the whole rid, and not the other one.
    expect(joined(m.frame())).toContain(mid('A'));
    expect(joined(m.frame())).not.toContain(mid('B'));
    await m.press(KEY.down);
    await m.see('findings 2/2');
    expect(joined(m.frame())).toContain(mid('B'));
  });

  it('a rid longer than the pane: [ ] scroll it; another row starts at the top again', async () => {
    const long = `dcos:secrets:default:/${'p'.repeat(560)}/keystore`;
    const { m, scan } = setup();
    scan.set([finding(long, 'read', { firstSeen: 1 }), finding('dcos:mesos:master:log', 'read', { firstSeen: 2 })]);
    await m.see(/↓ \d+ more line\(s\) below \(\[ \] scroll\)/);
    expect(joined(m.frame())).toContain('dcos:secrets:default:/pppp');
    expect(m.frame()).not.toContain('dcos security org users grant');
    await m.press(']');
    await m.see(/↑ \d+ line\(s\) above/);
    // The end of the rid, and what comes after it in the pane, is reached.
    expect(joined(m.frame())).toContain('ppp/keystore');
    await m.press(']', ']');
    await m.see('dcos security org users grant');
    await m.press('[', '[', '[');
    await m.see(/^dcos:secrets:default:\/p/m);
    await m.press(']', KEY.down);
    await m.see('findings 2/2');
    await m.press(KEY.up);
    await m.see('findings 1/2');
    expect(m.frame()).toMatch(/^dcos:secrets:default:\/p/m);
    expect(m.frame()).not.toMatch(/↑ \d+ line\(s\) above/);
    // A finding the pane shows whole has nothing to scroll, and says so.
    await m.press(KEY.down, ']');
    await m.see('the detail pane shows all of this finding');
  });
});

describe('look-alike characters in rids and uids', () => {
  it('are shown as escapes in the list, the account line, the detail pane and the grant question; the policy refuses them', async () => {
    const { m, scan, grants } = setup(null);
    scan.set([
      finding(LOOK, 'read', { uid: 'payments\u2011sa', firstSeen: 1, example: `uid=payments\u2011sa rid=${LOOK}` }),
      finding('dcos:mesos:master:log', 'read', { uid: 'ops-sa', firstSeen: 2 }),
    ]);
    await m.see('findings 1/2');
    await m.press(KEY.down);
    await m.see('findings 2/2');
    const f = m.frame();
    expect(f).not.toContain('\u2011');
    expect(f).toContain('── payments\\u2011sa (1 finding)');
    expect(f).toContain(`read ${LOOK_SHOWN}\n`); // the list's row, whole
    expect(f).toContain(`\n${LOOK_SHOWN}\nread  NORMAL  not grantable  payments\\u2011sa`); // the detail pane's title
    expect(f).toContain('example: uid=payments\\u2011sa rid=dcos:service:marathon');
    expect(f).toContain('not grantable: uid "payments\\u2011sa" has characters DC/OS does not allow');
    await m.press(' ', 'g');
    await m.see('grant 0 permission(s)');
    expect(m.frame()).not.toContain('\u2011');
    expect(joined(m.frame().replace(/│/g, ''))).toMatch(/refused payments\\u2011sa\s*dcos:service/);
    await m.press('y');
    expect(grants.calls).toEqual([]);
  });
});

describe('the detail pane window', () => {
  const row = (rid: string): Row => ({ key: rid, finding: finding(rid, 'read'), status: { status: 'new', note: 'denied' }, selected: false });
  const view = (rid: string, height: number, offset = 0) => detailWindow({ row: row(rid), clusterUrl: null, height, border: false, width: 40, offset });
  it('a pane of two or three lines gives one to the line saying what is below: nothing is reachable unsaid', () => {
    expect(view('dcos:mesos:master:log', 2)).toMatchObject({ offset: 0, more: expect.stringMatching(/^↓ \d+ more line\(s\) below \(\[ \] scroll\)$/) });
    expect(view('dcos:mesos:master:log', 2).lines).toHaveLength(1);
    expect(view('dcos:mesos:master:log', 2).max).toBeGreaterThan(0);
    const long = `dcos:secrets:default:/${'p'.repeat(98)}`; // 120 characters: 3 lines of 40
    expect(view(long, 3).lines).toHaveLength(2);
    expect(view(long, 3).more).toMatch(/↓ \d+ more line\(s\) below \(\[ \] scroll\)/);
    expect(view(long, 2).more).toMatch(/↓ \d+ more line\(s\) below \(\[ \] scroll\)/);
    expect(view(long, 2, 99)).toMatchObject({ offset: view(long, 2).max, more: expect.stringMatching(/^↑ \d+ line\(s\) above \(/) });
  });
});
