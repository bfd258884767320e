// Issue 16: `undo` of a revoke session (e.g. `revoke --from` of unused grants) grants back exactly
// what it revoked as unused (only revokes recorded as regrantable, only those the IAM answered
// "revoked"); what a forged revoke record could turn into a grant nobody had is refused.
import { describe, expect, it } from 'vitest';
import { grantsOfSession, revokesOfSession, undoableSessions, undoneOfSession, type LedgerRecord } from '../../src/iam/ledger.js';
import { regrantCheck } from '../../src/iam/undoCheck.js';
import { mergeLedger, parseLedger } from '../../src/iam/ledgerLines.js';

const rec = (over: Partial<LedgerRecord>): LedgerRecord => ({
  time: '2026-11-29T10:00:00.000Z', cluster: 'https://c', session: 'r1', uid: 'svc', rid: 'dcos:x', action: 'read',
  op: 'revoke', outcome: 'revoked', aclCreated: false, regrantable: true, ...over,
});

describe('a revoke whose fate is not known yet (review r-diff, finding 4)', () => {
  it('still in flight: run undo again when it has ended, not "grant it by hand"', () => {
    expect(regrantCheck(rec({ outcome: 'unknown', interrupted: true, inFlight: true, pid: 42 }))).toEqual({
      ok: false,
      reason: 'not granted back: the run that sends this revoke (process 42) is still running, and its answer is not recorded yet: run undo again when it has ended',
    });
  });

  it('its outcome line cannot be read: check by hand, naming the line', () => {
    const parsed = parseLedger([
      JSON.stringify({ kind: 'intent', id: 'r1', ...rec({}), outcome: undefined, aclCreated: undefined }),
      JSON.stringify({ kind: 'outcome', id: 'r1', ...rec({}), outcome: 'revoked-later' }), // a newer version's word
    ].join('\n'), 'L');
    const { records } = mergeLedger(parsed.lines, 'L', parsed.unreadable);
    expect(regrantCheck(records[0]!)).toEqual({
      ok: false,
      reason: 'not granted back: its outcome (line 2) cannot be read (no known "outcome"): check by hand whether svc holds it, and whether this tool revoked it',
    });
  });
});

