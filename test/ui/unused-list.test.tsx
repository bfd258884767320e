// The loop's second list (v: held, not used in the window), through fake ports: it opens only with
// one account and a cluster, shows each held grant's verdict and the window warning, selects only
// unused direct grants (`a` never what is dangerous to touch), asks before revoking (naming the
// account and the pairs), revokes through the port, and undo asks before granting back. A long rid
// is shown whole in the detail (`[` `]` scroll it) and kept apart from a look-alike in the rows.
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeCount, Use } from '../../src/core/usage/index.js';
import { App } from '../../src/ui/App.js';
import type { StartUsage } from '../../src/ui/ports.js';
import { fakeGrants, fakeScan, KEY, mount } from './harness.js';

const UID = 'svc';
const OPS = 'dcos:adminrouter:ops:mesos';
const ROLE = 'dcos:mesos:master:framework:role:svc-role';
const SELF = 'dcos:mesos:master:framework:principal:svc';
const META = 'dcos:adminrouter:ops:metadata';
const T0 = Date.UTC(2026, 9, 1);

let unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

function setup(opts: { uid?: string | null; cluster?: boolean; usage?: boolean; nodes?: NodeCount } = {}) {
  const scan = fakeScan();
  const grants = fakeGrants();
  if (opts.nodes) grants.port.nodes = async () => opts.nodes!;
  for (const p of [`${OPS} full`, `${ROLE} create`, `${SELF} delete`]) grants.held.add(p);
  grants.groupHeld.push({ rid: META, action: 'full', gid: 'ops' });
  let scans = 0;
  const uses: Use[] = [{ rid: ROLE, action: 'create', count: 3, last: T0 + 3600_000, component: 'mesos-master', host: 'master-1', derived: false }];
  /** What the next reads say besides (a part not read), and a gate they wait at until released. */
  const next: { incomplete?: string[]; gate?: Promise<void> } = {};
  // Two hours of one host: the window is short (a warning on the list).
  const usage: StartUsage = async () => {
    scans++;
    await next.gate;
    return {
      ...(next.incomplete ? { incomplete: next.incomplete } : {}),
      uses,
      windows: [{ host: 'master-1', first: T0, last: T0 + 7200_000, components: ['mesos-master', 'adminrouter'] }],
      stats: { sources: 1, bytes: 10, lines: 10, records: 10, allows: 3, unverifiedLines: 0, elapsedMs: 1 },
      errors: [],
    };
  };
  const m = mount(
    <App
      uid={opts.uid === undefined ? UID : opts.uid}
      startScan={scan.start}
      grants={opts.cluster === false ? null : grants.port}
      exporter={null}
      usage={opts.usage === false ? null : usage}
      sessionId="sess-1"
      quietMs={60_000}
      allowDangerous={false}
      forceNative={false}
      onExit={() => {}}
      flushMs={5}
    />,
    { cols: 160, rows: 40 },
  );
  unmounts.push(m.unmount);
  return { m, grants, scan, uses, next, scans: () => scans };
}

