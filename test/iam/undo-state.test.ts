// What an earlier undo reverted is never sent again (docs/ledger.md, "What `undo` takes back"): the
// pure reading of the ledger's records that `undo --session` goes by, whole, partial and interrupted.
import { describe, expect, it } from 'vitest';
import { grantsOfSession, revokesOfSession, undoableSessions, undoneOfSession, type LedgerRecord } from '../../src/iam/ledger.js';
import { earlierSessionToUndo, plainRevokesAfter, undoneDetail } from '../../src/iam/undoState.js';
import { interruptedWhileSent, undoCheck, whyStays } from '../../src/iam/undoCheck.js';

const rec = (over: Partial<LedgerRecord>): LedgerRecord => ({
  time: '2026-11-30T10:00:00.000Z', cluster: 'https://c', session: 's1', uid: 'svc', rid: 'dcos:a', action: 'read',
  op: 'grant', outcome: 'granted', aclCreated: false, ...over,
});
/** A revoke made by `undo` (session u1) of what `undoOf` granted. */
const undoRevoke = (rid: string, outcome: LedgerRecord['outcome'] = 'revoked', over: Partial<LedgerRecord> = {}) =>
  rec({ session: 'u1', op: 'revoke', undoOf: 's1', rid, outcome, time: '2026-11-30T11:00:00.000Z', ...over });
const rids = (rs: readonly LedgerRecord[]) => rs.map((r) => r.rid);

describe('a session already undone', () => {
  it('has nothing left to revoke: its grant is reported undone, with the undo that did it', () => {
    const records = [rec({}), undoRevoke('dcos:a')];
    expect(grantsOfSession(records, 's1')).toEqual([]);
    expect(undoableSessions(records)).toEqual([]);
    const done = undoneOfSession(records, 's1');
    expect(done.map((d) => [d.record.rid, d.by.session, d.by.outcome])).toEqual([['dcos:a', 'u1', 'revoked']]);
    expect(undoneDetail(done[0]!.record, done[0]!.by)).toBe('revoked by the undo in session u1 at 2026-11-30T11:00:00.000Z (revoked): nothing sent');
  });

  it('"already absent" answered to the undo counts as undone too', () => {
    expect(grantsOfSession([rec({}), undoRevoke('dcos:a', 'already absent')], 's1')).toEqual([]);
  });

  it('partly undone: only the rest is left; a failed revoke of the undo leaves its pair pending', () => {
    const records = [rec({ rid: 'dcos:a' }), rec({ rid: 'dcos:b' }), rec({ rid: 'dcos:c' }), undoRevoke('dcos:c'), undoRevoke('dcos:b', 'failed')];
    expect(rids(grantsOfSession(records, 's1'))).toEqual(['dcos:b', 'dcos:a']);
    expect(undoneOfSession(records, 's1').map((d) => d.record.rid)).toEqual(['dcos:c']);
    expect(undoableSessions(records)).toEqual(['s1']);
  });

  it('an undo interrupted mid-batch: what it revoked is done, the maybe-applied one and the unattempted ones are left', () => {
    const records = [
      rec({ rid: 'dcos:a' }), rec({ rid: 'dcos:b' }), rec({ rid: 'dcos:c' }),
      undoRevoke('dcos:c'),
      undoRevoke('dcos:b', 'unknown', { interrupted: true, id: 'i1' }), // killed before its answer; dcos:a never sent
    ];
    expect(rids(grantsOfSession(records, 's1'))).toEqual(['dcos:b', 'dcos:a']);
    expect(undoneOfSession(records, 's1').map((d) => d.record.rid)).toEqual(['dcos:c']);
  });

  it('a pair granted again after its undo (the loop can) is pending again; an undo of another session that revoked it takes it back', () => {
    const records = [rec({}), undoRevoke('dcos:a'), rec({ time: '2026-11-30T12:00:00.000Z' })];
    expect(grantsOfSession(records, 's1').map((r) => r.time)).toEqual(['2026-11-30T12:00:00.000Z']);
    expect(undoneOfSession(records, 's1')).toEqual([]);
    const more = [...records, undoRevoke('dcos:a', 'revoked', { undoOf: 's0' })];
    expect(grantsOfSession(more, 's1')).toEqual([]);
    const done = undoneOfSession(more, 's1');
    expect(undoneDetail(done[0]!.record, done[0]!.by)).toBe('revoked by the undo of session s0 in session u1 at 2026-11-30T11:00:00.000Z (revoked): nothing sent');
  });

  it('with --gid, only that group\'s changes count, and an undo of the account\'s pair does not close the group\'s', () => {
    const records = [rec({ uid: '', gid: 'ops' }), rec({}), undoRevoke('dcos:a')];
    expect(grantsOfSession(records, 's1', 'ops').map((r) => r.gid)).toEqual(['ops']);
    expect(undoneOfSession(records, 's1', 'ops')).toEqual([]);
    expect(undoneOfSession(records, 's1').map((d) => d.record.gid ?? 'account')).toEqual(['account']);
  });

  it('a revoke session granted back is not granted back again', () => {
    const revoke = (rid: string) => rec({ session: 'r1', op: 'revoke', outcome: 'revoked', regrantable: true, rid });
    const records = [revoke('dcos:a'), revoke('dcos:b'), rec({ session: 'u1', undoOf: 'r1', rid: 'dcos:b', outcome: 'already held' })];
    expect(rids(revokesOfSession(records, 'r1'))).toEqual(['dcos:a']);
    const done = undoneOfSession(records, 'r1');
    expect(done.map((d) => d.record.rid)).toEqual(['dcos:b']);
    expect(undoneDetail(done[0]!.record, done[0]!.by)).toMatch(/^granted back by the undo in session u1 /);
  });
});

