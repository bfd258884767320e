// The ledger's lines read back (docs/ledger.md): intent + outcome joined by id, an intent alone is
// "maybe applied", first-format files still read, torn lines never swallow a record, and undo's
// checks on each record. Real files in temp dirs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { grantsOfSession, intentWriter, Ledger, sessionToUndo, undoableSessions, type LedgerLine, type LedgerRecord } from '../../src/iam/ledger.js';
import { undoCheck } from '../../src/iam/undoCheck.js';
import type { Writer } from '../../src/iam/writer.js';
import { tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let l: Ledger;
beforeEach(() => {
  t = tempDir('a2g-ledger-');
  l = new Ledger(join(t.dir, 'state', 'ledger.jsonl'));
});
afterEach(() => t.cleanup());

const base = { time: '2024-05-02T10:00:00.000Z', cluster: 'https://c', session: 's1', uid: 'svc', rid: 'dcos:x', action: 'read', op: 'grant' } as const;
const intent = (id: string, over: Partial<LedgerLine> = {}): LedgerLine => ({ kind: 'intent', id, ...base, ...over });
const outcome = (id: string, over: Partial<LedgerLine> = {}): LedgerLine => ({ kind: 'outcome', id, ...base, outcome: 'granted', aclCreated: false, ...over });
const rec = (over: Partial<LedgerRecord>): LedgerRecord => ({ ...base, outcome: 'granted', aclCreated: false, ...over });

describe('ledger lines', () => {
  it('an intent and its outcome are one record; an intent alone is "unknown" and interrupted', () => {
    l.write([intent('a1'), intent('b2', { rid: 'dcos:y' }), outcome('a1', { aclCreated: true, detail: 'ACL created' })]);
    const { records, warnings } = l.read();
    expect(warnings).toEqual([]);
    expect(records).toEqual([
      { ...base, outcome: 'granted', aclCreated: true, detail: 'ACL created', id: 'a1', line: 1, outcomeLine: 3 },
      { ...base, rid: 'dcos:y', outcome: 'unknown', aclCreated: false, aclUnknown: true, id: 'b2', interrupted: true, detail: 'interrupted: no outcome recorded, it may have been applied', line: 2 },
    ]);
    // Both are undone: the one applied, and the one that may be.
    expect(grantsOfSession(records, 's1').map((r) => r.rid)).toEqual(['dcos:y', 'dcos:x']);
  });

  it('a grant alone may have created its ACL (its intent precedes the ACL PUT); a revoke alone sent none', () => {
    l.write([intent('g1'), intent('r1', { op: 'revoke', rid: 'dcos:r' }), intent('h1', { rid: 'dcos:h', heldBefore: true })]);
    const acl = l.read().records.map((r) => [r.rid, r.aclCreated, r.aclUnknown]);
    expect(acl).toEqual([['dcos:x', false, true], ['dcos:r', false, undefined], ['dcos:h', false, undefined]]);
  });

  it('reads a ledger of the first format (no kind, no id) as before, mixed with new lines', () => {
    // Exactly what audit2grant wrote before intents existed.
    const old = [
      '{"time":"2024-05-01T09:00:00.000Z","cluster":"https://c","session":"old1","uid":"svc","rid":"dcos:a","action":"read","op":"grant","outcome":"granted","aclCreated":true,"detail":"ACL created"}',
      '{"time":"2024-05-01T09:00:01.000Z","cluster":"https://c","session":"old1","uid":"svc","rid":"dcos:b","action":"read","op":"grant","outcome":"already held","aclCreated":false,"detail":"held directly"}',
      '{"time":"2024-05-01T09:05:00.000Z","cluster":"https://c","session":"old2","uid":"svc","rid":"dcos:a","action":"read","op":"revoke","outcome":"revoked","aclCreated":false,"undoOf":"old1"}',
      '{"time":"2024-05-01T10:00:00.000Z","cluster":"https://c","session":"old3","uid":"svc","rid":"dcos:c","action":"read","op":"grant","outcome":"granted","aclCreated":false}',
      '',
    ].join('\n');
    l.ensureWritable();
    writeFileSync(l.path, old);
    l.write([intent('n1', { session: 'new1', rid: 'dcos:d' }), outcome('n1', { session: 'new1', rid: 'dcos:d' })]);
    const { records, warnings } = l.read();
    expect(warnings).toEqual([]);
    expect(records.map((r) => `${r.session} ${r.op} ${r.outcome} ${r.rid}${r.id ? ` ${r.id}` : ''}`)).toEqual([
      'old1 grant granted dcos:a',
      'old1 grant already held dcos:b',
      'old2 revoke revoked dcos:a',
      'old3 grant granted dcos:c',
      'new1 grant granted dcos:d n1',
    ]);
    expect(records[0]).toMatchObject({ aclCreated: true, detail: 'ACL created' });
    expect(undoableSessions(records)).toEqual(['old3', 'new1']);
  });

  it('a file whose last line lacks its newline does not swallow the next record', () => {
    l.write([intent('a1')]);
    appendFileSync(l.path, '{"time":"2024-05-02T10:00:00.000Z","cluster":"htt'); // a writer died mid-line
    l.write([outcome('a1')]);
    const text = readFileSync(l.path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(4); // intent, torn line, outcome, ''
    const { records, warnings } = l.read();
    expect(records).toEqual([{ ...base, outcome: 'granted', aclCreated: false, id: 'a1', line: 1, outcomeLine: 3 }]);
    expect(warnings).toEqual([`${l.path}:2: corrupt ledger line skipped (not JSON)`]);
  });

  it('a record glued to a torn line by an older writer is still read', () => {
    l.ensureWritable();
    const whole = JSON.stringify(rec({ session: 'glued', rid: 'dcos:z' }));
    writeFileSync(l.path, `{"time":"2024-05-02T10:00:00.000Z","cluster":"htt${whole}\n`);
    const { records, warnings } = l.read();
    expect(records.map((r) => `${r.session} ${r.rid}`)).toEqual(['glued dcos:z']);
    expect(warnings).toEqual([`${l.path}:1: a torn record at the start of the line skipped (the record after it is kept)`]);
  });

  it('outcomes that do not match an intent are skipped with a warning, never joined', () => {
    l.write([
      outcome('zz'), // no intent
      intent('a1'),
      outcome('a1', { uid: 'victim' }), // relabels the intent's uid
      outcome('a1', { outcome: 'failed' }),
      outcome('a1'), // a second outcome
      intent('a1'), // a second intent with the same id
      { ...intent('b2'), kind: 'later' as never }, // a kind from the future
    ]);
    const { records, warnings } = l.read();
    expect(records).toEqual([{ ...base, outcome: 'failed', aclCreated: false, id: 'a1', line: 2, outcomeLine: 4 }]);
    expect(warnings).toEqual([
      `${l.path}:7: corrupt ledger line skipped (unknown kind "later")`,
      `${l.path}:1: an outcome without its intent skipped (id zz)`,
      `${l.path}:3: an outcome whose uid differs from its intent skipped (id a1)`,
      `${l.path}:5: a second outcome for id a1 skipped`,
      `${l.path}:6: a second intent with id a1 skipped`,
    ]);
  });
});

describe('which sessions undo takes back', () => {
  it('a pair granted again after its undo is pending again', () => {
    const records = [
      rec({ session: 's1', id: 'a' }),
      rec({ session: 's1', op: 'revoke', outcome: 'revoked', undoOf: 's1', id: 'b' }),
      rec({ session: 's2', rid: 'dcos:other', id: 'c' }),
    ];
    expect(undoableSessions(records)).toEqual(['s2']);
    // Ordered by their last change: s1 granted again after s2's grant, so a bare undo takes s1.
    expect(undoableSessions([...records, rec({ session: 's1', id: 'd' })])).toEqual(['s2', 's1']);
  });

  it('"unknown" grants are pending; a revoke whose outcome is unknown does not undo anything', () => {
    const records = [
      rec({ session: 's1', outcome: 'unknown', id: 'a' }),
      rec({ session: 'u', op: 'revoke', outcome: 'unknown', undoOf: 's1', id: 'b' }),
    ];
    expect(undoableSessions(records)).toEqual(['s1']);
    expect(undoableSessions([...records, rec({ session: 'u', op: 'revoke', outcome: 'already absent', undoOf: 's1', id: 'c' })])).toEqual([]);
  });

  it('a session whose only grants fail the checks is not the default', () => {
    const records = [rec({ session: 's1' }), rec({ session: 'forged', uid: 'dcos_adminrouter', rid: 'dcos:adminrouter:ops:mesos', action: 'full' })];
    expect(undoableSessions(records)).toEqual(['s1']);
    l.write(records);
    expect(sessionToUndo(l, undefined).session).toBe('s1');
    const plan = sessionToUndo(l, 'forged');
    expect(plan.grants).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      'not revoked: audit2grant never grants to the DC/OS native account dcos_adminrouter (only task:user rights to dcos_marathon/dcos_metronome), so this record is not one of its grants',
    ]);
  });
});

