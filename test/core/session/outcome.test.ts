import { describe, expect, it } from 'vitest';
import { applyBatch, createSession, loopOutcome } from '../../../src/core/session/index.js';
import { finding, result, T0, UID } from './helpers.js';

const ROLE = finding('dcos:mesos:master:framework:role:cassandra-role', 'create');
const RES = finding('dcos:mesos:master:reservation:role:cassandra-role', 'create');
const noFailedSources = { failed: [], total: 1 };

describe('loop outcome (exit code)', () => {
  const s0 = createSession({ id: 's', uid: UID, now: T0 });

  it('0 when nothing was sent, or something took effect, and every source is fine', () => {
    expect(loopOutcome(s0, noFailedSources)).toEqual({ code: 0, why: [] });
    const s = applyBatch(applyBatch(s0, 'b1', [result(ROLE, 'failed', 'x')], T0 + 1), 'b2', [result(ROLE, 'granted')], T0 + 2);
    expect(loopOutcome(s, noFailedSources).code).toBe(0);
    expect(loopOutcome(applyBatch(s0, 'b', [result(ROLE, 'dry-run')], T0 + 1), noFailedSources).code).toBe(0);
  });

  it('1 when every grant sent failed or was refused', () => {
    const s = applyBatch(applyBatch(s0, 'b1', [result(ROLE, 'failed', 'x')], T0 + 1), 'b2', [result(RES, 'refused', 'rail')], T0 + 2);
    expect(loopOutcome(s, noFailedSources)).toEqual({ code: 1, why: ['every grant sent failed (2 pair(s): 1 failed, 1 refused): the reasons are listed above'] });
  });

  it('names the one reason every failed pair shares (an expired token), once', () => {
    const s = applyBatch(applyBatch(s0, 'b1', [result(ROLE, 'failed', 'token expired')], T0 + 1), 'b2', [result(RES, 'failed', 'token expired')], T0 + 2);
    expect(loopOutcome(s, noFailedSources).why).toEqual(['every grant sent failed (2 pair(s): 2 failed, 0 refused): token expired']);
  });

  it('1 when sources are left failed, naming the first', () => {
    const all = loopOutcome(s0, { failed: [{ label: 'ssh://m1', error: 'connect ECONNREFUSED' }], total: 1 });
    expect(all).toEqual({ code: 1, why: ['every source failed: ssh://m1: connect ECONNREFUSED'] });
    const some = loopOutcome(s0, { failed: [{ label: 'a.log', error: 'no such file' }, { label: 'b.log', error: 'x' }], total: 3 });
    expect(some.why).toEqual(['2 of 3 source(s) failed: a.log: no such file (+1 more)']);
  });
});
