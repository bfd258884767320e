// The grant confirmation never asks for consent to what it does not show: a tiny terminal gets no
// question (y refuses), the SENSITIVE second key names its pairs, and long rids are shown in full.
// Its body is built once per question: its keys and the frames drawn share it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as confirmView from '../../src/ui/confirm-view.js';
import { App } from '../../src/ui/App.js';
import { finding, UID } from '../core/session/helpers.js';
import { fakeGrants, fakeScan, KEY, mount } from './harness.js';
import { dialogWindow, type DialogLine } from '../../src/ui/dialog-view.js';

const role = (r: string, n: number) => finding(`dcos:mesos:master:framework:role:${r}`, 'create', { firstSeen: 1_700_000_000_000 + n, explanation: 'register a framework' });
const SECRET = finding('dcos:secrets:default:/cassandra/keystore', 'read', { risk: 'sensitive', firstSeen: 1_700_000_000_010, explanation: 'one secret' });

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
  vi.restoreAllMocks();
});

function setup(cols: number, rows: number, allowDangerous = false) {
  const scan = fakeScan();
  const grants = fakeGrants();
  const m = mount(
    <App uid={UID} startScan={scan.start} grants={grants.port} exporter={null} sessionId="s" quietMs={60_000} allowDangerous={allowDangerous} forceNative={false} onExit={() => undefined} flushMs={5} />,
    { cols, rows },
  );
  unmounts.push(m.unmount);
  return { m, scan, grants, granted: () => grants.calls.filter((c) => c.op === 'grant').length };
}

/** The frame's text with the dialog's borders and wrapping undone: what a reader of the lines sees, joined. */
const joined = (frame: string) => frame.split('\n').map((l) => l.replace(/^[│ ]+|[│ ]+$/g, '')).join('');

describe('the grant confirmation', () => {
  it('on a 40x10 terminal refuses to ask: it says the terminal is too small, and y grants nothing', async () => {
    const { m, scan, granted } = setup(40, 10);
    scan.set([role('q1', 1), role('q2', 2), role('q3', 3)]);
    await m.see('q1');
    await m.press('a');
    await m.see('selected 3');
    await m.press('g');
    await m.see('terminal too small to confirm 3');
    // It says how large the terminal must be (the refusal wraps on 40 columns).
    expect(m.frame().replace(/\s+/g, ' ')).toMatch(/it needs at least 30 columns and 1\d rows · n\/Esc cancels/);
    await m.press('y');
    await m.see('terminal too small to show');
    expect(granted()).toBe(0);
    await m.press(KEY.esc);
    await m.see('cancelled: nothing granted');
  });

  it('the SENSITIVE second key names the pair, even on a small terminal', async () => {
    const { m, scan, granted } = setup(60, 16);
    scan.set([SECRET]);
    await m.see('keystore');
    await m.press(' ', 'g');
    await m.see(/grant \d+ permission/); // a question takes no key before it is drawn
    await m.press('y');
    await m.see('SENSITIVE: 1 of the 1');
    // Wrapped at a space: the pair on its line, the risk's words on the next, none of them cut.
    expect(m.frame()).toMatch(/│ {5}dcos:secrets:default:\/cassandra\/keystore read +│\n│ {7}SENSITIVE: one secret +│/);
    await m.press('s');
    await m.see('batch 1');
    expect(granted()).toBe(1);
  });

  it('with --allow-dangerous, the second key over a DANGEROUS pair says DANGEROUS, not SENSITIVE', async () => {
    const { m, scan, granted } = setup(100, 24, true);
    scan.set([finding('dcos:adminrouter:acs', 'full', { risk: 'dangerous', explanation: 'superuser-equivalent' })]);
    await m.see('dcos:adminrouter:acs');
    await m.press(' ', 'g');
    await m.see(/grant \d+ permission/);
    expect(m.frame()).toContain('then s to confirm the 1 DANGEROUS one(s)');
    await m.press('y');
    await m.see('DANGEROUS: 1 of the 1');
    expect(m.frame()).not.toContain('SENSITIVE: 1 of the 1');
    expect(m.frame()).toContain('s to confirm these DANGEROUS permissions too');
    // The key bar names the key for what the step holds, never "SENSITIVE" for DANGEROUS ones.
    expect(m.frame().trimEnd().split('\n').at(-1)).toMatch(/^s confirm these too · n\/Esc cancel/);
    await m.press('s');
    await m.see('batch 1');
    expect(granted()).toBe(1);
  });

  it('shows every rid in full, wrapped, however long (two rids that differ in the middle stay apart)', async () => {
    const mid = (env: string) => `dcos:service:marathon:marathon:services:/${'a'.repeat(110)}/${env}/${'b'.repeat(110)}`;
    const { m, scan } = setup(80, 24);
    scan.set([finding(mid('dev1'), 'read', { firstSeen: 1 }), finding(mid('prod'), 'read', { firstSeen: 2 })]);
    await m.see('findings 2');
    await m.press(' ');
    await m.see('selected 1');
    await m.press('g');
    await m.see('grant 1 permission(s)');
    expect(joined(m.frame())).toContain(`${mid('dev1')} read`);
    expect(joined(m.frame())).not.toContain('/prod/');
    await m.press(KEY.esc);
    await m.see('cancelled');
    await m.press('d');
    await m.see('dry run: 1 grant(s)');
    expect(joined(m.frame()).replace(/ /g, '')).toContain(`dcossecurityorgusersgrant${UID}${mid('dev1')}read`);
  });
});

