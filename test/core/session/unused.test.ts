// The loop's second list (held, not used in the window): what may be selected, what `a` takes, what
// a revoke batch plans, and its undo; then the driver's events that carry it (one request at a time
// across both lists).
import { describe, expect, it } from 'vitest';
import {
  appliedPairs, applyRegrant, applyRevoke, createUnusedList, lastUndoableBatch, renderSummary, summarize, keyOf, lastUndoableRevoke, loaded, loopStep, pairsToRegrant, planRevoke, rowState,
  safeUnusedKeys, selectUnused, startLoad, startLoop, statusOf, toggleUnused, unselectable, unusedKey, type UnusedList,
} from '../../../src/core/session/index.js';
import type { PairResult } from '../../../src/core/types.js';
import { buildUnusedReport, type HeldGrant, type UnusedReport } from '../../../src/core/usage/index.js';
import { finding, runLoop, T0 } from './helpers.js';

const UID = 'svc';
const UNUSED = 'dcos:adminrouter:ops:mesos';
const USED = 'dcos:mesos:master:framework:role:r';
const SELF = 'dcos:mesos:master:framework:principal:svc';
const SUPER = 'dcos:adminrouter:acs'; // DANGEROUS (superuser-equivalent)
const GROUP = 'dcos:adminrouter:ops:metadata';
const DAY = 24 * 3600 * 1000;

function report(): UnusedReport {
  const held: HeldGrant[] = [
    { rid: UNUSED, action: 'full', gid: null },
    { rid: USED, action: 'create', gid: null },
    { rid: SELF, action: 'delete', gid: null },
    { rid: SUPER, action: 'full', gid: null },
    { rid: GROUP, action: 'full', gid: 'ops' },
  ];
  return buildUnusedReport({
    uid: UID, cluster: 'https://c', held,
    uses: [{ rid: USED, action: 'create', count: 2, last: T0, component: 'mesos-master', host: 'm1', derived: false }],
    windows: [{ host: 'm1', first: T0 - 10 * DAY, last: T0, components: ['mesos-master', 'adminrouter'] }],
    stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: 1, unverifiedLines: 0, elapsedMs: 1 },
    errors: [],
  });
}

const k = (rid: string, action: string, gid: string | null = null) => unusedKey(UID, { rid, action, gid });
const ready = (): UnusedList => {
  const l = startLoad(createUnusedList(UID));
  return loaded(l, l.loadId, report());
};
const res = (rid: string, action: string, outcome: PairResult['outcome']): PairResult => ({ uid: UID, rid, action, outcome, detail: '', aclCreated: false });

describe('the unused list', () => {
  it('selects only direct grants unused in the window; says why not for the others', () => {
    const l = ready();
    const rows = l.report!.rows;
    expect(rows.map((r) => rowState(l, r))).toEqual(['unused', 'used', 'unused', 'unused', 'group']);
    expect(unselectable(l, rows[1]!)).toMatch(/used in the window/);
    expect(unselectable(l, rows[4]!)).toMatch(/held through group ops/);
    const t = toggleUnused(toggleUnused(l, k(USED, 'create')), k(GROUP, 'full', 'ops'));
    expect(t).toBe(l); // nothing selectable: the same state
    expect([...toggleUnused(l, k(UNUSED, 'full')).selected]).toEqual([k(UNUSED, 'full')]);
  });

  it('a read that was not whole (a source failed, interrupted): nothing is selectable, and it says why', () => {
    const l = ready();
    const partial = { ...l, report: { ...l.report!, incomplete: ['m2.log could not be read: ENOENT'] } };
    const row = partial.report.rows[0]!;
    expect(row.status).toBe('unused');
    expect(unselectable(partial, row)).toBe('the read was not whole (m2.log could not be read: ENOENT): nothing is revoked on it (r reads again)');
    expect(toggleUnused(partial, k(UNUSED, 'full'))).toBe(partial);
    expect(safeUnusedKeys(partial)).toEqual([]);
  });

  it('a answers only what is safe to touch: never the account\'s own rights nor DANGEROUS ones', () => {
    expect(safeUnusedKeys(ready())).toEqual([k(UNUSED, 'full')]);
    // The account audit2grant acts as: none of its rights is safe to take away.
    expect(safeUnusedKeys({ ...ready(), uid: UID }, { actingUid: 'svc' })).toEqual([]);
  });

  it('plans a revoke as revoke --from does: dangerous to touch refused unless --allow-dangerous', () => {
    const l = selectUnused(ready(), [k(UNUSED, 'full'), k(SELF, 'delete'), k(SUPER, 'full'), k(USED, 'create')], true);
    expect(l.selected.has(k(USED, 'create'))).toBe(false);
    const p = planRevoke(l, { allowDangerous: false });
    expect(p.pairs).toEqual([{ uid: UID, rid: UNUSED, action: 'full' }]);
    expect(p.refused.map((r) => r.pair.rid)).toEqual([SELF, SUPER]);
    expect(p.refused[0]!.why).toMatch(/dangerous to touch: .*names svc itself.*--allow-dangerous/);
    const all = planRevoke(l, { allowDangerous: true });
    expect(all.pairs.map((x) => x.rid)).toEqual([UNUSED, SELF, SUPER]);
    expect(all.cautions.map((c) => c.pair.rid)).toEqual([SELF, SUPER]);
  });

  it('keeps a revoke batch for undo, which grants back exactly what it revoked', () => {
    let l = selectUnused(ready(), [k(UNUSED, 'full'), k(SELF, 'delete')], true);
    l = applyRevoke(l, 's-r1', 1, [res(UNUSED, 'full', 'revoked'), res(SELF, 'delete', 'already absent')], T0);
    expect(l.selected.size).toBe(0);
    const row = l.report!.rows[0]!;
    expect(rowState(l, row)).toBe('revoked');
    expect(unselectable(l, row)).toMatch(/revoked already/);
    const b = lastUndoableRevoke(l)!;
    expect(pairsToRegrant(b)).toEqual([{ uid: UID, rid: UNUSED, action: 'full' }]); // not what was absent already
    l = applyRegrant(l, b.id, [res(UNUSED, 'full', 'granted')], T0 + 1);
    expect(rowState(l, row)).toBe('unused');
    expect(lastUndoableRevoke(l)).toBeNull();
    // A batch where nothing was revoked is not kept: nothing to undo.
    expect(applyRevoke(l, 's-r2', 2, [res(UNUSED, 'full', 'failed')], T0).revokes).toHaveLength(1);
  });

  it('drops the answer of an older load and keeps only selections still selectable', () => {
    const l = selectUnused(ready(), [k(UNUSED, 'full')], true);
    const again = startLoad(l);
    expect(loaded(again, l.loadId, report())).toBe(again);
    const used = report();
    used.rows[0] = { ...used.rows[0]!, status: 'used' };
    expect(loaded(again, again.loadId, used).selected.size).toBe(0);
  });
});

