import { describe, expect, it } from 'vitest';
import {
  applyBatch, applyUndo, beginBatch, createSession, currentRound, keyOf, lastUndoableBatch, observe, pairsToUndo, PROPAGATION_GRACE_MS, setSelected, summarize, toggleSelected,
} from '../../../src/core/session/index.js';
import { finding, result, T0, UID } from './helpers.js';
import { nth } from '../../helpers/nth.js';

const ROLE = finding('dcos:mesos:master:framework:role:cassandra-role', 'create');
const RES = finding('dcos:mesos:master:reservation:role:cassandra-role', 'create');

describe('session rounds', () => {
  it('starts with one open round', () => {
    const s = createSession({ id: 's1', uid: UID, now: T0 });
    expect(s.rounds).toHaveLength(1);
    expect(currentRound(s)).toMatchObject({ n: 1, openedAt: T0, closedAt: null });
  });

  it('records new denials in the current round as count deltas, and ignores other principals', () => {
    let s = createSession({ id: 's1', uid: UID, now: T0 });
    s = observe(s, [{ ...ROLE, count: 3 }, finding('x:y', 'read', { uid: 'other' })], 10, T0 + 1000);
    expect(Object.values(currentRound(s).denials)).toEqual([{ uid: UID, rid: ROLE.rid, action: 'create', count: 3 }]);
    expect(s.lastDenialAt).toBe(T0 + 1000);
    s = observe(s, [{ ...ROLE, count: 5 }], 12, T0 + 2000);
    expect(currentRound(s).denials[keyOf(ROLE)]?.count).toBe(5);
    // No change: same state object (cheap for React).
    expect(observe(s, [{ ...ROLE, count: 5 }], 12, T0 + 3000)).toBe(s);
    // Only lines: activity moves, denials do not.
    const s2 = observe(s, [{ ...ROLE, count: 5 }], 20, T0 + 4000);
    expect(s2.lastActivityAt).toBe(T0 + 4000);
    expect(s2.lastDenialAt).toBe(T0 + 2000);
  });

  it('many new findings in one observation: each counted once, the state before left as it was', () => {
    const s0 = observe(createSession({ id: 's1', uid: UID, now: T0 }), [ROLE], 1, T0 + 500);
    const before = { ...currentRound(s0).denials };
    const many = Array.from({ length: 3000 }, (_, i) => finding(`dcos:x:${i}`, 'read', { count: (i % 3) + 1 }));
    const s1 = observe(s0, [{ ...ROLE, count: 4 }, ...many], 10, T0 + 1000);
    const d = currentRound(s1).denials;
    expect(Object.keys(d)).toHaveLength(3001);
    expect(d[keyOf(ROLE)]?.count).toBe(4);
    expect(d[keyOf(many[2]!)]?.count).toBe(3);
    expect(Object.values(d).reduce((n, x) => n + x.count, 0)).toBe(4 + 1000 * (1 + 2 + 3));
    // Immutable for React: the earlier state's round is untouched.
    expect(currentRound(s0).denials).toEqual(before);
    expect(currentRound(s0).denials).not.toBe(d);
  });

  it('a batch with something granted closes the round and opens the next; denials after it go to the next round', () => {
    let s = createSession({ id: 's1', uid: UID, now: T0, by: 'bootstrapuser' });
    s = observe(s, [ROLE], 1, T0 + 1000);
    s = toggleSelected(s, keyOf(ROLE));
    s = beginBatch(s, [ROLE]);
    expect(s.inFlight.has(keyOf(ROLE))).toBe(true);
    s = applyBatch(s, 'b1', [result(ROLE, 'granted')], T0 + 5000, [ROLE]);
    expect(s.inFlight.size).toBe(0);
    expect(s.selected.size).toBe(0);
    expect(s.rounds).toHaveLength(2);
    expect(s.rounds[0]).toMatchObject({ closedAt: T0 + 5000, batch: 'b1' });
    expect(s.batches[0]).toMatchObject({ id: 'b1', round: 1, by: 'bootstrapuser' });
    s = observe(s, [ROLE, { ...RES, lastSeen: T0 + 6000 }], 2, T0 + 7000);
    expect(Object.keys(currentRound(s).denials)).toEqual([keyOf(RES)]);
    expect(Object.keys(nth(s.rounds, 0).denials)).toEqual([keyOf(ROLE)]);
  });

  it('a batch where everything failed or was refused keeps the round open and keeps the selection', () => {
    let s = setSelected(createSession({ id: 's1', uid: UID, now: T0 }), [keyOf(ROLE)], true);
    s = applyBatch(s, 'b1', [result(ROLE, 'failed', 'connection refused')], T0 + 1, [ROLE]);
    expect(s.rounds).toHaveLength(1);
    expect(s.batches).toHaveLength(0);
    expect(s.selected.has(keyOf(ROLE))).toBe(true);
    expect(s.lastResult[keyOf(ROLE)]?.outcome).toBe('failed');
  });

  it('undo revokes only what the batch granted, and marks the batch undone', () => {
    let s = createSession({ id: 's1', uid: UID, now: T0 });
    s = applyBatch(s, 'b1', [result(ROLE, 'granted'), result(RES, 'already held')], T0 + 1, [ROLE, RES]);
    const b = lastUndoableBatch(s)!;
    expect(pairsToUndo(b)).toEqual([{ uid: UID, rid: ROLE.rid, action: 'create' }]);
    s = applyUndo(s, 'b1', [result(ROLE, 'revoked')], T0 + 2);
    expect(s.batches[0]?.undoneAt).toBe(T0 + 2);
    expect(lastUndoableBatch(s)).toBeNull();
    expect(currentRound(s).undone).toHaveLength(1);
    // The granted result stays in the history for the summary.
    expect(s.batches[0]?.results).toHaveLength(2);
  });

  it('a partly failed undo leaves the batch undoable for the rest', () => {
    let s = createSession({ id: 's1', uid: UID, now: T0 });
    s = applyBatch(s, 'b1', [result(ROLE, 'granted'), result(RES, 'granted')], T0 + 1, []);
    s = applyUndo(s, 'b1', [result(ROLE, 'revoked'), result(RES, 'failed', 'timeout')], T0 + 2);
    expect(s.batches[0]?.undoneAt).toBeNull();
    expect(pairsToUndo(lastUndoableBatch(s)!)).toEqual([{ uid: UID, rid: RES.rid, action: 'create' }]);
  });
});

