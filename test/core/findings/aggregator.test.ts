import { describe, expect, it } from 'vitest';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import type { Decision, DenyRead, ParsedAudit, ScanFilter } from '../../../src/core/types.js';
import { MAX_EXAMPLE_BYTES } from '../../../src/core/types.js';
import { allow, deny, malformed } from './helpers.js';
import { nth } from '../../helpers/nth.js';

const all: ScanFilter = { uids: [], since: null, until: null };
const extra = { bytes: 100, lines: 10, sources: 1, elapsedMs: 5, errors: [] };
const T = (h: number) => Date.UTC(2024, 2, 1, h, 0, 0);

describe('classification (audit-log-formats §3)', () => {
  const cases = [
    { name: 'deny with uid on a dcos: rid → permission', ev: deny(), kind: 'permission' },
    {
      name: 'derived Marathon mapping → derived, with a warning',
      ev: deny({ rid: 'dcos:service:marathon:marathon:services:/dev/app', ridAction: 'create', object: '/dev/app', action: 'CreateRunSpec', component: 'marathon', derived: { rawAction: 'CreateRunSpec', path: '/dev/app' } }),
      kind: 'derived',
    },
    { name: 'deny with uid on an endpoint path → non-rid', ev: deny({ rid: '', object: '/slave(1)/state', ridAction: '', action: 'GET', component: 'mesos-agent' }), kind: 'non-rid' },
  ] as const;
  it.each(cases)('$name', ({ ev, kind }) => {
    const r = createFindingsAggregator(all);
    const u = r.add(ev);
    expect(u?.isNew).toBe(true);
    expect(u?.finding.kind).toBe(kind);
    if (kind === 'derived') {
      expect(u?.finding.warnings[0]).toMatch(/inferred from marathon action CreateRunSpec on \/dev\/app/);
      expect(u?.finding.derived).toEqual({ rawAction: 'CreateRunSpec', path: '/dev/app' });
      expect(u?.finding).toMatchObject({ rid: 'dcos:service:marathon:marathon:services:/dev/app', action: 'create', risk: 'normal' });
    }
    if (kind === 'non-rid') expect(u?.finding).toMatchObject({ rid: '/slave(1)/state', action: 'GET', risk: 'unknown', catalog: null });
    if (kind === 'permission') expect(u?.finding).toMatchObject({ catalog: 'dcos:adminrouter:ops:mesos', risk: 'normal' });
  });

  it('deny without uid → auth failure per (cause, object); cut lines are unknown-uid, not auth', () => {
    const r = createFindingsAggregator(all);
    expect(r.add(deny({ uid: null, reason: 'not authenticated', authCause: 'expired token' }))).toBeNull();
    r.add(deny({ uid: null, reason: 'not authenticated', authCause: 'expired token', host: '10.0.0.2', time: T(14) }));
    r.add(deny({ uid: null, reason: 'not authenticated', authCause: null }));
    r.add(deny({ uid: null, reason: null, truncated: false })); // no uid, not cut: auth failure
    r.add(deny({ uid: null, reason: 'not authenticated', truncated: true, authCause: 'no token' })); // says so itself
    r.add(deny({ uid: null, reason: 'IAM PQ response', truncated: true })); // cut: unknown
    const res = r.result(extra);
    expect(res.findings).toEqual([]);
    expect(res.authFailures).toEqual([
      { cause: 'expired token', object: 'dcos:adminrouter:ops:mesos', count: 2, firstSeen: T(12), lastSeen: T(14), hosts: ['10.0.0.1', '10.0.0.2'] },
      { cause: 'no token', object: 'dcos:adminrouter:ops:mesos', count: 1, firstSeen: T(12), lastSeen: T(12), hosts: ['10.0.0.1'] },
      { cause: 'unknown', object: 'dcos:adminrouter:ops:mesos', count: 2, firstSeen: T(12), lastSeen: T(12), hosts: ['10.0.0.1'] },
    ]);
    expect(res.stats.unknownUidLines).toBe(1);
    expect(res.unknownUidExamples).toHaveLength(1);
    expect(res.stats.denyLines).toBe(6);
  });

  it('allows and malformed lines are counted only; malformed examples capped at 5', () => {
    const r = createFindingsAggregator(all);
    expect(r.add(allow())).toBeNull();
    for (let i = 0; i < 8; i++) expect(r.add(malformed(`bad ${i}`))).toBeNull();
    const res = r.result(extra);
    expect(res.findings).toEqual([]);
    expect(res.stats).toMatchObject({ auditLines: 9, allowLines: 1, denyLines: 0, malformedLines: 8, bytes: 100, lines: 10, sources: 1, elapsedMs: 5 });
    expect(res.malformedExamples.map((m) => m.raw)).toEqual(['bad 0', 'bad 1', 'bad 2', 'bad 3', 'bad 4']);
  });

  it('unverified lines are counted apart from audit lines, with 5 examples, and never make findings', () => {
    const r = createFindingsAggregator(all);
    for (let i = 0; i < 7; i++) expect(r.add({ type: 'unverified', why: 'w', raw: `forged ${i}`, source: 's' })).toBeNull();
    r.add(deny());
    expect(r.snapshot()).toMatchObject({ unverifiedLines: 7, auditLines: 1, findings: 1 });
    const res = r.result(extra);
    expect(res.stats).toMatchObject({ unverifiedLines: 7, auditLines: 1, denyLines: 1, malformedLines: 0 });
    expect(res.unverifiedExamples!.map((u) => u.raw)).toEqual(['forged 0', 'forged 1', 'forged 2', 'forged 3', 'forged 4']);
    expect(res.findings).toHaveLength(1);
  });
});