describe('undo of a revoke session', () => {
  it('a revoke session is undoable; its revokes come back newest first, "already absent" ones are left', () => {
    const records = [
      rec({ session: 'g1', op: 'grant', outcome: 'granted' }),
      rec({ rid: 'dcos:a' }),
      rec({ rid: 'dcos:b', outcome: 'already absent' }),
      rec({ rid: 'dcos:c', outcome: 'unknown', interrupted: true }),
    ];
    expect(undoableSessions(records)).toEqual(['g1', 'r1']);
    // The maybe-applied one is listed (so undo can say why it skips it), never granted back.
    expect(revokesOfSession(records, 'r1').map((r) => r.rid)).toEqual(['dcos:c', 'dcos:a']);
    expect(regrantCheck(revokesOfSession(records, 'r1')[0]!)).toEqual({ ok: false, reason: expect.stringMatching(/^not granted back: the ledger does not show that session r1 revoked it \(outcome unknown\)/) });
    expect(grantsOfSession(records, 'r1')).toEqual([]);
  });

  it('grants made by undo close the revoke session and are not themselves undoable', () => {
    const records = [
      rec({ rid: 'dcos:a' }),
      rec({ rid: 'dcos:b' }),
      rec({ session: 'u1', op: 'grant', outcome: 'granted', rid: 'dcos:a', undoOf: 'r1' }),
    ];
    expect(undoableSessions(records)).toEqual(['r1']); // dcos:b still revoked
    records.push(rec({ session: 'u1', op: 'grant', outcome: 'already held', rid: 'dcos:b', undoOf: 'r1' }));
    expect(undoableSessions(records)).toEqual([]);
  });

  it('a pair granted then revoked in one session is taken back already (it was absent before), never granted back', () => {
    const records = [rec({ session: 'm', op: 'grant', outcome: 'granted' }), rec({ session: 'm' })];
    expect(grantsOfSession(records, 'm')).toEqual([]);
    expect(undoneOfSession(records, 'm').map((d) => [d.record.op, d.by.op])).toEqual([['grant', 'revoke']]);
    expect(revokesOfSession(records, 'm')).toEqual([]);
    // Revoked then granted again: held before, so it is given back, not revoked.
    const other = [rec({ session: 'n' }), rec({ session: 'n', op: 'grant', outcome: 'granted' })];
    expect(revokesOfSession(other, 'n')).toHaveLength(1);
    expect(grantsOfSession(other, 'n')).toEqual([]);
  });

  it.each([
    ['a revoke of an unused grant', rec({}), true],
    ['a maybe-applied revoke (no outcome recorded)', rec({ outcome: 'unknown', interrupted: true }), false],
    ['a revoke whose answer was lost', rec({ outcome: 'unknown' }), false],
    ['a revoke from a group', rec({ uid: '', gid: 'ops' }), true],
    ['from the superusers group', rec({ uid: '', gid: 'superusers', rid: 'dcos:superuser', action: 'full' }), false],
    ['a DANGEROUS permission (a forged record would make a superuser)', rec({ rid: 'dcos:SuperUser', action: 'full' }), false],
    ['dcos:adminrouter:acs', rec({ rid: 'dcos:adminrouter:acs', action: 'full' }), false],
    ['a native account', rec({ uid: 'dcos_marathon', rid: 'dcos:mesos:master:task:user:nobody', action: 'create' }), false],
    ['an invalid rid', rec({ rid: 'dcos:x/../../users/admin%2F' }), false],
    ['a grant', rec({ op: 'grant' }), false],
  ] as const)('regrantCheck: %s', (_n, r, ok) => {
    expect(regrantCheck(r).ok).toBe(ok);
  });

  it('a session whose revokes all fail the check is never picked by default', () => {
    expect(undoableSessions([rec({ rid: 'dcos:superuser', action: 'full' })])).toEqual([]);
    // A forged intent alone (no outcome) names something maybe never held: not a session to undo.
    expect(undoableSessions([rec({ outcome: 'unknown', interrupted: true })])).toEqual([]);
    expect(undoableSessions([rec({ outcome: 'unknown' })])).toEqual([]);
  });

  it('a plain revoke (not marked regrantable, or an older ledger) is never granted back: undo takes the session before it', () => {
    const { regrantable: _, ...plain } = rec({ rid: 'dcos:adminrouter:package', action: 'full' });
    const records = [rec({ session: 'g1', op: 'grant', outcome: 'granted', regrantable: undefined, rid: 'dcos:other' }), { ...plain, session: 'p1' }];
    expect(undoableSessions(records)).toEqual(['g1']);
    expect(revokesOfSession(records, 'p1')).toEqual([]);
    // A session that granted then plainly revoked a pair took it back itself: nothing is left to send.
    const mixed = [rec({ session: 'm', op: 'grant', outcome: 'granted', regrantable: undefined }), { ...plain, session: 'm', rid: 'dcos:x', action: 'read' }];
    expect(grantsOfSession(mixed, 'm')).toEqual([]);
    expect(undoneOfSession(mixed, 'm')).toHaveLength(1);
  });
});

describe('the regrantable mark in the file', () => {
  const line = (o: Record<string, unknown>) => JSON.stringify({ time: 't', cluster: 'https://c', session: 's', uid: 'svc', rid: 'dcos:x', action: 'read', op: 'revoke', ...o });
  it('is read from intent and outcome lines; a bad value or one differing from its intent is skipped', () => {
    const text = [
      line({ kind: 'intent', id: 'a', regrantable: true }), line({ kind: 'outcome', id: 'a', regrantable: true, outcome: 'revoked' }),
      line({ kind: 'intent', id: 'b', rid: 'dcos:y' }), line({ kind: 'outcome', id: 'b', rid: 'dcos:y', regrantable: true, outcome: 'revoked' }),
      line({ kind: 'intent', id: 'c', rid: 'dcos:z', regrantable: 'yes' }),
      line({ rid: 'dcos:old', outcome: 'revoked' }),
    ].join('\n');
    const parsed = parseLedger(text, 'L');
    expect(parsed.warnings).toEqual([expect.stringMatching(/L:5: corrupt ledger line skipped \(bad "regrantable"\)/)]);
    const merged = mergeLedger(parsed.lines, 'L');
    expect(merged.warnings).toEqual([expect.stringMatching(/L:4: an outcome whose regrantable differs from its intent skipped/)]);
    expect(merged.records.map((r) => [r.rid, r.outcome, r.regrantable ?? false])).toEqual([
      ['dcos:x', 'revoked', true], ['dcos:y', 'unknown', false], ['dcos:old', 'revoked', false],
    ]);
    expect(revokesOfSession(merged.records, 's').map((r) => r.rid)).toEqual(['dcos:x']);
  });
});
