// The bound on distinct findings without --uid (bound.ts): anyone who can send requests makes
// distinct denials, so findings are kept up to a budget and the rest is counted, exactly.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { FINDING_COST, FindingsBound, HashCount, findingWeight } from '../../../src/core/findings/bound.js';
import { emptyHeadline, NO_VERDICT_KINDS, scanWarnings } from '../../../src/core/findings/verdict.js';
import type { DenyRead, ScanFilter } from '../../../src/core/types.js';
import { rawOf } from '../../../src/core/audit/common.js';
import { deny } from './helpers.js';

const all: ScanFilter = { uids: [], since: null, until: null };
const extra = { bytes: 0, lines: 0, sources: 1, elapsedMs: 1, errors: [] };
/** A denial of `uid` on its own rid `i`: rid and raw text of one length, so every weight is the same. */
const ridOf = (i: number) => `dcos:adminrouter:service:app-${String(i).padStart(5, '0')}`;
const on = (uid: string, i: number, time = Date.UTC(2024, 2, 1, 12, 0, i % 60)) => deny({ uid, rid: ridOf(i), raw: 'x'.repeat(100), time });
const weightOf = (uid: string, i: number) => findingWeight(uid, ridOf(i), 'full', 100);

describe('FindingsBound (pure)', () => {
  it('admits up to the budget; after the first turned away, nothing new, not even a lighter one', () => {
    const b = new FindingsBound({ budget: 300, perPrincipal: 300 });
    expect(b.admit('a', 100)).toBe(true);
    expect(b.admit('b', 150)).toBe(true);
    expect(b.admit('c', 100)).toBe(false); // 350 > 300
    expect(b.admit('d', 10)).toBe(false); // would fit, but then a kept finding's count could start late
  });

  it('a principal past its share keeps nothing new; the others still do', () => {
    const b = new FindingsBound({ budget: 1000, perPrincipal: 250 });
    expect(b.admit('flood', 100)).toBe(true);
    expect(b.admit('flood', 100)).toBe(true);
    expect(b.admit('flood', 100)).toBe(false);
    expect(b.admit('flood', 1)).toBe(false);
    expect(b.admit('svc', 100)).toBe(true);
  });

  it('the share defaults to a quarter of the budget', () => {
    expect(new FindingsBound({ budget: 4000 }).perPrincipal).toBe(1000);
  });

  it('counts what was dropped: denials exact, distinct findings and principals, the most denied first, times', () => {
    const b = new FindingsBound({ budget: 0 });
    b.drop('a', 'r1', 'full', 3000);
    b.drop('a', 'r1', 'full', 1000); // the same finding again
    b.drop('a', 'r2', 'full', null);
    b.drop('b', 'r1', 'full', 2000);
    expect(b.result()).toEqual({
      findings: 3,
      findingsAtLeast: false,
      denials: 4,
      principals: 2,
      principalsAtLeast: false,
      top: [
        { uid: 'a', denials: 3 },
        { uid: 'b', denials: 1 },
      ],
      firstSeen: 1000,
      lastSeen: 3000,
    });
  });

  it('nothing dropped: no result', () => {
    expect(new FindingsBound().result()).toBeNull();
  });

  it('a uid too long to keep as a name is counted as "at least"', () => {
    const b = new FindingsBound({ budget: 0 });
    b.drop('u'.repeat(300), 'r', 'full', null);
    expect(b.result()).toMatchObject({ denials: 1, findings: 1, principals: 0, principalsAtLeast: true, top: [] });
  });
});

describe('HashCount', () => {
  it('counts distinct hashes (0 included) up to its bound, then says "at least"', () => {
    const h = new HashCount(3);
    for (const x of [0, 1, 1, -5, 0]) h.add(x);
    expect([h.size, h.atLeast]).toEqual([2, false]); // 0 and 1 share the slot marker: 0 is read as 1
    h.add(7);
    expect([h.size, h.atLeast]).toEqual([3, false]);
    h.add(7);
    h.add(8);
    expect([h.size, h.atLeast]).toEqual([3, true]);
  });

  it('keeps 100,000 distinct values exact', () => {
    const h = new HashCount(100_000);
    for (let i = 1; i <= 100_000; i++) h.add(Math.imul(i, 0x9e3779b1));
    expect([h.size, h.atLeast]).toEqual([100_000, false]);
  });
});

