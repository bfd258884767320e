import { describe, expect, it } from 'vitest';
import {
  applyBatch, applyUndo, beginBatch, createSession, isPending, keyOf, markHeld, planBatch, PROPAGATION_GRACE_MS, safeKeys, setSelected, statusOf, toggleSelected,
} from '../../../src/core/session/index.js';
import type { SessionState } from '../../../src/core/session/index.js';
import type { Finding } from '../../../src/core/types.js';
import { finding, result, T0, UID } from './helpers.js';

const SVC = 'dcos:adminrouter:service:cassandra';

describe('finding status', () => {
  const base = createSession({ id: 's', uid: UID, now: T0 });
  const f = finding('dcos:mesos:master:task:user:nobody', 'create');

  it.each<[string, (s: typeof base) => typeof base, Finding, string]>([
    ['new', (s) => s, f, 'new'],
    ['selected', (s) => toggleSelected(s, keyOf(f)), f, 'selected'],
    ['granting', (s) => beginBatch(s, [f]), f, 'granting'],
    ['granted, no denial since', (s) => applyBatch(s, 'b', [result(f, 'granted')], T0 + 10_000), f, 'granted'],
    ['already held (IAM said so)', (s) => applyBatch(s, 'b', [result(f, 'already held')], T0 + 10_000), f, 'already held'],
    ['already held before the session', (s) => markHeld(s, [f], T0 + 10_000), f, 'already held'],
    ['non-rid', (s) => s, finding('/slave(1)/state', 'GET', { kind: 'non-rid' }), 'not grantable'],
    ['failed grant goes back to new', (s) => applyBatch(s, 'b', [result(f, 'failed', 'x')], T0 + 1), f, 'new'],
    ['undone grant goes back to new', (s) => applyUndo(applyBatch(s, 'b', [result(f, 'granted')], T0 + 1), 'b', [result(f, 'revoked')], T0 + 2), f, 'new'],
  ])('%s', (_name, step, fd, want) => {
    expect(statusOf(step(base), fd).status).toBe(want);
  });

  it('stale: seen only before a full grant on the same rid', () => {
    const read = finding(SVC, 'read', { lastSeen: T0 });
    const s = applyBatch(base, 'b', [result({ uid: UID, rid: SVC, action: 'full' }, 'granted')], T0 + 1000);
    const st = statusOf(s, read);
    expect(st.status).toBe('stale');
    expect(st.cover?.action).toBe('full');
  });

  it('a grant on another uid or rid does not cover', () => {
    const s = applyBatch(base, 'b', [result({ uid: 'other', rid: f.rid, action: 'create' }, 'granted'), result({ uid: UID, rid: SVC, action: 'full' }, 'granted')], T0 + 1000);
    expect(statusOf(s, f).status).toBe('new');
  });

  it('still denied after grant: within the window → propagation delay', () => {
    const s = applyBatch(base, 'b', [result(f, 'granted')], T0 + 1000);
    const st = statusOf(s, { ...f, lastSeen: T0 + 11_000 });
    expect(st).toMatchObject({ status: 'still denied after grant', likely: 'propagation delay' });
    expect(st.note).toMatch(/10 s after/);
  });

  it('a propagation-delay denial settles to granted once none came for a while', () => {
    const s = applyBatch(base, 'b', [result(f, 'granted')], T0 + 1000);
    const late = { ...f, lastSeen: T0 + 9000 };
    expect(statusOf(s, late, { now: T0 + 15_000 }).status).toBe('still denied after grant');
    const st = statusOf(s, late, { now: T0 + 20_000 });
    expect(st.status).toBe('granted');
    expect(st.note).toMatch(/denied again 8 s after the grant \(propagation delay\), not since/);
    // A wrong-permission denial never settles by itself.
    expect(statusOf(s, { ...f, lastSeen: T0 + 60_000 }, { now: T0 + 600_000 }).status).toBe('still denied after grant');
  });

  it('a denial logged within the grace after the grant is its tail: granted, not still denied', () => {
    const s = applyBatch(base, 'b', [result(f, 'granted')], T0 + 1400);
    // Whole-second log times: 12:00:01 is before the grant at 12:00:01.400; 12:00:06 is 4.6 s after.
    for (const t of [T0 + 1000, T0 + 3000, T0 + 1400 + PROPAGATION_GRACE_MS]) {
      const st = statusOf(s, { ...f, lastSeen: t });
      expect(st.status).toBe('granted');
      expect(isPending(st.status)).toBe(false);
    }
    expect(statusOf(s, { ...f, lastSeen: T0 + 3000 }).note).toMatch(/logged 2 s after the grant: it was still propagating/);
    expect(statusOf(s, { ...f, lastSeen: T0 + 1401 + PROPAGATION_GRACE_MS }).status).toBe('still denied after grant');
    // The same for a pair held before: the grace is about when the pair became effective.
    const held = markHeld(base, [f], T0 + 1400);
    expect(statusOf(held, { ...f, lastSeen: T0 + 4000 }).status).toBe('already held');
  });

  it('still denied after grant: long after → wrong permission', () => {
    const s = applyBatch(base, 'b', [result(f, 'granted')], T0 + 1000);
    expect(statusOf(s, { ...f, lastSeen: T0 + 120_000 })).toMatchObject({ status: 'still denied after grant', likely: 'wrong permission' });
    expect(statusOf(s, { ...f, lastSeen: T0 + 20_000 }, { propagationWindowMs: 5000 }).likely).toBe('wrong permission');
  });

  it('without log times, a count that grew after the batch means still denied', () => {
    const nt = { ...f, firstSeen: null, lastSeen: null, count: 2 };
    const s = applyBatch(base, 'b', [result(nt, 'granted')], T0 + 1000, [nt]);
    expect(statusOf(s, nt).status).toBe('granted');
    expect(statusOf(s, { ...nt, count: 3 }).status).toBe('still denied after grant');
  });
});

