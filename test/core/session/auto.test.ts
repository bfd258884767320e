// autoDecide: what an unattended round grants (`a` then `g`) and what it leaves, with why.
import { describe, expect, it } from 'vitest';
import { applyBatch, autoDecide, beginBatch, createSession, setSelected, keyOf } from '../../../src/core/session/index.js';
import type { Finding, PairResult } from '../../../src/core/types.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const UID = 'cassandra-sa';
const f = (rid: string, action: string, over: Partial<Finding> = {}): Finding => ({
  uid: UID, rid, action, kind: 'permission', count: 1, firstSeen: T0, lastSeen: T0, hosts: ['m1'], components: ['mesos-master'],
  risk: 'normal', catalog: null, explanation: '', warnings: [], derived: null, example: 'line', ...over,
});
const res = (x: Finding, outcome: PairResult['outcome'], detail = ''): PairResult => ({ uid: x.uid, rid: x.rid, action: x.action, outcome, detail, aclCreated: false });

const normal = f('dcos:mesos:master:framework:role:r', 'create');
const sensitive = f('dcos:secrets:default:/c/keystore', 'read', { risk: 'sensitive' });
const unknown = f('dcos:something:new', 'read', { risk: 'unknown' });
const dangerous = f('dcos:superuser', 'full', { risk: 'dangerous' });
const nonRid = f('/service/x', 'full', { kind: 'non-rid' });
const other = f('dcos:mesos:master:framework:role:r', 'create', { uid: 'someone-else' });
const all = [normal, sensitive, unknown, dangerous, nonRid, other];

const keys = (xs: Finding[]) => xs.map(keyOf);
const skippedWhy = (d: ReturnType<typeof autoDecide>) => Object.fromEntries(d.skipped.map((s) => [s.finding.rid, s.why]));

describe('autoDecide', () => {
  const s = createSession({ id: 's1', uid: UID, now: T0 });

  it.each([
    { yes: false, grant: [normal], skipped: [sensitive, unknown, dangerous] },
    { yes: true, grant: [normal, sensitive, unknown], skipped: [dangerous] },
  ])('yes=$yes grants the safe ones and says why the others stay', ({ yes, grant, skipped }) => {
    const d = autoDecide(s, all, { yes });
    expect(keys(d.grant)).toEqual(keys(grant));
    expect(keys(d.skipped.map((x) => x.finding))).toEqual(keys(skipped));
  });

  it('gives one reason per kind of refusal; non-rid findings are not pending', () => {
    const why = skippedWhy(autoDecide(s, all, { yes: false }));
    expect(why[sensitive.rid]).toMatch(/^SENSITIVE: .*--yes/);
    expect(why[unknown.rid]).toMatch(/unknown risk.*--yes/);
    // The policy's reason (no unattended path takes --allow-dangerous, so it is never granted here).
    expect(why[dangerous.rid]).toMatch(/^DANGEROUS \(cluster-wide control\): refused without --allow-dangerous/);
    const needs = Object.fromEntries(autoDecide(s, all, { yes: false }).skipped.map((x) => [x.finding.rid, x.needs]));
    expect(needs).toEqual({ [sensitive.rid]: ['yes'], [unknown.rid]: ['yes'], [dangerous.rid]: ['allow-dangerous', 'yes'] });
    // Not a decision to make: the session core already shows it as `not grantable`.
    expect(why[nonRid.rid]).toBeUndefined();
  });

  it('leaves out what is granted, in flight, or held, and keeps what is selected', () => {
    let t = setSelected(s, [keyOf(sensitive)], true);
    expect(keys(autoDecide(t, [normal, sensitive], { yes: true }).grant)).toEqual(keys([normal, sensitive]));
    t = beginBatch(t, [normal]);
    expect(keys(autoDecide(t, [normal, sensitive], { yes: true }).grant)).toEqual(keys([sensitive]));
    t = applyBatch(t, 's1-b1', [res(normal, 'granted')], T0 + 1000, [normal]);
    expect(keys(autoDecide(t, [normal, sensitive], { yes: true }).grant)).toEqual(keys([sensitive]));
    const held = createSession({ id: 's2', uid: UID, now: T0, heldBefore: [sensitive] });
    expect(autoDecide(held, [sensitive], { yes: true })).toEqual({ grant: [], skipped: [] });
  });

  it('does not retry a pair whose last grant failed or was refused', () => {
    for (const outcome of ['failed', 'refused'] as const) {
      const t = applyBatch(beginBatch(s, [normal]), 's1-b1', [res(normal, outcome, 'HTTP 500')], T0 + 1000, [normal]);
      const d = autoDecide(t, [normal], { yes: true });
      expect(d.grant).toEqual([]);
      expect(d.skipped[0]?.why).toBe(`the last grant attempt ${outcome} (HTTP 500): not retried unattended`);
    }
  });

  it('with no session uid, takes every principal', () => {
    const any = createSession({ id: 's3', uid: null, now: T0 });
    expect(keys(autoDecide(any, [normal, other], { yes: false }).grant)).toEqual(keys([normal, other]));
  });
});
