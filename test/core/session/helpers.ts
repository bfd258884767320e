import { loopStep, type LoopEffect, type LoopEvent, type LoopState } from '../../../src/core/session/index.js';
import type { Finding, PairResult } from '../../../src/core/types.js';

export const T0 = Date.parse('2026-03-01T12:00:00Z');
export const UID = 'cassandra-sa';

export function finding(rid: string, action: string, over: Partial<Finding> = {}): Finding {
  return {
    uid: UID, rid, action, kind: 'permission', count: 1, firstSeen: T0, lastSeen: T0, hosts: ['10.0.0.1'], components: ['mesos-master'],
    risk: 'normal', catalog: null, explanation: '', warnings: [], derived: null, example: 'line', ...over,
  };
}

export const result = (f: Pick<Finding, 'uid' | 'rid' | 'action'>, outcome: PairResult['outcome'], detail = ''): PairResult => ({
  uid: f.uid, rid: f.rid, action: f.action, outcome, detail, aclCreated: outcome === 'granted',
});

/** The loop driver after `events`, in order, and the effect of each. */
export function runLoop(l: LoopState, ...events: LoopEvent[]): { state: LoopState; effects: Array<LoopEffect | null> } {
  const effects: Array<LoopEffect | null> = [];
  for (const e of events) {
    const r = loopStep(l, e);
    l = r.state;
    effects.push(r.effect);
  }
  return { state: l, effects };
}
