// Why each grant batch of the session failed, for the help overlay: from the batch's own answers,
// the batches that granted nothing as well as those that granted part, the newest first.
import { describe, expect, it } from 'vitest';
import { batchNumber, failedBatches, startLoop, STOPPED_BEFORE, type LoopEvent } from '../../../src/core/session/index.js';
import { STOPPED_AFTER_ERROR, type GrantPair } from '../../../src/core/types.js';
import { finding, result, runLoop, T0, UID } from './helpers.js';

const [A, B, C] = ['a', 'b', 'c'].map((r) => finding(`dcos:mesos:master:framework:role:${r}`, 'create'));
const pair = (f: GrantPair): GrantPair => ({ uid: f.uid, rid: f.rid, action: f.action });
const batch = (results: ReturnType<typeof result>[], at: number): LoopEvent[] => [
  { type: 'grant', pairs: results.map(pair), findings: [A!, B!, C!] },
  { type: 'granted', results, now: at },
];

describe('failed batches', () => {
  it('a batch an error stopped: its one reason, and the pairs left unsent counted as stopped by it', () => {
    expect(STOPPED_BEFORE).toBe(`not attempted: ${STOPPED_AFTER_ERROR}`);
    const { state } = runLoop(startLoop({ id: 's', uid: UID, by: null, now: T0 }), ...batch([result(A!, 'failed', 'token expired'), result(B!, 'failed', STOPPED_BEFORE), result(C!, 'failed', STOPPED_BEFORE)], T0 + 1));
    expect(failedBatches(state.session)).toEqual([{ n: 1, cause: 'token expired', failed: [expect.objectContaining({ rid: A!.rid })], stopped: 2, total: 3 }]);
  });

  it('every failed batch, newest first, a part-granted one too; a batch with no failure is none', () => {
    const { state } = runLoop(
      startLoop({ id: 's', uid: UID, by: null, now: T0 }),
      ...batch([result(A!, 'failed', 'x'), result(B!, 'refused', 'y')], T0 + 1),
      ...batch([result(A!, 'granted'), result(C!, 'failed', 'z')], T0 + 2),
      ...batch([result(B!, 'granted')], T0 + 3),
    );
    const failed = failedBatches(state.session);
    expect(failed.map((b) => [b.n, b.cause, b.failed.map((r) => r.detail), b.total])).toEqual([
      [2, null, ['z'], 2],
      [1, null, ['x', 'y'], 2],
    ]);
  });

  it('reads a batch number from its id', () => {
    expect(batchNumber('sess-1-b12')).toBe(12);
    expect(batchNumber('sess-1-r2')).toBeNull();
  });
});
