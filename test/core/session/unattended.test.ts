// The unattended pace: grant once the pending denials settled; blocked when the open round was
// denied only what is not granted unattended.
import { describe, expect, it } from 'vitest';
import { autoNext, keyOf, loopStep, startLoop, startPace } from '../../../src/core/session/index.js';
import { finding, result, T0, UID } from './helpers.js';

const normal = finding('dcos:mesos:master:framework:role:r', 'create');
const sensitive = finding('dcos:secrets:default:/c/keystore', 'read', { risk: 'sensitive' });
const o = { yes: false, settleMs: 1000 };

describe('autoNext', () => {
  const l = loopStep(startLoop({ id: 's1', uid: UID, now: T0 }), { type: 'observed', findings: [normal, sensitive], lines: 2, now: T0 }).state;

  it('waits until no new pending denial came for the settle time, then grants the safe ones', () => {
    const first = autoNext(startPace(T0), l.session, [normal], T0 + 500, o);
    expect(first.next).toEqual({ type: 'wait' });
    expect([...first.pace.seen]).toEqual([keyOf(normal)]);
    // A new finding restarts the settle time.
    const second = autoNext(first.pace, l.session, [normal, sensitive], T0 + 1400, o);
    expect(second.next).toEqual({ type: 'wait' });
    expect(second.pace.lastNewAt).toBe(T0 + 1400);
    const third = autoNext(second.pace, l.session, [normal, sensitive], T0 + 2400, o);
    expect(third.next).toEqual({ type: 'grant', pairs: [{ uid: UID, rid: normal.rid, action: normal.action }] });
    expect(third.pace).toBe(second.pace);
    expect(third.decision.skipped.map((x) => x.finding)).toEqual([sensitive]);
  });

  it('is blocked once the round after a batch was denied only what is not granted unattended', () => {
    const sent = loopStep(l, { type: 'grant', pairs: [normal], findings: [normal, sensitive] }).state;
    const done = loopStep(sent, { type: 'granted', results: [result(normal, 'granted')], now: T0 + 10_000 }).state;
    const pace = { seen: new Set([keyOf(normal), keyOf(sensitive)]), lastNewAt: T0 };
    // Round 2 saw no denial yet: waiting for the service's retry, not blocked.
    expect(autoNext(pace, done.session, [normal, sensitive], T0 + 12_000, o).next).toEqual({ type: 'wait' });
    const again = { ...sensitive, count: 2, lastSeen: T0 + 11_000 };
    const seen = loopStep(done, { type: 'observed', findings: [normal, again], lines: 3, now: T0 + 11_000 }).state;
    expect(autoNext(pace, seen.session, [normal, again], T0 + 12_000, o).next).toEqual({ type: 'blocked' });
    // With --yes it is granted instead.
    expect(autoNext(pace, seen.session, [normal, again], T0 + 12_000, { ...o, yes: true }).next.type).toBe('grant');
  });
});
