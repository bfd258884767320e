import { describe, expect, it } from 'vitest';
import { applyBatch, createSession, keyOf, observe } from '../../../src/core/session/index.js';
import { finding, result, T0, UID } from './helpers.js';
import { nth } from '../../helpers/nth.js';

const ROLE = finding('dcos:mesos:master:framework:role:cassandra-role', 'create');
const SECRET = finding('dcos:secrets:default:/cassandra/keystore', 'read');

describe('rounds and the precision of log times', () => {
  function afterGrantAt(grantAt: number) {
    let s = createSession({ id: 's1', uid: UID, now: T0 });
    s = observe(s, [ROLE], 1, T0 + 100);
    return applyBatch(s, 'b1', [result(ROLE, 'granted')], grantAt, [ROLE]);
  }

  it('a whole-second log time in the second of a grant counts in the round the grant opened', () => {
    const grantAt = T0 + 5_400; // 12:00:05.400
    const s = observe(afterGrantAt(grantAt), [ROLE, { ...SECRET, lastSeen: T0 + 5_000 }], 2, grantAt + 300);
    expect(s.rounds[1]?.denials[keyOf(SECRET)]?.count).toBe(1);
    expect(nth(s.rounds, 0).denials[keyOf(SECRET)]).toBeUndefined();
  });

  it('a precise log time before the grant, or a whole second before its second, stays in the earlier round', () => {
    const grantAt = T0 + 5_400;
    let s = observe(afterGrantAt(grantAt), [ROLE, { ...SECRET, lastSeen: T0 + 5_100 }], 2, grantAt + 300);
    expect(s.rounds[0]?.denials[keyOf(SECRET)]?.count).toBe(1);
    s = observe(afterGrantAt(grantAt), [ROLE, { ...SECRET, lastSeen: T0 + 4_000 }], 2, grantAt + 300);
    expect(s.rounds[0]?.denials[keyOf(SECRET)]?.count).toBe(1);
  });
});
