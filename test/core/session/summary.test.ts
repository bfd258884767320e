import { describe, expect, it } from 'vitest';
import { applyBatch, applyUndo, createSession, observe, quietness, renderSummary, startLoop, summarize } from '../../../src/core/session/index.js';
import { finding, result, runLoop, T0, UID } from './helpers.js';

const ROLE = finding('dcos:mesos:master:framework:role:cassandra-role', 'create');
const RES = finding('dcos:mesos:master:reservation:role:cassandra-role', 'create', { lastSeen: T0 + 3000 });

function twoRounds() {
  let s = createSession({ id: 'sess-42', uid: UID, now: T0, by: 'bootstrapuser' });
  s = observe(s, [{ ...ROLE, count: 2 }], 5, T0 + 1000);
  s = applyBatch(s, 'b1', [result(ROLE, 'granted')], T0 + 2000, [ROLE]);
  s = observe(s, [{ ...ROLE, count: 2 }, RES], 9, T0 + 3000);
  s = applyBatch(s, 'b2', [result(RES, 'granted')], T0 + 4000, [RES]);
  return s;
}

describe('summary', () => {
  it('lists every round with its denials, grants, who and when', () => {
    const sum = summarize(twoRounds(), T0 + 9000);
    expect(sum.rounds.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(sum.rounds[0]?.denied).toEqual([{ uid: UID, rid: ROLE.rid, action: 'create', count: 2 }]);
    expect(sum.rounds[1]?.granted.map((g) => g.rid)).toEqual([RES.rid]);
    expect(sum.rounds[1]?.by).toBe('bootstrapuser');
    expect(sum.inPlace).toHaveLength(2);
    const text = renderSummary(sum);
    expect(text).toContain('session sess-42 for cassandra-sa');
    expect(text).toContain(`granted  ${UID} ${ROLE.rid} create by bootstrapuser at 2026-03-01T12:00:02Z`);
    expect(text).toContain('denied   cassandra-sa dcos:mesos:master:reservation:role:cassandra-role create (1x)');
    expect(text).toContain('audit2grant undo --session sess-42');
    expect(text).toContain('round 3 (open since 2026-03-01T12:00:04Z): no new denials');
  });

  it('shows undone pairs and says when nothing is in place', () => {
    let s = createSession({ id: 's', uid: UID, now: T0 });
    s = applyBatch(s, 'b1', [result(ROLE, 'granted')], T0 + 1000);
    s = applyUndo(s, 'b1', [result(ROLE, 'revoked')], T0 + 2000);
    const text = renderSummary(summarize(s, T0 + 3000));
    expect(text).toContain(`undo     ${UID} ${ROLE.rid} create: revoked at 2026-03-01T12:00:02Z`);
    expect(text).toContain('nothing granted is in place');
  });

  it('says why an undo pair failed or was not sent (a quit stopped it), as it does for a grant', () => {
    let s = createSession({ id: 's', uid: UID, now: T0 });
    s = applyBatch(s, 'b1', [result(ROLE, 'granted')], T0 + 1000);
    s = applyUndo(s, 'b1', [result(ROLE, 'failed', 'not sent: the batch was stopped (quit) before it')], T0 + 2000);
    const text = renderSummary(summarize(s, T0 + 3000));
    expect(text).toContain(`undo     ${UID} ${ROLE.rid} create: failed (not sent: the batch was stopped (quit) before it) at 2026-03-01T12:00:02Z`);
  });
});

describe('a pair sent without a sure answer', () => {
  it('is unknown in the round list, as in the ledger, not failed', () => {
    let s = createSession({ id: 's', uid: UID, now: T0 });
    const OTHER = finding('dcos:mesos:master:log', 'read');
    s = applyBatch(s, 'b1', [result(OTHER, 'granted'), { ...result(ROLE, 'failed', 'no answer'), fate: 'maybe applied' }, result(RES, 'failed', 'refused')], T0 + 1000);
    const text = renderSummary(summarize(s, T0 + 2000));
    expect(text).toContain(`  unknown  ${UID} ${ROLE.rid} create (no answer)`);
    expect(text).toContain(`  failed   ${UID} ${RES.rid} create (refused)`);
    expect(text).toContain(`  granted  ${UID} dcos:mesos:master:log read`);
  });
});

describe('summary text from logs', () => {
  it('shows ids and reasons escaped: no terminal controls, no bidi, look-alikes as escapes', () => {
    const evil = finding('dcos:x\u001b[2J\u001b]0;PWNED\u0007:\u202eab', 'create', { uid: 'svc\u0430' });
    let s = createSession({ id: 's', uid: 'svc\u0430', now: T0, by: 'adm\u001b[31m' });
    s = observe(s, [evil], 1, T0 + 500);
    s = applyBatch(s, 'b1', [result(evil, 'failed', 'IAM said \u001b[2J no')], T0 + 1000, [evil]);
    s = applyUndo(s, 'b1', [result(evil, 'revoked')], T0 + 2000);
    const text = renderSummary(summarize(s, T0 + 3000, { kind: 'grant', results: [result(evil, 'granted', 'x\u202ey')] }));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u0430]/);
    expect(text).toContain('dcos:x\\x1b[2J\\x1b]0;PWNED\\x07:\\u202eab');
    expect(text).toContain('svc\\u0430');
  });
});

