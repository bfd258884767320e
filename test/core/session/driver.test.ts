// The loop driver: the one sequence the TUI and the unattended demo run (observe → held → grant →
// apply → undo), one IAM request at a time, with the effect the caller must carry out.
import { describe, expect, it } from 'vitest';
import { currentRound, keyOf, loopStep, pairsToUndo, renderSummary, startLoop, statusOf, summarize } from '../../../src/core/session/index.js';
import type { PairResult } from '../../../src/core/types.js';
import { finding, result, runLoop, T0, UID } from './helpers.js';

const a = finding('dcos:mesos:master:framework:role:r', 'create');
const b = finding('dcos:mesos:master:reservation:role:r', 'create');
const pair = ({ uid, rid, action }: { uid: string; rid: string; action: string }) => ({ uid, rid, action });

describe('loopStep', () => {
  const start = startLoop({ id: 's1', uid: UID, by: 'admin', now: T0 });

  it('observes findings and pairs found held without asking anything of the caller', () => {
    const { state, effects } = runLoop(start, { type: 'observed', findings: [a, b], lines: 10, now: T0 + 1 }, { type: 'held', pairs: [pair(b)], now: T0 + 2 });
    expect(effects).toEqual([null, null]);
    expect(currentRound(state.session).denials[keyOf(a)]?.count).toBe(1);
    expect(statusOf(state.session, b).status).toBe('already held');
    expect(statusOf(state.session, a).status).toBe('new');
    // Nothing new: the very same state (React skips the render).
    expect(loopStep(state, { type: 'observed', findings: [a, b], lines: 10, now: T0 + 3 }).state).toBe(state);
  });

  it('selects and toggles', () => {
    const { state } = runLoop(start, { type: 'select', keys: [keyOf(a), keyOf(b)], on: true }, { type: 'toggle', key: keyOf(b) });
    expect([...state.session.selected]).toEqual([keyOf(a)]);
  });

  it('sends a grant, numbers the batch, closes the round when the answer holds something', () => {
    const l = runLoop(start, { type: 'observed', findings: [a], lines: 1, now: T0 }).state;
    const sent = loopStep(l, { type: 'grant', pairs: [pair(a)], findings: [a] });
    expect(sent.effect).toEqual({ type: 'send', what: 'granting 1 permission(s)', job: { kind: 'grant', batchId: 's1-b1', n: 1, round: 1, pairs: [pair(a)], findings: [a], answeredAt: {} } });
    expect(statusOf(sent.state.session, a).status).toBe('granting');
    const done = loopStep(sent.state, { type: 'granted', results: [result(a, 'granted')], now: T0 + 1000 });
    expect(done.effect).toEqual({ type: 'batchDone', n: 1, round: 1, results: [result(a, 'granted')], effective: true });
    expect(done.state.job).toBeNull();
    expect(currentRound(done.state.session).n).toBe(2);
    expect(done.state.session.batches.map((x) => x.id)).toEqual(['s1-b1']);
    expect(statusOf(done.state.session, a).status).toBe('granted');
  });

  it('keeps the round open when nothing came of the batch, and still counts the batch number', () => {
    const failed: PairResult = result(a, 'failed', 'HTTP 500');
    const { state, effects } = runLoop(start, { type: 'grant', pairs: [pair(a)], findings: [a] }, { type: 'granted', results: [failed], now: T0 + 1 }, { type: 'grant', pairs: [pair(a)], findings: [a] });
    expect(effects[1]).toMatchObject({ type: 'batchDone', n: 1, round: 1, effective: false });
    expect(effects[2]).toMatchObject({ type: 'send', job: { batchId: 's1-b2', n: 2, round: 1 } });
    expect(state.batches).toBe(2);
    expect(state.session.batches).toEqual([]);
  });

  it('refuses a second request while one is in flight, and changes nothing', () => {
    const sent = loopStep(start, { type: 'grant', pairs: [pair(a)], findings: [a] }).state;
    const again = loopStep(sent, { type: 'grant', pairs: [pair(b)], findings: [b] });
    expect(again).toEqual({ state: sent, effect: { type: 'busy', what: 'granting 1 permission(s)' } });
    expect(loopStep(sent, { type: 'undo', batchId: 'x', pairs: [pair(b)] }).effect).toEqual({ type: 'busy', what: 'granting 1 permission(s)' });
  });

  it('a lost answer frees the loop: the next request is sent, not refused as busy', () => {
    const sent = loopStep(start, { type: 'grant', pairs: [pair(a)], findings: [a] }).state;
    const freed = loopStep(sent, { type: 'jobLost' }).state;
    expect(freed.job).toBeNull();
    expect(loopStep(freed, { type: 'grant', pairs: [pair(b)], findings: [b] }).effect?.type).toBe('send');
    expect(loopStep(start, { type: 'jobLost' }).state).toBe(start);
  });

  it('a lost answer leaves no row in flight: an undo lost shows its pairs as before, the next batch is sent, not queued (review r-last)', () => {
    const granted = runLoop(
      start,
      { type: 'observed', findings: [a, b], lines: 2, now: T0 },
      { type: 'grant', pairs: [pair(a), pair(b)], findings: [a, b] },
      { type: 'granted', results: [result(a, 'granted'), result(b, 'granted')], now: T0 + 1000 },
    ).state;
    const batch = granted.session.batches[0]!;
    const sent = loopStep(granted, { type: 'undo', batchId: batch.id, pairs: pairsToUndo(batch) }).state;
    expect([a, b].map((f) => statusOf(sent.session, f).status).sort()).toEqual(['queued', 'revoking']);
    const lost = loopStep(sent, { type: 'jobLost' }).state;
    expect(lost.session.running).toBeNull();
    expect([a, b].map((f) => statusOf(lost.session, f).status)).toEqual([statusOf(granted.session, a).status, statusOf(granted.session, b).status]);
    const c = finding('dcos:mesos:master:volume:role:c', 'create');
    const obs = loopStep(lost, { type: 'observed', findings: [a, b, c], lines: 3, now: T0 + 5000 }).state;
    expect(statusOf(loopStep(obs, { type: 'grant', pairs: [pair(c)], findings: [a, b, c] }).state.session, c).status).toBe('granting');
  });

  it('ignores an empty request and an answer nobody asked for', () => {
    expect(loopStep(start, { type: 'grant', pairs: [], findings: [] })).toEqual({ state: start, effect: null });
    expect(loopStep(start, { type: 'undo', batchId: 's1-b1', pairs: [] })).toEqual({ state: start, effect: null });
    expect(loopStep(start, { type: 'granted', results: [result(a, 'granted')], now: T0 })).toEqual({ state: start, effect: null });
    expect(loopStep(start, { type: 'undone', results: [result(a, 'revoked')], now: T0 })).toEqual({ state: start, effect: null });
  });

  it('undoes a batch: sends the revocation, then the pair stops covering the finding', () => {
    const granted = runLoop(start, { type: 'observed', findings: [a], lines: 1, now: T0 }, { type: 'grant', pairs: [pair(a)], findings: [a] }, { type: 'granted', results: [result(a, 'granted')], now: T0 + 1000 }).state;
    const { state, effects } = runLoop(granted, { type: 'undo', batchId: 's1-b1', pairs: [pair(a)] }, { type: 'undone', results: [result(a, 'revoked')], now: T0 + 2000 });
    expect(effects[0]).toEqual({ type: 'send', what: 'undoing: revoking 1 permission(s)', job: { kind: 'undo', batchId: 's1-b1', pairs: [pair(a)], answeredAt: {} } });
    expect(effects[1]).toEqual({ type: 'undoDone', batchId: 's1-b1', results: [result(a, 'revoked')] });
    expect(state.job).toBeNull();
    expect(state.session.batches[0]?.undoneAt).toBe(T0 + 2000);
    expect(statusOf(state.session, a).status).toBe('new');
  });

  // Review f-loop2: a batch sends one pair at a time; every row of it showed `granting` until the
  // end, and the summary stamped each grant with the batch's end.
  it('shows the pair being sent as granting, the rest queued, each answer on its row, and lists each grant at its own time', () => {
    const c = finding('dcos:mesos:master:volume:role:r', 'create');
    const sent = runLoop(start, { type: 'observed', findings: [a, b, c], lines: 3, now: T0 }, { type: 'grant', pairs: [pair(a), pair(b), pair(c)], findings: [a, b, c] }).state;
    expect([a, b, c].map((f) => statusOf(sent.session, f).status)).toEqual(['granting', 'queued', 'queued']);
    const one = loopStep(sent, { type: 'answered', result: result(a, 'granted'), at: T0 + 1000 }).state;
    expect([a, b, c].map((f) => statusOf(one.session, f).status)).toEqual(['granted', 'granting', 'queued']);
    expect(statusOf(one.session, c).note).toBe('queued: sent once the 1 pair(s) before it in the batch are answered');
    // An answer of a pair not in the batch changes nothing.
    expect(loopStep(one, { type: 'answered', result: result(finding('x:y', 'read'), 'granted'), at: T0 }).state).toBe(one);
    const two = loopStep(one, { type: 'answered', result: result(b, 'failed', 'HTTP 500'), at: T0 + 3000 }).state;
    expect([a, b, c].map((f) => statusOf(two.session, f).status)).toEqual(['granted', 'new', 'granting']);
    // The batch's answer: c answered with it, at its end.
    const done = loopStep(two, { type: 'granted', results: [result(a, 'granted'), result(b, 'failed', 'HTTP 500'), result(c, 'granted')], now: T0 + 5000 }).state;
    expect(done.session.running).toBeNull();
    expect(done.session.batches[0]?.results.map((r) => r.at)).toEqual([T0 + 1000, T0 + 3000, T0 + 5000]);
    const text = renderSummary(summarize(done.session, T0 + 9000));
    expect(text).toContain(`granted  ${UID} ${a.rid} create by admin at ${new Date(T0 + 1000).toISOString().replace('.000', '')}`);
    expect(text).toContain(`granted  ${UID} ${c.rid} create by admin at ${new Date(T0 + 5000).toISOString().replace('.000', '')}`);
  });

  // Review f-loop4: `u` marked none of its rows in flight; each stayed `granted` until the last answer.
  it('an undo shows the pair being revoked, the rest queued, and each answer on its row as it comes', () => {
    const c = finding('dcos:mesos:master:volume:role:r', 'create');
    const granted = runLoop(
      start,
      { type: 'observed', findings: [a, b, c], lines: 3, now: T0 },
      { type: 'grant', pairs: [pair(a), pair(b), pair(c)], findings: [a, b, c] },
      { type: 'granted', results: [result(a, 'granted'), result(b, 'granted'), result(c, 'granted')], now: T0 + 1000 },
    ).state;
    const batch = granted.session.batches[0]!;
    // Asked in the order granted, sent newest first, as the ledger's undo sends them.
    expect(pairsToUndo(batch).map((p) => p.rid)).toEqual([a.rid, b.rid, c.rid]);
    const sent = loopStep(granted, { type: 'undo', batchId: batch.id, pairs: pairsToUndo(batch) }).state;
    expect([c, b, a].map((f) => statusOf(sent.session, f).status)).toEqual(['revoking', 'queued', 'queued']);
    const one = loopStep(sent, { type: 'answered', result: result(c, 'revoked'), at: T0 + 2000 }).state;
    expect([c, b, a].map((f) => statusOf(one.session, f).status)).toEqual(['new', 'revoking', 'queued']);
    // Refused: the pair is still held, its row says granted again.
    const two = loopStep(one, { type: 'answered', result: result(b, 'refused', 'granted again since'), at: T0 + 3000 }).state;
    expect([c, b, a].map((f) => statusOf(two.session, f).status)).toEqual(['new', 'granted', 'revoking']);
    expect(two.session.batches[0]?.undoneAt).toBeNull();
    const done = loopStep(two, { type: 'undone', results: [result(c, 'revoked'), result(b, 'refused', 'granted again since'), result(a, 'revoked')], now: T0 + 4000 }).state;
    expect(done.session.running).toBeNull();
    expect(done.session.inFlight.size).toBe(0);
    expect([c, b, a].map((f) => statusOf(done.session, f).status)).toEqual(['new', 'granted', 'new']);
    expect(done.session.batches[0]?.revoked).toEqual([keyOf(c), keyOf(a)]);
    expect(currentRound(done.session).undone[0]?.results.map((r) => r.at)).toEqual([T0 + 2000, T0 + 3000, T0 + 4000]);
  });
});
