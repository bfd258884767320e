// Every question that lists pairs follows the grant confirmation's rule: each pair in full, the list
// scrolled when long, and no question at all when the terminal cannot show the pairs, saying how
// large it must be (y refuses). Undo (u), the unused list's revoke (g) and its grant back (u).
import { afterEach, describe, expect, it } from 'vitest';
import type { Use } from '../../src/core/usage/index.js';
import { App } from '../../src/ui/App.js';
import type { StartUsage } from '../../src/ui/ports.js';
import { finding, UID } from '../core/session/helpers.js';
import { fakeGrants, fakeScan, KEY, mount } from './harness.js';
import { waitFor } from '../helpers/wait.js';

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

const T0 = Date.UTC(2026, 9, 1);
const usage: StartUsage = async () => ({
  uses: [] as Use[],
  windows: [{ host: 'master-1', first: T0, last: T0 + 7200_000, components: ['mesos-master', 'adminrouter'] }],
  stats: { sources: 1, bytes: 10, lines: 10, records: 10, allows: 0, unverifiedLines: 0, elapsedMs: 1 },
  errors: [],
});

function setup(cols: number, rows: number) {
  const scan = fakeScan();
  const grants = fakeGrants();
  const m = mount(
    <App uid={UID} startScan={scan.start} grants={grants.port} exporter={null} usage={usage} sessionId="s" quietMs={60_000} allowDangerous={false} forceNative={false} onExit={() => undefined} flushMs={5} />,
    { cols, rows },
  );
  unmounts.push(m.unmount);
  return { m, scan, grants, calls: (op: string) => grants.calls.filter((c) => c.op === op) };
}

type Mounted = ReturnType<typeof setup>['m'];
/** The frame as one line of words: a narrow terminal wraps the refusal. */
const flat = (m: Mounted) => m.frame().replace(/\s+/g, ' ');
const seeFlat = (m: Mounted, text: string) => waitFor(() => flat(m).includes(text), { what: `frame to show ${text}`, timeoutMs: 3000, detail: () => `\n${m.frame()}` });

/** "it needs at least 30 columns and N rows": N, read from the refusal. */
async function neededRows(m: Mounted): Promise<number> {
  await waitFor(() => /it needs at least 30 columns and \d+ rows · n\/Esc cancels/.test(flat(m)), { what: 'the size needed', timeoutMs: 3000, detail: () => m.frame() });
  return Number(/and (\d+) rows/.exec(flat(m))?.[1]);
}

const roles = (n: number) => Array.from({ length: n }, (_, i) => finding(`dcos:mesos:master:framework:role:r${i}`, 'create', { firstSeen: T0 + i }));

