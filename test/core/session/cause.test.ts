import { describe, expect, it } from 'vitest';
import { hasCause, sharedCause } from '../../../src/core/session/index.js';
import { finding, result } from './helpers.js';

const A = finding('dcos:mesos:master:framework:role:a', 'create');
const B = finding('dcos:mesos:master:framework:role:b', 'create');
const C = finding('dcos:mesos:master:framework:role:c', 'create');

describe('the one reason a batch failed for', () => {
  it('is the detail every failed or refused pair shares; pairs stopped by an earlier error share it', () => {
    const rs = [result(A, 'granted'), result(B, 'failed', 'token expired'), result(C, 'failed', 'not attempted: stopped after an earlier error')];
    expect(sharedCause(rs)).toBe('token expired');
    expect(rs.map((r) => hasCause(r, 'token expired'))).toEqual([false, true, false]);
  });

  it('is none when the reasons differ or nothing failed', () => {
    expect(sharedCause([result(A, 'failed', 'x'), result(B, 'refused', 'y')])).toBeNull();
    expect(sharedCause([result(A, 'granted'), result(B, 'already held')])).toBeNull();
    expect(sharedCause([result(A, 'failed')])).toBeNull();
    // One failure among other answers keeps its reason on its row.
    expect(sharedCause([result(A, 'already undone', 'x'), result(B, 'refused', 'y')])).toBeNull();
    expect(sharedCause([result(A, 'refused', 'y')])).toBe('y');
  });
});
