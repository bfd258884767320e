// The held-not-used list's screen as data (unused-view.ts): each row's last use is formatted once,
// the rid column is one width for every row so rids that differ only in the middle show where, and
// the detail shows a rid of any length whole, over lines of its own, scrolled with `[` `]`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as format from '../../src/core/format.js';
import { createUnusedList, loaded, startLoad, type UnusedList } from '../../src/core/session/index.js';
import { buildUnusedReport, type HeldGrant, type Use } from '../../src/core/usage/index.js';
import { unusedDetailWindow, unusedScreen } from '../../src/ui/unused-view.js';

const UID = 'svc';
const T0 = Date.UTC(2026, 9, 1);
/** 200 characters; two of them differ only at the 113th. */
const mid = (c: string) => `dcos:adminrouter:service:${'a'.repeat(87)}${c}${'a'.repeat(87)}`;

function list(held: HeldGrant[], uses: Use[]): UnusedList {
  const report = buildUnusedReport({
    uid: UID, cluster: 'https://c', held, uses,
    windows: [{ host: 'm1', first: T0 - 10 * 86_400_000, last: T0, components: ['mesos-master', 'adminrouter'] }],
    stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: uses.length, unverifiedLines: 0, elapsedMs: 1 },
    errors: [],
  });
  const l = startLoad(createUnusedList(UID));
  return loaded(l, l.loadId, report);
}

const use = (rid: string, action: string, last: number): Use => ({ rid, action, count: 1, last, component: 'adminrouter', host: 'm1', derived: false });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the held-not-used screen', () => {
  it('formats each row’s last use once per render', () => {
    const rids = ['dcos:adminrouter:ops:mesos', 'dcos:adminrouter:ops:metadata', 'dcos:mesos:master:log'];
    const l = list(
      [...rids.map((rid) => ({ rid, action: 'full', gid: null })), { rid: 'dcos:adminrouter:ops:system-health', action: 'full', gid: null }],
      rids.map((rid, i) => use(rid, 'full', T0 - i * 60_000)),
    );
    const formatTime = vi.spyOn(format, 'formatTime');
    const s = unusedScreen(l, 120);
    // Three rows used (a time each), one not used (no time): three calls, not three per row.
    expect(s.lines.filter((x) => x.text.includes('last 2026-'))).toHaveLength(3);
    expect(formatTime).toHaveBeenCalledTimes(3);
  });

  it('two 200-character rids differing only in the middle: the rows show the difference in the same column', () => {
    // One used (a longer last use than the other's): the rid column is one width all the same.
    const l = list([{ rid: mid('A'), action: 'full', gid: null }, { rid: mid('B'), action: 'full', gid: null }], [use(mid('A'), 'full', T0)]);
    const [a = '', b = ''] = unusedScreen(l, 120).lines.map((x) => x.text);
    expect(a).toMatch(/^\[ \] used .*last 2026-10-01T00:00:00Z$/);
    expect(b).toMatch(/^\[ \] unused .*not used in the window$/);
    expect(a.indexOf('A')).toBeGreaterThan(0);
    expect(a.indexOf('A')).toBe(b.indexOf('B'));
    expect(a.indexOf(' full')).toBe(b.indexOf(' full'));
    expect(a.length).toBeLessThanOrEqual(120);
  });

  it('a rid that fits is whole, its last segment too; the last-use note takes what is left (the detail says it whole)', () => {
    const rid = 'dcos:mesos:master:framework:role:svc-ab-role'; // 44 characters
    const l = list([{ rid, action: 'create', gid: null }, { rid: 'dcos:adminrouter:ops:mesos', action: 'full', gid: null }], []);
    for (const width of [80, 72]) {
      const [a = ''] = unusedScreen(l, width).lines.map((x) => x.text);
      expect(a).toContain(`${rid} create`);
      expect(a.length).toBeLessThanOrEqual(width - 1);
    }
    expect(unusedScreen(l, 80).lines[0]?.text).toMatch(/svc-ab-role create {2}not u…$/);
    expect(unusedScreen(l, 72).lines[0]?.text).toMatch(/svc-ab-role create$/); // no room left for the note
    // Whole in the short state words, cut in the long ones: the short ones (no cliff at 2 columns).
    const long = `dcos:mesos:master:framework:role:${'x'.repeat(21)}`; // 54 characters
    const w = list([{ rid: long, action: 'create', gid: null }], []);
    for (const width of [80, 81, 82]) expect(unusedScreen(w, width).lines[0]?.text).toContain(`${long} create`);
    // Too narrow for it whole: cut in the middle, its last segment kept, the note shorter still.
    const [n = ''] = unusedScreen(l, 60).lines.map((x) => x.text);
    expect(n).toMatch(/dcos:mesos:…:svc-ab-role create/);
    expect(n.length).toBeLessThanOrEqual(59);
  });

  it('the detail shows the whole rid; on a pane too short for it, [ ] scroll through it', () => {
    const l = list([{ rid: mid('A'), action: 'full', gid: null }], []);
    const row = l.report!.rows[0]!;
    // 160 columns: the rid on two lines of its own, then the rest; three lines show it whole, and
    // say that the rest is below.
    const wide = unusedDetailWindow(l, row, 160, 3, 0);
    expect(wide.lines.join('')).toBe(mid('A'));
    expect(wide.more).toMatch(/^↓ 3 more line\(s\) below \(\[ \] scroll\)$/);
    expect(unusedDetailWindow(l, row, 160, 3, 1).lines[1]).toBe('full: NORMAL, held directly');
    expect(unusedDetailWindow(l, row, 160, 3, wide.max).lines.join('\n')).toContain('space selects it');
    // 60 columns: four lines of rid in a pane of three; each window shows two, with what is left.
    const first = unusedDetailWindow(l, row, 60, 3, 0);
    expect(first.more).toMatch(/↓ \d+ more line\(s\) below \(\[ \] scroll\)/);
    const seen = new Map<number, string>();
    for (let at = 0; at <= first.max; at++) {
      const w = unusedDetailWindow(l, row, 60, 3, at);
      w.lines.forEach((t, i) => seen.set(w.offset + i, t));
    }
    expect([0, 1, 2, 3].map((i) => seen.get(i)).join('')).toBe(mid('A'));
  });
});

describe('a read that was not whole', () => {
  it('says so above the rows, with why', () => {
    const l = list([{ rid: 'dcos:adminrouter:ops:mesos', action: 'full', gid: null }], []);
    const partial = { ...l, report: { ...l.report!, incomplete: ['the scan was interrupted before the end of its sources'] } };
    expect(unusedScreen(partial, 120).warnings.at(-1)).toBe('the read was not whole (the scan was interrupted before the end of its sources): nothing here is revoked on it — r reads again');
    expect(unusedScreen(l, 120).warnings.some((w) => w.includes('not whole'))).toBe(false);
  });
});