describe('quiet period', () => {
  it('says nothing before any grant', () => {
    const s = createSession({ id: 's', uid: UID, now: T0 });
    expect(quietness(s, T0 + 3_600_000, 60_000, 0)).toMatchObject({ quiet: false, since: null, message: null });
  });

  it('counts from the last grant or the last new denial, whichever is later', () => {
    const s = twoRounds(); // last grant at T0+4000
    expect(quietness(s, T0 + 30_000, 60_000, 0)).toMatchObject({ quiet: false, remainingMs: 34_000 });
    const later = observe(s, [{ ...RES, count: 2 }], 20, T0 + 10_000);
    expect(quietness(later, T0 + 64_000, 60_000, 0).quiet).toBe(false);
    const q = quietness(later, T0 + 70_000, 60_000, 0);
    expect(q.quiet).toBe(true);
    expect(q.activitySinceGrant).toBe(true);
    expect(q.message).toMatch(/appears to have what it needs/);
  });

  it('is not quiet while findings are pending, and warns when no line arrived since the grant', () => {
    const s = twoRounds();
    expect(quietness(s, T0 + 100_000, 60_000, 1).quiet).toBe(false);
    const q = quietness(s, T0 + 100_000, 60_000, 0);
    expect(q.activitySinceGrant).toBe(false);
    expect(q.message).toMatch(/no log lines/);
  });
});

describe('summary of the held-not-used list', () => {
  const HELD = { uid: UID, rid: 'dcos:adminrouter:ops:mesos', action: 'full' };
  const OTHER = { uid: UID, rid: 'dcos:adminrouter:ops:metadata', action: 'full' };
  const loop = () => startLoop({ id: 'S', uid: UID, now: T0, heldBefore: [HELD, OTHER] });

  it('lists every revoke and says undo --session grants back what is still revoked', () => {
    const { state } = runLoop(loop(), { type: 'revoke', pairs: [HELD, OTHER] }, { type: 'revoked', results: [result(HELD, 'revoked'), result(OTHER, 'failed', 'timeout')], now: T0 + 1000 });
    const text = renderSummary(summarize(state.session, T0 + 2000, null, state.unused));
    expect(text).toContain('held-not-used list, revoke batch 1 (2026-03-01T12:00:01Z):');
    expect(text).toContain(`  revoked  ${UID} ${HELD.rid} full`);
    expect(text).toContain(`  failed   ${UID} ${OTHER.rid} full (timeout)`);
    expect(text).toContain('revoked from the held-not-used list and not granted back: 1 pair(s)');
    expect(text).toContain('to grant them back: audit2grant undo --session S\n');
  });

  it('names grant-backs and says undo --session leaves them; a grant in place says it also grants back', () => {
    const ROLE2 = finding('dcos:mesos:master:framework:role:r2', 'create');
    const { state } = runLoop(loop(),
      { type: 'revoke', pairs: [HELD, OTHER] }, { type: 'revoked', results: [result(HELD, 'revoked'), result(OTHER, 'revoked')], now: T0 + 1000 },
      { type: 'regrant', batchId: 'S-r1', pairs: [HELD] }, { type: 'regranted', results: [result(HELD, 'granted')], now: T0 + 2000 },
      { type: 'grant', pairs: [ROLE2], findings: [] }, { type: 'granted', results: [result(ROLE2, 'granted')], now: T0 + 3000 },
    );
    const text = renderSummary(summarize(state.session, T0 + 4000, null, state.unused));
    expect(text).toContain(`  grant back ${UID} ${HELD.rid} full: granted at 2026-03-01T12:00:02Z`);
    expect(text).toContain('to revoke them: audit2grant undo --session S (it also grants back the 1 pair(s) revoked from the held-not-used list; what u granted back stays)');
  });

  it('a pair the list revoked and a later batch granted again: undo leaves it, and the summary says so (not "to revoke", not "grants back")', () => {
    const { state } = runLoop(loop(),
      { type: 'revoke', pairs: [HELD] }, { type: 'revoked', results: [result(HELD, 'revoked')], now: T0 + 1000 },
      { type: 'grant', pairs: [HELD], findings: [] }, { type: 'granted', results: [result(HELD, 'granted')], now: T0 + 3000 },
    );
    const sum = summarize(state.session, T0 + 4000, null, state.unused);
    expect([sum.inPlace.length, sum.stillRevoked, sum.regrantedLater]).toEqual([0, 0, 1]);
    const text = renderSummary(sum);
    expect(text).toContain('nothing granted that undo would revoke is in place');
    expect(text).toContain('revoked from the held-not-used list, then granted again: 1 pair(s), in place; audit2grant undo --session S leaves them so (their first change here was the revoke)');
    expect(text).not.toContain('to revoke them');
  });
});