describe('selection and batch plan', () => {
  const normal = finding('dcos:mesos:master:framework:role:r', 'create');
  const sensitive = finding('dcos:secrets:default:/cassandra/*', 'read', { risk: 'sensitive' });
  const unknown = finding('dcos:foo', 'read', { risk: 'unknown' });
  const dangerous = finding('dcos:superuser', 'full', { risk: 'dangerous' });
  const nonRid = finding('/slave(1)/state', 'GET', { kind: 'non-rid' });
  const other = finding('dcos:mesos:master:framework:role:r', 'create', { uid: 'other' });
  const derived = finding('dcos:service:marathon:marathon:services:/cassandra', 'create', { kind: 'derived', derived: { rawAction: 'CreateRunSpec', path: '/cassandra' } });
  const all = [normal, sensitive, unknown, dangerous, nonRid, other];

  it('`a` selects only verified (not derived) normal-risk grantable findings of the uid that are not held', () => {
    let s = createSession({ id: 's', uid: UID, now: T0 });
    expect(safeKeys(s, [...all, derived])).toEqual([keyOf(normal)]);
    expect(safeKeys(createSession({ id: 's', uid: null, now: T0 }), [...all, derived])).toEqual([keyOf(normal), keyOf(other)]);
    s = applyBatch(s, 'b', [result(normal, 'granted')], T0 + 1);
    expect(safeKeys(s, all)).toEqual([]);
  });

  it('plans pairs, flags sensitive/unknown for a second key, refuses dangerous and non-rid', () => {
    const s = setSelected(createSession({ id: 's', uid: UID, now: T0 }), all.map(keyOf), true);
    const p = planBatch(s, all, { allowDangerous: false });
    expect(p.pairs.map((x) => x.rid)).toEqual([normal.rid, sensitive.rid, unknown.rid, other.rid]);
    expect(p.sensitive.map((x) => x.rid)).toEqual([sensitive.rid, unknown.rid]);
    expect(p.refused.map((x) => x.finding.rid)).toEqual([dangerous.rid, nonRid.rid]);
    expect(p.refused[0]?.why).toMatch(/--allow-dangerous/);
    const p2 = planBatch(s, all, { allowDangerous: true });
    expect(p2.pairs.map((x) => x.rid)).toContain('dcos:superuser');
    expect(p2.sensitive.map((x) => x.rid)).toContain('dcos:superuser');
  });

  it('pending counts new, selected and still-denied findings of the uid', () => {
    // What the header counts: the uid's findings whose status is pending.
    const pendingCount = (s: SessionState, fs: Finding[]) => fs.filter((f) => f.uid === UID && isPending(statusOf(s, f).status)).length;
    let s = createSession({ id: 's', uid: UID, now: T0 });
    expect(pendingCount(s, [normal, sensitive, other])).toBe(2);
    s = applyBatch(s, 'b', [result(normal, 'granted')], T0 + 1);
    expect(pendingCount(s, [normal, sensitive])).toBe(1);
    expect(pendingCount(s, [{ ...normal, lastSeen: T0 + 1 + PROPAGATION_GRACE_MS + 1000 }, sensitive])).toBe(2);
  });
});
