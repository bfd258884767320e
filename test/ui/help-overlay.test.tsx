// The `?` overlay in the loop: it says why each failed grant batch failed (after the results panel
// has moved on to a later batch), and on a small terminal it scrolls rather than being cut off.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { STOPPED_AFTER_ERROR, type PairResult } from '../../src/core/types.js';
import { finding, UID } from '../core/session/helpers.js';
import { fakeGrants, fakeScan, KEY, mount } from './harness.js';
import { waitFor } from '../helpers/wait.js';

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

const T0 = Date.UTC(2026, 9, 1);
const roles = (n: number) => Array.from({ length: n }, (_, i) => finding(`dcos:mesos:master:framework:role:r${i}`, 'create', { firstSeen: T0 + i }));
const PGDN = '\u001B[6~';
const PGUP = '\u001B[5~';
const TOKEN = 'the cluster refused the auth token from DCOS_ACS_TOKEN (401: expired or invalid)';

function setup(cols: number, rows: number) {
  const scan = fakeScan();
  const grants = fakeGrants();
  const m = mount(<App uid={UID} startScan={scan.start} grants={grants.port} exporter={null} sessionId="s" quietMs={60_000} allowDangerous={false} forceNative={false} onExit={() => undefined} flushMs={5} />, { cols, rows });
  unmounts.push(m.unmount);
  return { m, scan, grants };
}
type Mounted = ReturnType<typeof setup>['m'];
type Grants = ReturnType<typeof setup>['grants'];

/** Grants fail while `failing()` says so, as the IAM layer answers an expired token: the rest of the batch not attempted. */
function failWhile(grants: Grants, failing: () => boolean): void {
  const real = grants.port.grant;
  grants.port.grant = async (pairs, ...rest) => {
    if (!failing()) return real(pairs, ...rest);
    return pairs.map<PairResult>((p, i) => ({ ...p, outcome: 'failed', detail: i === 0 ? TOKEN : `not attempted: ${STOPPED_AFTER_ERROR}`, aclCreated: false }));
  };
}

/** Select the 3 rows and confirm their grant. */
async function grantAll(m: Mounted): Promise<void> {
  await m.press('a', 'g');
  await m.see(/grant 3 permission/);
  await m.press('y');
}
/** The frame as one line of words, without the overlay's border. */
const flat = (m: Mounted) => m.frame().replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');
const seeFlat = (m: Mounted, text: string) => waitFor(() => flat(m).includes(text), { what: `frame to show ${text}`, timeoutMs: 3000, detail: () => `\n${m.frame()}` });

describe('the help says why a batch failed', () => {
  it('in the batch\'s own words, the pairs an earlier error stopped said so; still there after a later batch', async () => {
    const { m, scan, grants } = setup(120, 40);
    let fail = true;
    failWhile(grants, () => fail);
    scan.set(roles(3));
    await m.see('r2');
    await grantAll(m);
    await m.see('nothing was granted');
    fail = false;
    await grantAll(m);
    await m.see('batch 2: granted 3');
    await m.press('?');
    await seeFlat(m, `why batch 1 failed: ${TOKEN} (2 more pair(s) not attempted: ${STOPPED_AFTER_ERROR})`);
    expect(flat(m)).not.toContain('why batch 2');
  });

  it('on 80x24 the keys show whole in two columns; under three lines of reasons they scroll, the reason first, nothing cut', async () => {
    const { m, scan, grants } = setup(80, 24);
    failWhile(grants, () => true);
    scan.set(roles(3));
    await m.see('r2');
    await m.press('?');
    // Whole: nothing to scroll, any key closes (the key bar says so), every screen's keys there, the long ones wrapped.
    await m.see('quit while a request is in flight');
    expect(m.frame()).not.toMatch(/line\(s\) (above|below)/);
    expect(m.frame().split('\n').at(-1)).toContain('any key closes');
    for (const t of ['list', 'filter line (/)', 'grant and undo questions (g, u)', 'export (e)']) expect(m.frame()).toContain(t);
    for (const k of ['q       quit; prints the summary', 'n/Esc   cancel: nothing is sent', 'j       JSON for grant --from', 'n/Esc   wait for the answer']) expect(m.frame()).toContain(k);
    expect(m.frame()).toMatch(/q\/y {5}stop the batch, wait for the .*\n {10}pair in flight, quit/);
    expect(m.frame()).not.toContain('…');
    await m.press('x');
    await grantAll(m);
    await m.see('nothing was granted');
    await m.press('?');
    await seeFlat(m, `why batch 1 failed: ${TOKEN} (2 more pair(s) not attempted: ${STOPPED_AFTER_ERROR})`);
    await m.see(/↓ \d+ more line\(s\) below/);
    for (let i = 0; i < 10 && !/↑ \d+ line\(s\) above \(↑↓ scroll\)/.test(m.frame()); i++) await m.press(PGDN);
    await m.see('risks: norm');
    await m.press('x');
    await m.see('g grants the 3 selected');
  });
});

describe('the help on a small terminal', () => {
  it('scrolls with ↑↓ PgUp/PgDn, says what is above and below, and any other key closes it', async () => {
    const { m } = setup(60, 14);
    await m.press('?');
    await m.see(/↓ \d+ more line\(s\) below \(↑↓ scroll\)/);
    expect(m.frame().split('\n').at(-1)).toContain('↑↓ PgUp/PgDn scroll');
    await m.press(KEY.down);
    await m.see(/↑ 1 line\(s\) above · ↓ \d+ more line\(s\) below/);
    // A page at a time to the end: the legend, last, is reached, and nothing past it.
    for (let i = 0; i < 30 && !/↑ \d+ line\(s\) above \(↑↓ scroll\)/.test(m.frame()); i++) await m.press(PGDN);
    await m.see(/↑ \d+ line\(s\) above \(↑↓ scroll\)/);
    expect(m.frame()).toContain('risks: norm');
    await m.press(PGUP);
    await m.see(/↓ \d+ more line\(s\) below/);
    await m.press('x');
    await waitFor(() => !m.frame().includes('line(s) above'), { what: 'the help closed', timeoutMs: 3000, detail: () => m.frame() });
    expect(m.frame()).toContain('waiting for denials');
  });

  it('on a very small terminal the key bar still says how to close it', async () => {
    for (const [cols, rows] of [[40, 10], [30, 8]] as const) {
      const { m } = setup(cols, rows);
      await m.press('?');
      await m.see(/more line\(s\) below/);
      expect(m.frame().split('\n').at(-1)).toContain('any other key closes');
      m.unmount();
    }
  });

  it('a help that shows whole still closes at any key, an arrow too', async () => {
    const { m } = setup(120, 40);
    await m.press('?');
    await m.see('press any key to close');
    await m.press(KEY.down);
    await m.see('waiting for denials');
  });
});