describe('a grant taken back since by another revoke (review r-ledger, findings 1, 2, 7)', () => {
  const at = (line: number, outcomeLine: number, over: Partial<LedgerRecord>) => rec({ line, outcomeLine, ...over });
  const plainRevoke = (over: Partial<LedgerRecord> = {}) => rec({ session: 'p', op: 'revoke', outcome: 'revoked', ...over });

  it('a plain revoke or revoke --from of the pair on that cluster takes it back: nothing is sent again, whoever granted it since', () => {
    for (const by of [plainRevoke(), plainRevoke({ outcome: 'already absent' }), plainRevoke({ regrantable: true })]) {
      const records = [rec({}), by, rec({ session: 's3' })];
      expect(grantsOfSession(records, 's1')).toEqual([]);
      const done = undoneOfSession(records, 's1');
      expect(done.map((d) => d.by)).toEqual([by]);
      expect(undoneDetail(done[0]!.record, done[0]!.by)).toMatch(/^revoked by the revoke( of unused grants)? in session p at /);
      expect(undoableSessions(records)).not.toContain('s1');
    }
  });

  it('not by a revoke that may not have been applied, of another pair, on another cluster, or sent before the grant', () => {
    for (const by of [plainRevoke({ outcome: 'unknown' }), plainRevoke({ outcome: 'failed' }), plainRevoke({ rid: 'dcos:b' }), plainRevoke({ uid: '', gid: 'svc' }), plainRevoke({ cluster: 'https://other' })]) {
      expect(rids(grantsOfSession([rec({}), by], 's1'))).toEqual(['dcos:a']);
    }
    expect(rids(grantsOfSession([plainRevoke(), rec({})], 's1'))).toEqual(['dcos:a']);
    // The same cluster written another way is the same cluster.
    expect(grantsOfSession([rec({}), plainRevoke({ cluster: 'https://c/' })], 's1')).toEqual([]);
  });

  it('a revoke sent while the grant was on its way (its intent before the grant\'s outcome) does not take it back', () => {
    // race: grant intent (1), undo's revoke intent (2) and outcome "already absent" (3), the grant's answer (4).
    const records = [at(1, 4, {}), at(2, 3, { session: 'u1', op: 'revoke', undoOf: 's1', outcome: 'already absent' })];
    expect(rids(grantsOfSession(records, 's1'))).toEqual(['dcos:a']);
    expect(undoneOfSession(records, 's1')).toEqual([]);
    // After the answer, it does.
    expect(grantsOfSession([at(1, 2, {}), at(3, 4, { session: 'u1', op: 'revoke', undoOf: 's1', outcome: 'revoked' })], 's1')).toEqual([]);
  });

  it('a grant still in flight is pending whatever came after, and its session is picked, not reached past', () => {
    const records = [rec({ session: 's0', rid: 'dcos:old' }), rec({ outcome: 'unknown', interrupted: true, inFlight: true, pid: 42 }), plainRevoke()];
    expect(rids(grantsOfSession(records, 's1'))).toEqual(['dcos:a']);
    expect(undoableSessions(records)).toEqual(['s0', 's1']);
  });

  it('a session whose outcome line cannot be read is picked, not reached past (review r-diff, finding 3)', () => {
    const records = [at(1, 2, { session: 'A', rid: 'dcos:q' }), at(3, 4, { session: 'B', rid: 'dcos:p', outcome: 'unknown', unreadable: true })];
    expect(undoableSessions(records)).toEqual(['A', 'B']);
    // A revoke of an unused grant whose outcome cannot be read: the same.
    const revoke = at(3, 4, { session: 'R', rid: 'dcos:p', op: 'revoke', regrantable: true, outcome: 'unknown', unreadable: true });
    expect(undoableSessions([records[0]!, revoke])).toEqual(['A', 'R']);
  });

  it('a grant back of the revoke that took it back puts it in place again', () => {
    const revokeFrom = plainRevoke({ session: 'r1', regrantable: true });
    const back = rec({ session: 'u2', undoOf: 'r1', outcome: 'granted' });
    expect(rids(grantsOfSession([rec({}), revokeFrom, back], 's1'))).toEqual(['dcos:a']);
    // "already held": someone else holds it now; the grant stays taken back.
    expect(grantsOfSession([rec({}), revokeFrom, { ...back, outcome: 'already held' }], 's1')).toEqual([]);
  });

  it('a later grant the IAM answered "granted" takes back an earlier one of the pair: it was not held then (review r-diff, finding 1)', () => {
    const later = at(3, 4, { session: 'B' });
    for (const earlier of [at(1, 2, { outcome: 'unknown' }), at(1, 2, {})]) {
      const records = [earlier, later];
      expect(grantsOfSession(records, 's1')).toEqual([]);
      const done = undoneOfSession(records, 's1');
      expect(done.map((d) => d.by)).toEqual([later]);
      expect(undoneDetail(done[0]!.record, done[0]!.by)).toBe('not held when session B granted it anew at 2026-11-30T10:00:00.000Z (granted): taken back since, or never applied: nothing sent');
      expect(rids(grantsOfSession(records, 'B'))).toEqual(['dcos:a']);
      expect(undoableSessions(records)).toEqual(['B']);
    }
    // A loop (s1) that changed something after B is picked by a bare undo, but its grant of the pair is closed.
    const loop = [at(1, 2, { outcome: 'unknown' }), later, at(5, 6, { rid: 'dcos:b' })];
    expect(undoableSessions(loop)).toEqual(['B', 's1']);
    expect(rids(grantsOfSession(loop, 's1'))).toEqual(['dcos:b']);
  });

  it('not by a later grant that changed nothing or may not have, of another pair or cluster, sent before the answer, or a grant back', () => {
    const earlier = at(1, 3, { outcome: 'unknown' });
    for (const later of [
      at(4, 5, { session: 'B', outcome: 'already held' }), at(4, 5, { session: 'B', outcome: 'unknown' }), at(4, 5, { session: 'B', outcome: 'failed' }),
      at(4, 5, { session: 'B', rid: 'dcos:b' }), at(4, 5, { session: 'B', cluster: 'https://other' }),
      at(2, 5, { session: 'B' }), // sent while the earlier one was on its way: that one may have landed after
      at(4, 5, { session: 'u', undoOf: 'r1' }),
    ]) {
      expect(rids(grantsOfSession([earlier, later], 's1'))).toEqual(['dcos:a']);
    }
    // Still in flight: never settled, so never closed.
    expect(rids(grantsOfSession([at(1, 1, { outcome: 'unknown', interrupted: true, inFlight: true }), at(4, 5, { session: 'B' })], 's1'))).toEqual(['dcos:a']);
  });

  it('sessions are ordered by their last change, not their first', () => {
    const records = [at(1, 2, { session: 'A', rid: 'dcos:a1' }), at(3, 4, { session: 'B', rid: 'dcos:b1' }), at(5, 6, { session: 'A', rid: 'dcos:a2' })];
    expect(undoableSessions(records)).toEqual(['B', 'A']);
  });
});