describe('undo (u)', () => {
  it('refuses to ask on a terminal too small to list the batch, names the size that is enough, and asks there', async () => {
    const { m, scan, calls } = setup(80, 24);
    scan.set(roles(3));
    await m.see('r2');
    await m.press('a', 'g');
    await m.see(/grant \d+ permission/); // a question takes no key before it is drawn
    await m.press('y');
    await m.see('batch 1');
    m.resize(40, 10);
    await m.press('u');
    await seeFlat(m, 'terminal too small to undo batch 1 (revoke 3 permission(s))');
    const rows = await neededRows(m);
    // Tinier still: a shorter refusal that names the size whole, the frame inside the terminal.
    m.resize(30, 8);
    await waitFor(() => m.frame().split('\n').every((l) => [...l].length <= 30), { what: 'a frame 30 wide', timeoutMs: 3000, detail: () => m.frame() });
    await seeFlat(m, `too small: needs 30x${rows}`);
    m.resize(45, 8);
    await seeFlat(m, `too small to undo batch 1 (revoke 3 permission(s)): needs 30x${rows}`);
    expect(m.frame().split('\n').length).toBeLessThanOrEqual(7);
    m.resize(40, 10);
    await seeFlat(m, 'and 13 rows');
    await m.press('y');
    await m.see('terminal too small to show the pairs');
    expect(calls('revoke')).toEqual([]);
    // Enlarged, the question is whole again, and the line that said it could not be goes with it.
    m.resize(40, rows);
    await m.see('undo batch 1: revoke 3');
    expect(m.frame()).not.toContain('terminal too small to show the pairs');
    m.resize(40, 10);
    await seeFlat(m, 'and 13 rows');
    await m.press(KEY.esc);
    await m.see('undo cancelled: nothing revoked');
    // One row short of the size named still refuses; the size named asks, the pairs on screen.
    m.resize(40, rows - 1);
    await m.press('u');
    await seeFlat(m, 'terminal too small to undo batch 1');
    await m.press(KEY.esc);
    await m.see('undo cancelled');
    m.resize(40, rows);
    await m.press('u');
    await m.see('undo batch 1: revoke 3');
    expect(m.frame()).toContain('dcos:mesos:master:framework:r');
    expect(m.frame()).toMatch(/↓ \d+ more line\(s\) below/);
    await m.press('y');
    await m.see('granted 0'); // the header's count: the batch is revoked
    expect(calls('revoke')).toHaveLength(1);
  });

  it('on a terminal smaller still, the refusal is short and names the size whole, no word cut', async () => {
    const { m, scan } = setup(80, 24);
    scan.set(roles(3));
    await m.see('r2');
    await m.press('a', 'g');
    await m.see(/grant \d+ permission/);
    m.resize(40, 10);
    const rows = await neededRows(m);
    const middle = (cols: number) => m.frame().split('\n').slice(3, -2).filter((l) => l.trim()).map((l) => { expect([...l].length).toBeLessThanOrEqual(cols); return l; });
    const sizes = [
      [100, 8, `terminal too small to confirm 3 permission(s): it needs at least 30 columns and ${rows} rows · n/Esc cancels`],
      [50, 8, `terminal too small to confirm 3 permission(s): it needs 30x${rows} · n/Esc cancels`],
      [30, 8, `too small to confirm 3 permission(s): needs 30x${rows}`],
    ] as const;
    for (const [cols, lines, text] of sizes) {
      m.resize(cols, lines);
      await seeFlat(m, text);
      // Every line of the refusal is whole words of it: wrapped at spaces, nothing cut.
      for (const l of middle(cols)) expect(text.split(' ')).toEqual(expect.arrayContaining(l.trim().split(' ')));
    }
    // Below the smallest frame (30x8) no question and no refusal: the size the loop needs (tiny-terminal.test.tsx).
    for (const [cols, lines] of [[24, 8], [100, 7], [12, 30]] as const) {
      m.resize(cols, lines);
      await seeFlat(m, `this terminal is ${cols}x${lines}`);
      expect(flat(m)).toContain('n/Esc cancels');
    }
    m.resize(80, 24);
    await m.see(/grant \d+ permission/);
  });

  it('lists every pair of a long batch, scrolled with ↑↓, each rid whole', async () => {
    const long = (i: number) => `dcos:adminrouter:service:${'s'.repeat(100)}${i}${'t'.repeat(40)}`;
    const { m, scan, calls } = setup(80, 24);
    scan.set([...roles(8), ...[0, 1].map((i) => finding(long(i), 'full', { firstSeen: T0 + 20 + i }))]);
    await m.see('findings 1/10');
    await m.press('a', 'g');
    await m.see(/grant \d+ permission/);
    await m.press('y');
    await m.see('batch 1');
    await m.press('u');
    await m.see('undo batch 1: revoke 10');
    await m.see(/↓ \d+ more line\(s\) below \(↑↓ scroll\)/);
    const body = () => m.frame().split('\n').map((l) => l.replace(/^[│ ]+|[│ ]+$/g, '')).join('');
    expect(body()).not.toContain(`${long(1)} full`);
    await m.press(KEY.down);
    await m.see('↑ 1 line(s) above · ↓ 1 more line(s) below');
    await m.press(KEY.down, KEY.down);
    await m.see('↑ 2 line(s) above (↑↓ scroll)');
    expect(body()).toContain(`${long(1)} full`);
    await m.press(KEY.up, KEY.up);
    await m.see('↓ 2 more line(s) below');
    await m.press('y');
    await m.see('undo: revoked 10');
    expect(calls('revoke')[0]?.pairs).toHaveLength(10);
  });
});

describe('the unused list: revoke (g) and grant back (u)', () => {
  const OPS = 'dcos:adminrouter:ops:mesos';
  async function held(cols: number, rows: number) {
    const s = setup(cols, rows);
    s.grants.held.add(`${OPS} full`);
    await s.m.press('v');
    await s.m.see('1 of 1 direct grant(s) unused');
    await s.m.press('a');
    await s.m.see('selected 1 unused grant(s)');
    return s;
  }

  it('revoke: no question on a terminal too small to list the pairs, and y revokes nothing', async () => {
    const { m, calls } = await held(160, 40);
    m.resize(40, 10);
    await m.press('g');
    await seeFlat(m, 'terminal too small to confirm revoking 1 permission(s)');
    await neededRows(m);
    await m.press('y');
    await m.see('terminal too small to show the pairs');
    expect(calls('revokeHeld')).toEqual([]);
    await m.press('n');
    await m.see('cancelled: nothing revoked');
  });

  it('grant back: no question on a terminal too small to list the pairs, and y grants nothing', async () => {
    const { m, calls } = await held(160, 40);
    await m.press('g');
    await m.see('revoke 1 permission(s) from');
    await m.press('y');
    await m.see('revoke batch 1 done');
    m.resize(40, 10);
    await m.press('u');
    await seeFlat(m, 'terminal too small to confirm granting 1 permission(s) back');
    await neededRows(m);
    await m.press(KEY.enter);
    await m.see('terminal too small to show the pairs');
    expect(calls('regrant')).toEqual([]);
    m.resize(160, 40);
    await m.see('undo revoke batch 1: grant 1 permission(s) back');
    expect(m.frame()).toContain(`${OPS} full`);
    await m.press('y');
    await m.see('undo of revoke batch 1: granted 1');
    expect(calls('regrant')).toHaveLength(1);
  });
});
