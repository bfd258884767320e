// Issue 16: `undo` of a revoke session (e.g. `revoke --from` of unused grants) grants back exactly
// what it revoked; what a forged revoke record could turn into a grant nobody had is refused.
import { describe, expect, it } from 'vitest';
import { grantsOfSession, revokesOfSession, undoableSessions, type LedgerRecord } from '../../src/iam/ledger.js';
import { regrantCheck } from '../../src/iam/undoCheck.js';

const rec = (over: Partial<LedgerRecord>): LedgerRecord => ({
  time: '2026-11-29T10:00:00.000Z', cluster: 'https://c', session: 'r1', uid: 'svc', rid: 'dcos:x', action: 'read',
  op: 'revoke', outcome: 'revoked', aclCreated: false, ...over,
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
    expect(revokesOfSession(records, 'r1').map((r) => r.rid)).toEqual(['dcos:c', 'dcos:a']);
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

  it('a pair granted then revoked in one session is undone by a revoke (it was absent before), never granted back', () => {
    const records = [rec({ session: 'm', op: 'grant', outcome: 'granted' }), rec({ session: 'm' })];
    expect(grantsOfSession(records, 'm').map((r) => r.op)).toEqual(['grant']);
    expect(revokesOfSession(records, 'm')).toEqual([]);
    // Revoked then granted again: held before, so it is given back, not revoked.
    const other = [rec({ session: 'n' }), rec({ session: 'n', op: 'grant', outcome: 'granted' })];
    expect(revokesOfSession(other, 'n')).toHaveLength(1);
    expect(grantsOfSession(other, 'n')).toEqual([]);
  });

  it.each([
    ['an ordinary revoke', rec({}), true],
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
  });
});