describe('the driver carries the unused list', () => {
  const start = startLoop({ id: 's1', uid: UID, by: 'admin', now: T0, heldBefore: [{ uid: UID, rid: UNUSED, action: 'full' }] });

  it('has no second list without one account under review', () => {
    const all = startLoop({ id: 's1', uid: null, now: T0 });
    expect(all.unused).toBeNull();
    expect(loopStep(all, { type: 'usageLoad' }).effect).toBeNull();
  });

  it('asks for a load once at a time, then revokes, then grants back, one request at a time across both lists', () => {
    const { state: l0, effects: e0 } = runLoop(start, { type: 'usageLoad' }, { type: 'usageLoad' });
    expect(e0).toEqual([{ type: 'loadUsage', uid: UID, loadId: 1 }, null]);
    const pair = { uid: UID, rid: UNUSED, action: 'full' };
    const { state: l1, effects: e1 } = runLoop(l0,
      { type: 'usageLoaded', loadId: 1, report: report() },
      { type: 'unusedToggle', key: keyOf(pair) },
      { type: 'revoke', pairs: [pair] },
      { type: 'grant', pairs: [pair], findings: [] },
    );
    expect(e1[2]).toMatchObject({ type: 'send', what: 'revoking 1 permission(s)', job: { kind: 'revoke', batchId: 's1-r1', n: 1 } });
    expect(e1[3]).toEqual({ type: 'busy', what: 'revoking 1 permission(s)' });
    expect(rowState(l1.unused!, l1.unused!.report!.rows[0]!)).toBe('revoking');

    const { state: l2, effects: e2 } = runLoop(l1, { type: 'revoked', results: [res(UNUSED, 'full', 'revoked')], now: T0 + 1 });
    expect(e2[0]).toMatchObject({ type: 'revokeDone', n: 1, effective: true });
    // Revoked: a denial of it is a new finding again, not "already held".
    expect(statusOf(l2.session, finding(UNUSED, 'full', { uid: UID })).status).toBe('new');

    const { state: l3, effects: e3 } = runLoop(l2, { type: 'regrant', batchId: 's1-r1', pairs: [pair] }, { type: 'regranted', results: [res(UNUSED, 'full', 'granted')], now: T0 + 2 });
    expect(e3[0]).toMatchObject({ type: 'send', what: 'undoing: granting back 1 permission(s)' });
    expect(e3[1]).toEqual({ type: 'regrantDone', batchId: 's1-r1', results: [res(UNUSED, 'full', 'granted')] });
    expect(l3.job).toBeNull();
    expect(lastUndoableRevoke(l3.unused!)).toBeNull();
    expect(statusOf(l3.session, finding(UNUSED, 'full', { uid: UID })).status).toBe('already held');
  });

  // Review f-loop3: a revoke batch sends one pair at a time; every row of it showed `revoking` until the end.
  it('shows the pair being revoked, the rest queued, each answer on its row as it comes; keeps each answer time; grants back newest first', () => {
    const pairs = [UNUSED, SELF, SUPER].map((rid) => ({ uid: UID, rid, action: rid === SELF ? 'delete' : 'full' }));
    const states = (l: typeof start) => pairs.map((p) => rowState(l.unused!, l.unused!.report!.rows.find((r) => r.rid === p.rid)!));
    const sent = runLoop(start, { type: 'usageLoad' }, { type: 'usageLoaded', loadId: 1, report: report() }, { type: 'revoke', pairs }).state;
    expect(states(sent)).toEqual(['revoking', 'queued', 'queued']);
    const one = loopStep(sent, { type: 'answered', result: res(UNUSED, 'full', 'revoked'), at: T0 + 5 }).state;
    expect(states(one)).toEqual(['revoked', 'revoking', 'queued']);
    expect(unselectable(one.unused!, one.unused!.report!.rows.find((r) => r.rid === SUPER)!)).toBe('queued: sent once the 1 pair(s) before it in the batch are answered');
    const two = loopStep(one, { type: 'answered', result: res(SELF, 'delete', 'revoked'), at: T0 + 7 }).state;
    const done = loopStep(two, { type: 'revoked', results: [res(UNUSED, 'full', 'revoked'), res(SELF, 'delete', 'revoked'), res(SUPER, 'full', 'revoked')], now: T0 + 9 }).state;
    const b = lastUndoableRevoke(done.unused!)!;
    expect(b.results.map((r) => r.at)).toEqual([T0 + 5, T0 + 7, T0 + 9]);
    // `audit2grant undo` sends the newest revoke first: the rows go in flight in that order.
    expect(pairsToRegrant(b).map((p) => p.rid)).toEqual([SUPER, SELF, UNUSED]);
    const back = loopStep(done, { type: 'regrant', batchId: b.id, pairs: pairsToRegrant(b) }).state;
    expect(states(back)).toEqual(['queued', 'queued', 'granting back']);
    const backOne = loopStep(back, { type: 'answered', result: res(SUPER, 'full', 'failed'), at: T0 + 11 }).state;
    expect(states(backOne)).toEqual(['queued', 'granting back', 'revoked']);
  });

  it('a pair revoked from the list stops counting as held, even one a batch of this session granted or found held', () => {
    const g = { uid: UID, rid: USED, action: 'create' };
    const h = { uid: UID, rid: SELF, action: 'delete' };
    const { state: l1 } = runLoop(start,
      { type: 'grant', pairs: [g, h], findings: [] },
      { type: 'granted', results: [res(USED, 'create', 'granted'), res(SELF, 'delete', 'already held')], now: T0 + 1000 },
      { type: 'revoke', pairs: [g, h] },
      { type: 'revoked', results: [res(USED, 'create', 'revoked'), res(SELF, 'delete', 'revoked')], now: T0 + 5000 },
    );
    // Not in place: not in the header's count, nor the summary's "granted and in place" and its undo hint.
    expect(appliedPairs(l1.session)).toEqual([]);
    expect(renderSummary(summarize(l1.session, T0 + 9000))).not.toContain('granted and in place');
    // A denial after the revoke is a new finding, not the grant's propagation delay.
    for (const p of [g, h]) expect(statusOf(l1.session, finding(p.rid, p.action, { uid: UID, lastSeen: T0 + 8000 }), { now: T0 + 9000 }).status).toBe('new');
    // Nothing the batch granted is left: `u` on the denials list has nothing to take back.
    expect(lastUndoableBatch(l1.session)).toBeNull();
  });

  it('refuses to revoke what a grant batch of this session granted (the window predates it), until an undo takes it back', () => {
    const pair = { uid: UID, rid: UNUSED, action: 'full' };
    const { state: l1, effects } = runLoop(startLoop({ id: 's1', uid: UID, now: T0 }),
      { type: 'usageLoad' }, { type: 'usageLoaded', loadId: 1, report: report() },
      { type: 'unusedToggle', key: keyOf(pair) },
      { type: 'grant', pairs: [pair], findings: [] }, { type: 'granted', results: [res(UNUSED, 'full', 'granted')], now: T0 + 1000 },
      { type: 'unusedToggle', key: keyOf(pair) },
    );
    expect(effects[3]).toMatchObject({ type: 'send' });
    const row = l1.unused!.report!.rows[0]!;
    expect(unselectable(l1.unused!, row)).toBe('granted by this session: no window can show it unused yet');
    expect(l1.unused!.selected.size).toBe(0); // the selection made before the grant is dropped, and a toggle does not select it
    expect(safeUnusedKeys(l1.unused!)).not.toContain(keyOf(pair));
    expect(planRevoke({ ...l1.unused!, selected: new Set([keyOf(pair)]) }, { allowDangerous: false }).pairs).toEqual([]);
    // Undone: judged by the window again.
    const { state: l2 } = runLoop(l1, { type: 'undo', batchId: 's1-b1', pairs: [pair] }, { type: 'undone', results: [res(UNUSED, 'full', 'revoked')], now: T0 + 2000 });
    expect(unselectable(l2.unused!, row)).toBeNull();
  });

  it('a failed load says why, and a late answer of it is dropped', () => {
    const { state } = runLoop(start, { type: 'usageLoad' }, { type: 'usageFailed', loadId: 1, error: 'the IAM said no' }, { type: 'usageLoaded', loadId: 0, report: report() });
    expect(state.unused).toMatchObject({ load: 'failed', error: 'the IAM said no', report: null });
  });
});
