import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { grantsOfSession, Ledger, ledgerPath, newSessionId, undoableSessions, type LedgerRecord } from '../../src/iam/ledger.js';
import { tempDir } from './helpers.js';
import { OperationalError } from '../../src/errors.js';
import { nth } from '../helpers/nth.js';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

const rec = (over: Partial<LedgerRecord>): LedgerRecord => ({
  time: '2024-05-02T10:00:00.000Z', cluster: 'https://c', session: 's1', uid: 'svc', rid: 'dcos:x', action: 'read',
  op: 'grant', outcome: 'granted', aclCreated: false, ...over,
});

describe('ledger', () => {
  it('lives under $XDG_STATE_HOME or ~/.local/state', () => {
    expect(ledgerPath({ XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/audit2grant/ledger.jsonl');
    expect(ledgerPath({ HOME: '/h' })).toBe('/h/.local/state/audit2grant/ledger.jsonl');
    expect(ledgerPath({ XDG_STATE_HOME: 'relative', HOME: '/h' })).toBe('/h/.local/state/audit2grant/ledger.jsonl');
  });

  it('creates the directory 0700 and the file 0600, one JSON line per record', () => {
    const l = new Ledger(join(t.dir, 'state', 'audit2grant', 'ledger.jsonl'));
    l.append([rec({}), rec({ rid: 'dcos:y' })]);
    expect(statSync(l.path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(l.path)).mode & 0o777).toBe(0o700);
    const lines = readFileSync(l.path, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(nth(lines, 1)).rid).toBe('dcos:y');
    expect(l.read().records).toHaveLength(2);
  });

  it('skips a corrupt line with a warning and keeps the rest', () => {
    const l = new Ledger(join(t.dir, 'ledger.jsonl'));
    l.append([rec({})]);
    appendFileSync(l.path, '{"half a record\n{"valid json":"wrong shape"}\n');
    l.append([rec({ session: 's2' })]);
    const { records, warnings } = l.read();
    expect(records.map((r) => r.session)).toEqual(['s1', 's2']);
    expect(warnings).toEqual([`${l.path}:2: corrupt ledger line skipped (not JSON)`, `${l.path}:3: corrupt ledger line skipped (no string "time")`]);
  });

  it('a missing ledger is empty', () => {
    expect(new Ledger(join(t.dir, 'none.jsonl')).read()).toEqual({ records: [], warnings: [] });
  });

  it('an unreadable or unwritable ledger is one operational error, never a stack trace', () => {
    const l = new Ledger(join(t.dir, 'sub')); // a directory where the file should be
    mkdirSync(l.path);
    expect(() => l.read()).toThrow(OperationalError);
    expect(() => l.read()).toThrow(/^the ledger .*\/sub is not a regular file: refused$/);
    expect(() => l.append([rec({})])).toThrow(OperationalError);
    expect(() => l.append([rec({})])).toThrow(/the cluster was changed, but the ledger .* could not record it/);
  });

  it('session ids are new per run and sort by time', () => {
    const a = newSessionId(new Date('2024-05-02T10:15:00.123Z'));
    expect(a).toMatch(/^20240502T101500Z-[0-9a-f]{6}$/);
    expect(newSessionId()).not.toBe(newSessionId());
  });

  it('undo picks the latest session with grants not yet undone, and only its "granted" pairs, newest first', () => {
    const records = [
      rec({ session: 's1', rid: 'dcos:a' }),
      rec({ session: 's2', rid: 'dcos:b' }),
      rec({ session: 's2', rid: 'dcos:c', outcome: 'already held' }),
      rec({ session: 's2', rid: 'dcos:d' }),
      rec({ session: 's3', rid: 'dcos:e', outcome: 'failed' }),
    ];
    expect(undoableSessions(records)).toEqual(['s1', 's2']);
    expect(grantsOfSession(records, 's2').map((r) => r.rid)).toEqual(['dcos:d', 'dcos:b']);
    const undone = [...records, rec({ session: 'u1', op: 'revoke', outcome: 'revoked', rid: 'dcos:d', undoOf: 's2' })];
    expect(undoableSessions(undone)).toEqual(['s1', 's2']); // dcos:b still granted
    undone.push(rec({ session: 'u1', op: 'revoke', outcome: 'already absent', rid: 'dcos:b', undoOf: 's2' }));
    expect(undoableSessions(undone)).toEqual(['s1']);
  });
});