describe('undo checks each record', () => {
  const task = 'dcos:mesos:master:task:user:nobody';
  it.each([
    ['an ordinary grant', rec({}), true],
    ['an ordinary grant that may be applied, not held before', rec({ outcome: 'unknown', interrupted: true, heldBefore: false }), true],
    // An intent alone not known to be new then: it may have been held before (review f-intent).
    ['an ordinary grant alone, held before unknown', rec({ outcome: 'unknown', interrupted: true, heldBefore: null }), false],
    ['an ordinary grant alone, from an older audit2grant', rec({ outcome: 'unknown', interrupted: true }), false],
    ['an ordinary grant whose answer was lost, not held before', rec({ outcome: 'unknown', heldBefore: false }), true],
    // A lost answer with the holdings unread: the 409 of a retry may mean it was held before.
    ['an ordinary grant whose answer was lost, held before unknown', rec({ outcome: 'unknown', heldBefore: null }), false],
    ['an ordinary grant whose answer was lost, from an older audit2grant', rec({ outcome: 'unknown' }), false],
    ['a native account other than the exception', rec({ uid: 'dcos_marathon', rid: 'dcos:adminrouter:ops:mesos' }), false],
    ['dcos_metronome task:user, granted in that session', rec({ uid: 'dcos_metronome', rid: task, action: 'create' }), true],
    ['dcos_marathon task:user, only maybe granted', rec({ uid: 'dcos_marathon', rid: task, action: 'create', outcome: 'unknown' }), false],
    ['an upper-case native uid, maybe granted', rec({ uid: 'DCOS_Marathon', rid: 'dcos:x', outcome: 'unknown' }), false],
    ['superuser, granted in that session', rec({ rid: 'dcos:superuser', action: 'full' }), true],
    ['superuser in another case, granted in that session', rec({ rid: 'dcos:SuperUser', action: 'full', id: 'x' }), true],
    ['superuser in another case, interrupted', rec({ rid: 'dcos:SuperUser', action: 'full', outcome: 'unknown', interrupted: true }), false],
    // Superuser-equivalent, and the other DANGEROUS rids: only when this tool granted exactly that.
    ['adminrouter:acs, only maybe granted', rec({ rid: 'dcos:adminrouter:acs', action: 'full', outcome: 'unknown' }), false],
    ['adminrouter:acs in another case, interrupted', rec({ rid: 'dcos:AdminRouter:ACS', action: 'full', outcome: 'unknown', interrupted: true }), false],
    ['adminrouter:acs, granted in that session', rec({ rid: 'dcos:adminrouter:acs', action: 'full' }), true],
    ['tasks as root, only maybe granted', rec({ rid: 'dcos:mesos:master:task:user:root', action: 'create', outcome: 'unknown' }), false],
    ['an invalid rid (a forged line aiming elsewhere)', rec({ rid: 'dcos:x/../../users/admin' + '%2F' }), false],
    ['a revoke', rec({ op: 'revoke' }), false],
  ] as const)('%s', (_n, r, ok) => {
    expect(undoCheck(r).ok).toBe(ok);
  });

  it('says so when it revokes a native or superuser grant, and why it skips one', () => {
    expect(undoCheck(rec({ rid: 'dcos:superuser', action: 'full', session: 'S' }))).toEqual({
      ok: true,
      note: 'revoking dcos:superuser full from svc: dcos:superuser is a DANGEROUS permission, and audit2grant granted exactly this in session S',
    });
    expect(undoCheck(rec({ rid: 'dcos:SUPERUSER', action: 'full', session: 'S', outcome: 'unknown' }))).toEqual({
      ok: false,
      reason: 'not revoked: dcos:SUPERUSER is a DANGEROUS permission, and the ledger does not show that session S granted it (outcome unknown): check it by hand',
    });
  });
});