describe('a bare undo with nothing it can send (docs/ledger.md)', () => {
  const at = (line: number, outcomeLine: number, over: Partial<LedgerRecord>) => rec({ line, outcomeLine, ...over });
  const maybeHeld = (line: number, over: Partial<LedgerRecord> = {}) => at(line, line, { session: 'S', outcome: 'unknown', interrupted: true, heldBefore: null, ...over });

  it('names why each change stays, and the nearest earlier session with one undo would send', () => {
    const records = [
      at(1, 2, { session: 'P0', rid: 'dcos:p0' }),
      at(3, 4, { session: 'P1', rid: 'dcos:p1' }),
      at(5, 5, { session: 'Q', rid: 'dcos:q', outcome: 'unknown', interrupted: true, heldBefore: null }), // only refused: not named
      maybeHeld(6, { rid: 'dcos:s1' }),
      maybeHeld(7, { rid: 'dcos:s2', inFlight: true }),
      at(8, 9, { session: 'S', rid: 'dcos:s3', outcome: 'unknown', unreadable: true }),
      at(10, 11, { session: 'S', rid: 'dcos:s4', uid: 'dcos_adminrouter' }),
    ];
    expect(undoableSessions(records).at(-1)).toBe('S');
    expect(records.slice(3).map(whyStays)).toEqual(['held before?', 'in flight', 'unreadable', 'refused']);
    expect(earlierSessionToUndo(records, 'S')).toBe('P1');
    expect(earlierSessionToUndo(records, 'P1')).toBe('P0');
    expect(earlierSessionToUndo(records, 'P0')).toBeUndefined();
  });

  it('a plain revoke that took back only a grant undo refused (the revoke by hand it named) does not stop a bare undo', () => {
    const prev = at(1, 2, { session: 'P' });
    const refused = maybeHeld(3, { rid: 'dcos:s' });
    const byHand = at(4, 5, { session: 'R', op: 'revoke', outcome: 'revoked', rid: 'dcos:s' });
    expect(plainRevokesAfter([prev, refused, byHand], 'P')).toEqual([]);
    expect(undoableSessions([prev, refused, byHand])).toEqual(['P']);
    // A revoke of a grant undo would take back itself, or of nothing this ledger granted, still stops it.
    expect(plainRevokesAfter([prev, at(3, 3, { session: 'S', rid: 'dcos:s', outcome: 'unknown', interrupted: true, heldBefore: false }), byHand], 'P')).toEqual([byHand]);
    expect(plainRevokesAfter([prev, byHand], 'P')).toEqual([byHand]);
  });
});

describe('a grant stopped by Ctrl-C or SIGTERM while it was sent (outcome unknown, its detail says so)', () => {
  const stopped = (heldBefore: boolean | null): LedgerRecord =>
    rec({ outcome: 'unknown', heldBefore, detail: 'interrupted while it was sent; the IAM may have applied it: the ledger records it as unknown' });

  it('is read as interrupted, not as an answer lost; an answer lost stays so', () => {
    expect(interruptedWhileSent(stopped(false))).toBe(true);
    expect(interruptedWhileSent(rec({ outcome: 'unknown', heldBefore: false, detail: 'no complete answer from https://c within 60s' }))).toBe(false);
    expect(interruptedWhileSent(rec({ outcome: 'failed', detail: 'interrupted while it was sent' }))).toBe(false);
  });

  it('undo refusing it (holdings unread) says it was interrupted, not that the answer was lost', () => {
    const c = undoCheck(stopped(null));
    expect(c.ok).toBe(false);
    expect(!c.ok && c.reason).toMatch(/^not revoked: it was interrupted while it was sent \(outcome unknown\) and svc may have held it before session s1 sent it/);
  });
});