describe('the confirmation body', () => {
  it('is built once for the question: the scroll keys and the frames after them do not build it again', async () => {
    const builds = vi.spyOn(confirmView, 'confirmBody');
    const { m, scan, granted } = setup(80, 24);
    scan.set(Array.from({ length: 20 }, (_, i) => role(`r${i}`, i)));
    await m.see('findings 1/20');
    await m.press('a', 'g');
    await m.see(/↓ \d+ more line\(s\) below \(↑↓ scroll\)/);
    expect(builds).toHaveBeenCalledTimes(1);
    // Each key asks how far the body scrolls (confirmView), then the dialog is drawn scrolled.
    await m.press(KEY.down);
    await m.see('↑ 1 line(s) above');
    await m.press(KEY.down, KEY.down);
    await m.see('↑ 3 line(s) above');
    await m.press(KEY.up);
    await m.see('↑ 2 line(s) above');
    expect(builds).toHaveBeenCalledTimes(1);
    // Asked again (a new plan), it is built again, once.
    await m.press('n');
    await m.see('cancelled: nothing granted');
    await m.press('g');
    await m.see('grant 20 permission(s)');
    expect(builds).toHaveBeenCalledTimes(2);
    await m.press('y');
    await m.see('batch 1');
    expect(granted()).toBe(1);
  });
});

describe('the confirmation body window', () => {
  const lines: DialogLine[] = Array.from({ length: 20 }, (_, i) => ({ text: `l${i}`, kind: 'pair' }));
  it('scrolls within the lines, says what is above and below, and refuses below the minimum', () => {
    expect(dialogWindow(lines, 80, 10, 0)).toMatchObject({ tooSmall: false, offset: 0, above: 0, below: 15 });
    expect(dialogWindow(lines, 80, 10, 99)).toMatchObject({ offset: 15, above: 15, below: 0 });
    expect(dialogWindow(lines, 80, 6, 0).tooSmall).toBe(true);
    // Too narrow to wrap the pairs is too small too; notes take body lines.
    expect(dialogWindow(lines, 23, 10, 0).tooSmall).toBe(true);
    expect(dialogWindow(lines, 80, 7, 0, 1).tooSmall).toBe(true);
    expect(dialogWindow(lines, 80, 7, 0, 0).tooSmall).toBe(false);
  });
});