describe('round attribution by log time', () => {
  it('a denial read after the grant but logged before it counts in the round it was logged in', () => {
    let s = createSession({ id: 's1', uid: UID, now: T0 });
    s = observe(s, [{ ...ROLE, count: 2, lastSeen: T0 + 500 }], 2, T0 + 600);
    s = applyBatch(s, 'b1', [result(ROLE, 'granted')], T0 + 1000, [ROLE]);
    // Read late: count 3, but last logged at T0+900, before the grant.
    s = observe(s, [{ ...ROLE, count: 3, lastSeen: T0 + 900 }, { ...RES, lastSeen: T0 + 1500 }], 4, T0 + 1600);
    expect(s.rounds[0]?.denials[keyOf(ROLE)]?.count).toBe(3);
    expect(Object.keys(nth(s.rounds, 1).denials)).toEqual([keyOf(RES)]);
  });
});

describe('the propagation grace in the rounds', () => {
  function granted(at: number) {
    let s = createSession({ id: 's1', uid: UID, now: T0 });
    s = observe(s, [{ ...ROLE, count: 2, lastSeen: T0 + 500 }], 2, T0 + 600);
    return applyBatch(s, 'b1', [result(ROLE, 'granted')], at, [ROLE]);
  }

  it('a denial of the granted pair logged just after the grant stays in the round the grant closed, and is no new denial', () => {
    let s = granted(T0 + 1000);
    s = observe(s, [{ ...ROLE, count: 3, lastSeen: T0 + 3000 }], 4, T0 + 3500);
    expect(s.rounds[0]?.denials[keyOf(ROLE)]?.count).toBe(3);
    expect(s.rounds[1]?.denials).toEqual({});
    expect(s.lastDenialAt).toBe(T0 + 600);
    expect(s.lastActivityAt).toBe(T0 + 3500);
    const sum = summarize(s, T0 + 4000);
    expect(sum.rounds[1]?.denied).toEqual([]);
  });

  it('after the grace, or for a pair the grant did not cover, it is the next round\'s denial', () => {
    let s = granted(T0 + 1000);
    s = observe(s, [{ ...ROLE, count: 3, lastSeen: T0 + 1000 + PROPAGATION_GRACE_MS + 1000 }, { ...RES, lastSeen: T0 + 2000 }], 4, T0 + 9000);
    expect(Object.keys(nth(s.rounds, 1).denials).sort()).toEqual([keyOf(ROLE), keyOf(RES)].sort());
    expect(s.lastDenialAt).toBe(T0 + 9000);
  });
});

describe('grant tally', () => {
  it('counts every outcome sent, effective batches or not', () => {
    let s = createSession({ id: 's1', uid: UID, now: T0 });
    s = applyBatch(s, 'b1', [result(ROLE, 'failed', 'x')], T0 + 1, [ROLE]);
    s = applyBatch(s, 'b2', [result(ROLE, 'granted'), result(RES, 'refused', 'rail')], T0 + 2, [ROLE]);
    expect(s.tally).toEqual({ failed: 1, granted: 1, refused: 1 });
  });
});