describe('aggregation', () => {
  it('one finding per (uid, rid, action): count, first/last seen, sorted host and component sets, first example', () => {
    const r = createFindingsAggregator(all);
    const a = r.add(deny({ time: T(13), host: 'm2', raw: 'first' }));
    const b = r.add(deny({ time: T(11), host: 'm1', component: 'mesos-master', raw: 'second' }));
    expect(b?.finding.count).toBe(2); // the copy shows the state when it is read
    const kept = b!.finding;
    r.add(deny({ time: null, host: null, raw: 'third' }));
    r.add(deny({ time: T(15), host: 'm2' }));
    expect(a?.isNew).toBe(true);
    expect(b?.isNew).toBe(false);
    expect(kept.count).toBe(2);
    const [f, ...rest] = r.findings();
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ count: 4, firstSeen: T(11), lastSeen: T(15), hosts: ['m1', 'm2'], components: ['adminrouter', 'mesos-master'], example: 'first' });
  });

  it('times: none (null) until a denial has one, then the earliest and the latest', () => {
    const r = createFindingsAggregator(all);
    expect(r.add(deny({ time: null }))?.finding).toMatchObject({ count: 1, firstSeen: null, lastSeen: null });
    const repeat = r.add(deny({ time: null }));
    expect(repeat?.isNew).toBe(false);
    expect(repeat?.finding).toMatchObject({ count: 2, firstSeen: null, lastSeen: null });
    expect(r.add(deny({ time: T(14) }))?.finding).toMatchObject({ firstSeen: T(14), lastSeen: T(14) });
    r.add(deny({ time: T(10) }));
    r.add(deny({ time: null }));
    r.add(deny({ time: 0 })); // the epoch is a time, not "none"
    r.add(deny({ time: NaN })); // not a time: changes neither
    expect(r.findings()[0]).toMatchObject({ count: 7, firstSeen: 0, lastSeen: T(14) });
    expect(JSON.stringify(r.result(extra).findings[0]!.firstSeen)).toBe('0');
  });

  it('hosts and components: each once, sorted, past the 30 names that get a bit of their own', () => {
    const r = createFindingsAggregator(all);
    const hosts = Array.from({ length: 40 }, (_, i) => `10.0.${i % 7}.${i}`);
    const comps = ['mesos-master', 'adminrouter', 'marathon'];
    // Two findings see the hosts in different orders, each host three times.
    for (let round = 0; round < 3; round++) {
      hosts.forEach((host, i) => {
        r.add(deny({ host, component: comps[(i + round) % 3]! }));
        r.add(deny({ ridAction: 'read', host: hosts[hosts.length - 1 - i]!, component: comps[i % 3]! }));
      });
    }
    const sorted = [...hosts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const found = r.findings();
    expect(found).toHaveLength(2);
    for (const f of found) {
      expect(f.count).toBe(120);
      expect(f.hosts).toEqual(sorted);
      expect(f.components).toEqual(['adminrouter', 'marathon', 'mesos-master']);
    }
  });

  it('updates are copies: mutating them does not change the aggregator', () => {
    const r = createFindingsAggregator(all);
    const u = r.add(deny());
    u!.finding.hosts.push('evil');
    u!.finding.count = 99;
    expect(r.findings()[0]).toMatchObject({ hosts: ['10.0.0.1'], count: 1 });
  });

  it('caps the example line', () => {
    const r = createFindingsAggregator(all);
    r.add(deny({ raw: 'x'.repeat(MAX_EXAMPLE_BYTES * 3) }));
    expect(r.findings()[0]?.example.length).toBe(MAX_EXAMPLE_BYTES);
  });

  it('flags an action the catalog does not honour', () => {
    const r = createFindingsAggregator(all);
    const u = r.add(deny({ rid: 'dcos:adminrouter:ops:mesos', ridAction: 'create' }));
    expect(u?.finding.warnings.join()).toMatch(/not one .* honours/);
  });

  it('orders findings by uid, risk, rid, action', () => {
    const r = createFindingsAggregator(all);
    const add = (uid: string, rid: string, action = 'create') => r.add(deny({ uid, rid, object: rid, ridAction: action }));
    add('b', 'dcos:mesos:master:task:app_id:/x');
    add('a', 'dcos:mesos:master:task:app_id:/x', 'read');
    add('a', 'dcos:made:up');
    add('a', 'dcos:mesos:master:task:user:root');
    add('a', 'dcos:mesos:master:task:app_id:/x');
    add('a', 'dcos:adminrouter:package', 'full');
    expect(r.findings().map((f) => `${f.uid} ${f.risk} ${f.rid} ${f.action}`)).toEqual([
      'a dangerous dcos:mesos:master:task:user:root create',
      'a sensitive dcos:adminrouter:package full',
      'a normal dcos:mesos:master:task:app_id:/x create',
      'a normal dcos:mesos:master:task:app_id:/x read',
      'a unknown dcos:made:up create',
      'b normal dcos:mesos:master:task:app_id:/x create',
    ]);
  });

  it('memory follows distinct findings, not lines', () => {
    const r = createFindingsAggregator(all);
    for (let i = 0; i < 50_000; i++) r.add(deny({ host: `h${i % 3}`, time: T(12) + i }));
    const s = r.snapshot();
    expect(s).toMatchObject({ findings: 1, denyLines: 50_000 });
    expect(r.findings()[0]?.hosts).toEqual(['h0', 'h1', 'h2']);
  });
});