describe('the aggregator without --uid', () => {
  it('keeps findings up to the budget; counts of kept ones exact; every other denial counted', () => {
    const budget = weightOf('u0', 0) * 3;
    const notKept = vi.fn();
    const r = createFindingsAggregator(all, { bound: { budget, perPrincipal: budget }, onNotKept: notKept });
    for (let i = 0; i < 10; i++) r.add(on(`u${i}`, i));
    for (let i = 0; i < 10; i++) r.add(on(`u${i}`, i)); // repeats: kept ones counted on their finding
    const res = r.result(extra);
    expect(res.findings.map((f) => [f.uid, f.count])).toEqual([
      ['u0', 2],
      ['u1', 2],
      ['u2', 2],
    ]);
    expect(res.findingsNotKept).toMatchObject({ findings: 7, denials: 14, principals: 7, findingsAtLeast: false });
    expect(res.stats.denyLines).toBe(20);
    expect(res.findings.reduce((n, f) => n + f.count, 0) + res.findingsNotKept!.denials).toBe(res.stats.denyLines);
    expect(notKept).toHaveBeenCalledTimes(1);
    expect(r.snapshot().findings).toBe(3);
    expect(r.notKept()).toEqual(res.findingsNotKept); // what a followed scan's verdict reads before its result
  });

  it('one principal flooding distinct rids cannot starve another that comes later', () => {
    const w = weightOf('flood', 0);
    const r = createFindingsAggregator(all, { bound: { budget: w * 100, perPrincipal: w * 20 } });
    for (let i = 0; i < 5000; i++) r.add(on('flood', i));
    r.add(on('svc-real', 1));
    r.add(on('svc-real', 2));
    const res = r.result(extra);
    expect(res.findings.filter((f) => f.uid === 'flood')).toHaveLength(20);
    expect(res.findings.filter((f) => f.uid === 'svc-real')).toHaveLength(2);
    expect(res.findingsNotKept).toMatchObject({ findings: 4980, denials: 4980, top: [{ uid: 'flood', denials: 4980 }] });
  });

  it("once closed, a new finding's denial read from its bytes is counted without parsing its line", () => {
    const r = createFindingsAggregator(all, { bound: { budget: weightOf('u0', 0), perPrincipal: Infinity } });
    const calls = { n: 0 };
    const read = (uid: string, i: number): DenyRead => {
      const d = on(uid, i);
      return { type: 'deny-read', result: 'deny', uid, truncated: false, object: d.object, action: d.action, rid: d.rid, ridAction: d.ridAction, derived: null, component: d.component, time: d.time, host: d.host, decision: () => (calls.n++, d) };
    };
    r.add(read('u0', 0)); // kept: parsed once
    r.add(read('u1', 1)); // turned away: parsed (its weight is its line's), and the bound closes
    for (let i = 2; i < 50; i++) r.add(read(`u${i}`, i)); // counted from their bytes
    expect(calls.n).toBe(2);
    expect(r.result(extra).findingsNotKept).toMatchObject({ findings: 49, denials: 49 });
  });

  it('weighs text: a long rid takes the room of several short ones', () => {
    const short = findingWeight('u', 'dcos:x', 'full', 10);
    expect(short).toBe(FINDING_COST + 1 + 6 + 4 + 10);
    const r = createFindingsAggregator(all, { bound: { budget: 2000, perPrincipal: 2000 } });
    r.add(deny({ uid: 'a', rid: `dcos:adminrouter:service:${'y'.repeat(1500)}`, raw: 'r' }));
    r.add(deny({ uid: 'b', rid: `dcos:adminrouter:service:${'y'.repeat(1500)}`, raw: 'r' }));
    expect(r.result(extra).findings.map((f) => f.uid)).toEqual(['a']);
  });

  it('under the bound: no findingsNotKept, no warning (output unchanged)', () => {
    const r = createFindingsAggregator(all);
    for (let i = 0; i < 100; i++) r.add(on(`u${i}`, i));
    const res = r.result(extra);
    expect(res.findings).toHaveLength(100);
    expect('findingsNotKept' in res).toBe(false);
    expect(scanWarnings([], res)).toEqual([]);
  });
});

describe('with --uid, the wanted principals are never bounded', () => {
  it('a budget of 0 still keeps every finding of the --uid target', () => {
    const r = createFindingsAggregator({ ...all, uids: ['svc'] }, { bound: { budget: 0 } });
    for (let i = 0; i < 500; i++) r.add(on('svc', i));
    r.add(on('other', 1));
    const res = r.result(extra);
    expect(res.findings).toHaveLength(500);
    expect('findingsNotKept' in res).toBe(false);
    expect(r.notKept()).toBeNull();
  });
});

describe('the verdict when findings were not kept', () => {
  const dropped = () => {
    const r = createFindingsAggregator(all, { bound: { budget: 0 } });
    r.add(on('mallory', 1));
    r.add(on('mallory', 2));
    return r.result(extra);
  };

  it('a named warning: how many, whose, and to narrow with --uid or --since', () => {
    const res = dropped();
    const w = scanWarnings([], res);
    expect(w).toEqual([{ kind: 'findings-not-kept', source: null, message: expect.stringContaining('2 distinct finding(s) (2 denial(s) of 1 principal(s): mallory (2))') }]);
    expect(w[0]!.message).toMatch(/partial.*--uid UID.*--since\/--until/);
    expect(NO_VERDICT_KINDS.has('findings-not-kept')).toBe(true);
  });

  it('never "No permission denials found." when findings were dropped', () => {
    const res = dropped();
    res.warnings = scanWarnings([], res);
    expect(res.findings).toHaveLength(0);
    expect(emptyHeadline(res)).toMatch(/^No verdict: findings past the memory bound were not kept; the results are partial/);
  });
});

describe('a kept finding weighs what the bound counts, not its whole line', () => {
  it('its rid, derived path and example are copies, not slices of a 1 MiB line', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const r = createFindingsAggregator(all, { bound: { budget: Infinity } });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let n = 0; n < 48; n++) {
      const line = `${String(n).padStart(8, '0')} dcos:adminrouter:service:${'z'.repeat(300)}${'y'.repeat(1 << 20)}`;
      const rid = line.slice(9, 9 + 325);
      const raw = rawOf({ raw: line, message: line } as Parameters<typeof rawOf>[0]); // cut at 4 KB by the parser
      const derived = { rawAction: 'CreateRunSpec', path: line.slice(0, 300) };
      r.add(deny({ uid: `u${n}`, rid, raw, derived, component: 'marathon' }));
    }
    const res = r.result(extra);
    expect(res.findings).toHaveLength(48);
    expect(res.findings[0]!.example.length).toBeLessThanOrEqual(4096);
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 << 20); // slices would hold 48 MiB
  });
});