describe('what undo cannot read, or may still be on its way (review r-ledger, findings 4, 2, 5)', () => {
  it('an outcome line that is whole but unreadable (an outcome word from a newer version) is refused, not taken as maybe applied', () => {
    const w = { pid: 4242, host: 'h' };
    l.write([intent('a1', w), { ...outcome('a1'), outcome: 'held elsewhere' as never }, intent('b2', { rid: 'dcos:y', ...w }), outcome('b2', { rid: 'dcos:y', uid: 'other' })]);
    const { records, warnings } = l.read();
    expect(warnings).toEqual([
      `${l.path}:2: corrupt ledger line skipped (no known "outcome")`,
      `${l.path}:4: an outcome whose uid differs from its intent skipped (id b2)`,
    ]);
    // `interrupted` is kept, as it read before `unreadable` existed (review r-diff, finding 5).
    expect(records.map((r) => [r.rid, r.outcome, r.unreadable, r.interrupted])).toEqual([['dcos:x', 'unknown', true, true], ['dcos:y', 'unknown', true, true]]);
    // Its writer still running does not make it in flight: it wrote an outcome.
    expect(l.read((x) => x.pid === 4242).records.map((r) => r.inFlight)).toEqual([undefined, undefined]);
    expect(records[0]?.detail).toBe('its outcome (line 2) cannot be read (no known "outcome"): check by hand');
    // Picked by default as by name (review r-diff, finding 3), each is refused with why.
    expect(sessionToUndo(l, undefined)).toEqual(sessionToUndo(l, 's1'));
    const plan = sessionToUndo(l, 's1');
    expect(plan.grants).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      'not revoked: its outcome (line 4) cannot be read (its uid differs from the intent\'s): check by hand whether svc holds it, and whether this tool granted it',
      'not revoked: its outcome (line 2) cannot be read (no known "outcome"): check by hand whether svc holds it, and whether this tool granted it',
    ]);
  });

  it('a bare undo stops at a newer session whose outcome cannot be read and names it, never undoing an older one past it (review r-diff, finding 3)', () => {
    l.write([intent('a1', { session: 'A', rid: 'dcos:q' }), outcome('a1', { session: 'A', rid: 'dcos:q' })]);
    l.write([intent('b2', { session: 'B', rid: 'dcos:p' }), { ...outcome('b2', { session: 'B', rid: 'dcos:p' }), outcome: 'granted-partially' as never }]);
    const plan = sessionToUndo(l, undefined);
    expect([plan.session, plan.grants, plan.regrants]).toEqual(['B', [], []]);
    expect(plan.skipped.map((s) => `${s.record.rid}: ${s.reason}`)).toEqual([
      'dcos:p: not revoked: its outcome (line 4) cannot be read (no known "outcome"): check by hand whether svc holds it, and whether this tool granted it',
    ]);
  });

  it('a torn outcome line is not whole: its intent stays maybe applied (its writer said so)', () => {
    l.write([intent('a1')]);
    appendFileSync(l.path, '{"kind":"outcome","id":"a1","time":"2024');
    expect(l.read().records[0]).toMatchObject({ interrupted: true, outcome: 'unknown' });
    expect(l.read().records[0]?.unreadable).toBeUndefined();
  });

  it('an intent alone whose writer still runs is in flight: refused, and its session is not passed over', () => {
    l.write([intent('o1', { session: 's0', rid: 'dcos:old' }), outcome('o1', { session: 's0', rid: 'dcos:old' }), intent('a1', { pid: 4242, host: 'h', heldBefore: false })]);
    const running = (w: Writer) => w.pid === 4242 && w.host === 'h';
    expect(l.read(running).records[1]).toMatchObject({ inFlight: true, pid: 4242, host: 'h', line: 3 });
    expect(l.read(() => false).records[1]?.inFlight).toBeUndefined();
    const inFlight = Object.assign(Object.create(l) as Ledger, { read: () => l.read(running) });
    const plan = sessionToUndo(inFlight, undefined);
    expect(plan.session).toBe('s1');
    expect(plan.grants).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['not revoked: the run that sends this grant (process 4242) is still running, and its answer is not recorded yet: run undo again when it has ended']);
    // Once its writer is gone, it is interrupted: maybe applied, revoked.
    expect(sessionToUndo(l, undefined).grants.map((r) => r.rid)).toEqual(['dcos:x']);
    // The real probe: this host, a pid that runs (not ours), one that does not, one reused since
    // (it started at another time than the writer), another host's.
    const parent = { pid: process.ppid, host: hostname() };
    l.write([
      intent('b1', { session: 's2', ...parent }),
      intent('c1', { session: 's3', pid: 2 ** 30, host: hostname() }),
      intent('d1', { session: 's4', ...parent, pidStart: '1' }),
      intent('e1', { session: 's5', ...parent, host: 'elsewhere' }),
      intent('f1', { session: 's6', ...intentWriter(), pid: process.ppid, pidStart: readFileSync(`/proc/${process.ppid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[19] }),
    ]);
    expect(l.read().records.slice(2).map((r) => r.inFlight)).toEqual([true, undefined, undefined, undefined, true]);
  });

  it('a bare undo looks at the connected cluster\'s sessions only', () => {
    const onB = { cluster: 'https://b', session: 'sb' };
    l.write([intent('a1'), outcome('a1'), intent('b1', { ...onB, rid: 'dcos:b' }), outcome('b1', { ...onB, rid: 'dcos:b' }), intent('b2', { ...onB, session: 'sr', op: 'revoke' }), outcome('b2', { ...onB, session: 'sr', op: 'revoke', outcome: 'revoked' })]);
    expect(sessionToUndo(l, undefined, undefined, undefined, 'https://c/').session).toBe('s1');
    // On B, its own plain revoke stops it, and the hint names B's grant session, never A's.
    expect(() => sessionToUndo(l, undefined, undefined, undefined, 'https://b')).toThrow(/a revoke of dcos:x read from svc \(session sr\)/);
    try {
      sessionToUndo(l, undefined, undefined, undefined, 'https://b');
    } catch (e) {
      expect((e as { hint?: string }).hint).toContain('`audit2grant undo --session sb`');
    }
    expect(() => sessionToUndo(l, undefined, undefined, undefined, 'https://elsewhere')).toThrow(/no session with grants left to undo on https:\/\/elsewhere/);
  });
});