describe('filters', () => {
  it('uids: only the named principals (empty = all)', () => {
    const r = createFindingsAggregator({ uids: ['a', 'c'], since: null, until: null });
    expect(r.add(deny({ uid: 'a' }))).not.toBeNull();
    expect(r.add(deny({ uid: 'b' }))).toBeNull();
    r.add(deny({ uid: 'c' }));
    r.add(deny({ uid: null, reason: 'not authenticated' })); // auth failures have no uid: kept
    const res = r.result(extra);
    expect(res.findings.map((f) => f.uid)).toEqual(['a', 'c']);
    expect(res.authFailures).toHaveLength(1);
    expect(res.stats).toMatchObject({ denyLines: 4, filteredLines: 1 });
  });

  it('since/until are inclusive on event time; events without time are kept', () => {
    const r = createFindingsAggregator({ uids: [], since: T(10), until: T(12) });
    const at = (time: number | null, rid: string) => r.add(deny({ time, rid, object: rid }));
    expect(at(T(9), 'dcos:a:before')).toBeNull();
    expect(at(T(10), 'dcos:a:since')).not.toBeNull();
    expect(at(T(12), 'dcos:a:until')).not.toBeNull();
    expect(at(T(13), 'dcos:a:after')).toBeNull();
    expect(at(null, 'dcos:a:notime')).not.toBeNull();
    r.add(deny({ uid: null, reason: 'not authenticated', time: T(20) })); // auth failure outside the window
    const res = r.result(extra);
    expect(res.findings.map((f) => f.rid)).toEqual(['dcos:a:notime', 'dcos:a:since', 'dcos:a:until']);
    expect(res.authFailures).toEqual([]);
    expect(res.stats.filteredLines).toBe(3);
  });
});