describe('the held-not-used list (v)', () => {
  it('warns of nodes not read, as audit2grant unused does, and still lets unused grants be selected', async () => {
    const { m } = setup({ nodes: { masters: 3, agents: 2 } });
    await m.see('v unused');
    await m.press('v');
    await m.see('held by svc, not used in the window');
    await m.see('records were read from 1 host, but the cluster lists 3 masters and 2 agents');
    await m.press('a');
    await m.see('selected 1 unused grant(s) safe to touch');
  });

  it('shows each held grant with its verdict, the window warning, and the group grant not selectable', async () => {
    const { m, scans } = setup();
    await m.see('v unused');
    await m.press('v');
    await m.see('held by svc, not used in the window: 2 of 3 direct grant(s) unused, 1 through groups');
    expect(scans()).toBe(1);
    const f = m.frame();
    expect(f).toMatch(/warning: the window read is shorter than 7 d on 1 host: master-1 \(2 h\)/);
    expect(f).toMatch(/\[ \] unused\s+norm\s+dcos:adminrouter:ops:mesos\s+full\s+not used in the window/);
    expect(f).toMatch(/\[ \] used\s+norm\s+dcos:mesos:master:framework:role:svc-role\s+create\s+last 2026-10-01T01:00:00Z/);
    expect(f).toMatch(/\[ \] unused\s+\S+\s+! dcos:mesos:master:framework:principal:svc\s+delete/); // dangerous to touch: marked
    expect(f).toMatch(/ {4}group\s+norm\s+dcos:adminrouter:ops:metadata\s+full\s+held through group ops/);
    expect(f).toContain('g revoke');
    // The group's row says why it is not selectable.
    await m.press(KEY.down, KEY.down, KEY.down, ' ');
    await m.see('not selectable: held through group ops: never revoked from the account');
    // A denials-list key says where it works rather than doing nothing.
    await m.press('/');
    await m.see('the filter works on the denials list: v goes back to it');
    // Back and forth keeps each list; the verdict is not computed again.
    await m.press('v');
    await m.see('v unused');
    await m.press('v');
    await m.see('held by svc');
    expect(scans()).toBe(1);
  });

  it('a selects only what is safe to touch; g asks naming the account, revokes; u asks, grants back', async () => {
    const { m, grants } = setup();
    await m.press('v');
    await m.see('2 of 3 direct grant(s) unused');
    await m.press('a');
    await m.see('selected 1 unused grant(s) safe to touch: g to revoke; 1 dangerous to touch left to select by hand');
    await m.press('d');
    await m.see('dry run: 1 revoke(s), nothing is changed');
    expect(m.frame()).toContain(`DELETE https://sandbox.test/acs/api/v1/acls/${OPS}/users/svc/full`);
    await m.press('x', 'g');
    await m.see('revoke 1 permission(s) from svc:');
    expect(m.frame()).toContain(`${OPS} full`);
    expect(grants.calls.filter((c) => c.op === 'revokeHeld')).toEqual([]); // asked first
    await m.press('y');
    await m.see('revoke batch 1 done: u grants it back');
    expect(grants.calls.filter((c) => c.op === 'revokeHeld')).toEqual([{ op: 'revokeHeld', pairs: [{ uid: UID, rid: OPS, action: 'full' }] }]);
    expect(grants.held.has(`${OPS} full`)).toBe(false);
    expect(m.frame()).toMatch(/revoked\s+norm\s+dcos:adminrouter:ops:mesos/);

    await m.press('u');
    await m.see('undo revoke batch 1: grant 1 permission(s) back to svc');
    await m.press(KEY.enter);
    await m.see('undo of revoke batch 1: granted 1 for svc');
    expect(grants.held.has(`${OPS} full`)).toBe(true);
    expect(m.frame()).toMatch(/\[ \] unused\s+norm\s+dcos:adminrouter:ops:mesos/);
    await m.press('u');
    await m.see('no revoke to undo in this session');
  });

  it('g over followed sources reads them again first: a grant used since the list was read is left out, not revoked', async () => {
    const { m, grants, uses, scans } = setup();
    await m.press('v');
    await m.see('2 of 3 direct grant(s) unused');
    await m.press('a');
    await m.see('selected 1 unused grant(s) safe to touch');
    // The service uses OPS after the list was read: the followed log now holds it.
    uses.push({ rid: OPS, action: 'full', count: 1, last: T0 + 7000_000, component: 'adminrouter', host: 'master-1', derived: false });
    await m.press('g');
    await m.see('1 selected grant(s) used since the list was read: nothing to revoke');
    expect(scans()).toBe(2);
    expect(m.frame()).not.toContain('revoke 1 permission(s) from svc:');
    expect(m.frame()).toMatch(/\[ \] used\s+norm\s+dcos:adminrouter:ops:mesos/);
    expect(grants.calls.filter((c) => c.op === 'revokeHeld')).toEqual([]);
  });

  it('g over followed sources: a read again that is not whole asks nothing, and says why', async () => {
    const { m, grants, next } = setup();
    await m.press('v');
    await m.see('2 of 3 direct grant(s) unused');
    await m.press('a');
    await m.see('selected 1 unused grant(s) safe to touch');
    next.incomplete = ['ssh://master-2 could not be read: connection refused'];
    await m.press('g');
    await m.see('read again, not whole (ssh://master-2 could not be read: connection refused): nothing asked, nothing revoked');
    expect(grants.calls.filter((c) => c.op === 'revokeHeld')).toEqual([]);
  });

  it('g over followed sources, the list left while it reads again: no question pops up elsewhere', async () => {
    const { m, grants, next } = setup();
    await m.press('v');
    await m.see('2 of 3 direct grant(s) unused');
    await m.press('a');
    await m.see('selected 1 unused grant(s) safe to touch');
    let release = (): void => undefined;
    next.gate = new Promise<void>((r) => (release = r));
    await m.press('g');
    await m.see('reading the sources again before asking');
    await m.press('v');
    await m.see('v unused');
    release();
    await m.see('the held-not-used list was read again: g there asks on it');
    expect(m.frame()).not.toContain('revoke 1 permission(s) from svc:');
    expect(grants.calls.filter((c) => c.op === 'revokeHeld')).toEqual([]);
  });

  it('g over sources read to their end asks at once, on the list as read', async () => {
    const { m, scan, scans } = setup();
    scan.state.done = true;
    scan.state.sources = [{ label: 'journal.log', state: 'done', bytes: 2048, size: 2048 }];
    scan.set([]);
    await m.press('v');
    await m.see('2 of 3 direct grant(s) unused');
    await m.press('a');
    await m.see('selected 1 unused grant(s) safe to touch');
    await m.press('g');
    await m.see('revoke 1 permission(s) from svc:');
    expect(scans()).toBe(1);
  });

  it('the cursor stays on its grant when a re-read puts another row above it (a row number would sit on another grant)', async () => {
    const { m, grants, scans } = setup();
    await m.press('v');
    await m.see('2 of 3 direct grant(s) unused');
    await m.press(KEY.down, KEY.down); // on principal:svc
    // Granted meanwhile, by someone else: listed first by the IAM.
    const before = [...grants.held];
    grants.held.clear();
    for (const p of ['dcos:adminrouter:ops:aaa full', ...before]) grants.held.add(p);
    await m.press('r');
    await m.see('3 of 4 direct grant(s) unused');
    expect(scans()).toBe(2);
    await m.press(' ');
    await m.see(/›\[x\] selected\s+\S+\s+! dcos:mesos:master:framework:principal:svc/);
    expect(m.frame()).toMatch(/\[ \] unused\s+\S+\s+dcos:adminrouter:ops:aaa[\s\S]*principal:svc/);
    expect(m.frame()).toMatch(/\[ \] used\s+norm\s+dcos:mesos:master:framework:role:svc-role/);
  });

  it('a key acting on the first row, the cursor never moved, holds it there too', async () => {
    const { m, grants } = setup();
    await m.press('v');
    await m.see('2 of 3 direct grant(s) unused');
    await m.press(' '); // on ops:mesos, the first row
    await m.see(/›\[x\] selected\s+norm\s+dcos:adminrouter:ops:mesos/);
    const before = [...grants.held];
    grants.held.clear();
    for (const p of ['dcos:adminrouter:ops:aaa full', ...before]) grants.held.add(p);
    await m.press('r');
    await m.see('3 of 4 direct grant(s) unused');
    await m.see(/›\[x\] selected\s+norm\s+dcos:adminrouter:ops:mesos/);
  });

  it('the one dangerous to touch is refused in the question without --allow-dangerous', async () => {
    const { m, grants } = setup();
    await m.press('v');
    await m.see('2 of 3 direct grant(s) unused');
    await m.press(KEY.down, KEY.down, ' ', 'g');
    await m.see('nothing to revoke from svc: the policy refused the whole selection');
    expect(m.frame()).toMatch(/principal:svc delete: dangerous to touch: .*names svc itself/);
    await m.press('y');
    await m.see('cancelled: nothing revoked');
    expect(grants.calls.some((c) => c.op === 'revokeHeld')).toBe(false);
  });

  it('a 200-character rid: the rows show where two differ; the detail shows it whole, [ ] scroll the rest', async () => {
    const mid = (c: string) => `dcos:adminrouter:service:${'a'.repeat(87)}${c}${'a'.repeat(87)}`;
    const { m, grants } = setup();
    for (const c of ['A', 'B']) grants.held.add(`${mid(c)} full`);
    await m.press('v');
    await m.see('4 of 5 direct grant(s) unused');
    const row = (c: string) => m.frame().split('\n').find((l) => l.includes('dcos:adminrouter:service:') && l.includes(c)) ?? '';
    expect(row('A').indexOf('A')).toBe(row('B').indexOf('B'));
    // The frame's lines joined: the rid wrapped over the detail's lines reads whole.
    const joined = () => m.frame().split('\n').map((l) => l.trimEnd()).join('');
    // The detail's 3 lines: the rid on two, and the line saying what is below (pane-window.ts).
    await m.press(KEY.down, KEY.down, KEY.down);
    await m.see(/↓ 3 more line\(s\) below \(\[ \] scroll\)/);
    expect(joined()).toContain(`${mid('A')}↓ 3 more line(s) below`);
    expect(joined()).not.toContain(mid('B'));
    await m.press(']');
    await m.see(/↑ 1 line\(s\) above · ↓ 2 more line\(s\) below \(\[ \] scroll\)/);
    expect(m.frame()).toContain('full: NORMAL, held directly');
    await m.press(']', ']');
    await m.see('space selects it; g revokes the selection');
    await m.press('[', '[', '[');
    await m.see(/^dcos:adminrouter:service:a/m);
    expect(joined()).toContain(`${mid('A')}↓ 3 more line(s) below`);
    // Another row starts at the top, with its own rid.
    await m.press(']', KEY.down);
    await m.see(/^dcos:adminrouter:service:a+B/m);
    expect(joined()).toContain(`${mid('B')}↓ 3 more line(s) below`);
    // A detail that fits has nothing to scroll, and says so.
    await m.press(KEY.up, KEY.up, KEY.up, ']');
    await m.see('the detail shows all of this grant');
  });

  it('says why it is not there: read-only, or more than one account', async () => {
    const ro = setup({ cluster: false });
    await ro.m.see('read-only');
    expect(ro.m.frame()).not.toContain('v unused');
    await ro.m.press('v');
    await ro.m.see('no cluster configured: the held-not-used list reads what the account holds from the IAM');
    const all = setup({ uid: null });
    await all.m.press('v');
    await all.m.see('the held-not-used list is for one account: start the loop with --uid UID');
  });
});