describe('snapshot', () => {
  it('counts live and bumps version only on change', () => {
    const r = createFindingsAggregator(all);
    const s0 = r.snapshot();
    r.add(allow());
    expect(r.snapshot().version).toBe(s0.version);
    r.add(deny({ rid: 'dcos:superuser', object: 'dcos:superuser' }));
    r.add(deny({ uid: 'other' }));
    const s = r.snapshot();
    expect(s.version).toBeGreaterThan(s0.version);
    expect(s).toMatchObject({ findings: 2, uids: 2, auditLines: 3, allowLines: 1, denyLines: 2, authFailures: 0 });
    expect(s.byRisk).toEqual({ normal: 1, sensitive: 0, dangerous: 1, unknown: 0 });
  });
});

describe('catalog look-ups', () => {
  it('explains each (rid, action) once, whatever the number of principals denied it, and keeps warnings per finding', () => {
    const calls: string[] = [];
    const r = createFindingsAggregator(all, {
      explain: (rid, action) => {
        calls.push(`${rid} ${action}`);
        return { pattern: rid, risk: 'normal', explanation: 'x', warnings: ['w'], honoured: true, why: null };
      },
    });
    for (let i = 0; i < 50; i++) r.add(deny({ uid: `svc${i}` }));
    r.add(deny({ uid: 'svc0', ridAction: 'read', action: 'read' }));
    expect(calls).toHaveLength(2);
    const fs = r.findings();
    expect(fs).toHaveLength(51);
    nth(fs, 0).warnings.push('changed by a caller');
    expect(r.findings()[1]?.warnings).toEqual(['w']);
  });
});

describe('denials read from their bytes (DenyRead)', () => {
  /** A DenyRead with `d`'s fields, as the scanner makes one; `parsed` is what its line parses to. */
  function read(d: Decision, parsed: ParsedAudit = d, calls = { n: 0 }): DenyRead {
    const { uid, object, action, rid, ridAction, derived, component, time, host } = d;
    return { type: 'deny-read', result: 'deny', uid: uid!, truncated: false, object, action, rid, ridAction, derived, component, time, host, decision: () => (calls.n++, parsed) };
  }

  it('adds to a finding without its line being parsed; a new finding gets the parsed line\'s example', () => {
    const agg = createFindingsAggregator(all);
    const calls = { n: 0 };
    const first = deny({ raw: 'first line', host: 'h1', time: T(1) });
    agg.add(read(first, first, calls));
    agg.add(read(deny({ raw: 'second line', host: 'h2', time: T(2) }), deny(), calls));
    expect(calls.n).toBe(1);
    const [f] = agg.findings();
    expect(f).toMatchObject({ uid: 'svc', count: 2, example: 'first line', hosts: ['h1', 'h2'], firstSeen: T(1), lastSeen: T(2) });
    expect(agg.snapshot()).toMatchObject({ auditLines: 2, denyLines: 2, findings: 1 });
  });

  it('never makes a finding of what only the bytes said: the parsed line is the one counted', () => {
    const agg = createFindingsAggregator(all);
    agg.add(read(deny({ uid: 'admin' }), deny({ uid: 'svc', raw: 'the real line' })));
    expect(agg.findings().map((f) => [f.uid, f.example, f.count])).toEqual([['svc', 'the real line', 1]]);
    expect(agg.snapshot()).toMatchObject({ auditLines: 1, denyLines: 1, findings: 1, uids: 1 });
    // The same finding, but the bytes said another host and time: the parsed line's are kept.
    const fresh = createFindingsAggregator(all);
    fresh.add(read(deny({ host: 'from-bytes', time: T(9) }), deny({ host: 'parsed', time: T(1) })));
    expect(fresh.findings().map((f) => [f.hosts, f.firstSeen])).toEqual([[['parsed'], T(1)]]);
    // Or to an allow of the same principal, rid and action: counted as an allow.
    agg.add(read(deny({ uid: 'svc', rid: 'dcos:x', host: 'h9' }), allow({ uid: 'svc', rid: 'dcos:x' })));
    expect(agg.snapshot()).toMatchObject({ auditLines: 2, denyLines: 1, allowLines: 1, findings: 1 });
    // A line that parses to something else altogether is counted as that.
    agg.add(read(deny({ uid: 'admin' }), malformed('type=audit forged')));
    expect(agg.snapshot()).toMatchObject({ auditLines: 3, denyLines: 1, malformedLines: 1, findings: 1, uids: 1 });
  });
});
