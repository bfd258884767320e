// Memory bounds of the aggregator and renderers: what anyone can send must not grow state per line.
import { describe, expect, it } from 'vitest';
import { createFindingsAggregator, MAX_AUTH_FAILURES } from '../../../src/core/findings/index.js';
import { renderJson, renderNdjson, renderTable } from '../../../src/core/render/index.js';
import type { ScanFilter } from '../../../src/core/types.js';
import { deny } from './helpers.js';

const all: ScanFilter = { uids: [], since: null, until: null };
const extra = { bytes: 0, lines: 0, sources: 1, elapsedMs: 1, errors: [] };
const probe = (i: number, cause: 'no token' | 'expired token' = 'no token') =>
  deny({ uid: null, reason: 'not authenticated', authCause: cause, object: `/probe/${i}`, raw: `probe ${i}` });

describe('authentication failures are bounded (distinct unauthenticated probes)', () => {
  it('keeps at most MAX_AUTH_FAILURES rows, sums the rest per cause, totals exact', () => {
    const r = createFindingsAggregator({ ...all, uids: ['alice'] });
    const n = MAX_AUTH_FAILURES + 5_000;
    for (let i = 0; i < n; i++) r.add(probe(i));
    for (let i = 0; i < 300; i++) r.add(probe(i, 'expired token')); // 300 rows fit? no: the bound is full
    r.add(probe(0)); // a listed object: counted on its row
    r.add(probe(n - 1)); // an unlisted object again: counted, not a new object
    const res = r.result(extra);
    expect(res.authFailures).toHaveLength(MAX_AUTH_FAILURES);
    expect(r.snapshot().authFailures).toBe(MAX_AUTH_FAILURES);
    const listed = res.authFailures.reduce((s, a) => s + a.count, 0);
    const rest = res.authFailuresNotListed ?? [];
    expect(rest.map((u) => [u.cause, u.objects, u.count, u.objectsAtLeast])).toEqual([
      ['expired token', 300, 300, false],
      ['no token', 5_000, 5_001, false],
    ]);
    expect(listed + rest.reduce((s, u) => s + u.count, 0)).toBe(n + 300 + 2);
    expect(res.stats.denyLines).toBe(n + 300 + 2);
  });

  it('no aggregate when under the bound (output unchanged)', () => {
    const r = createFindingsAggregator(all, { maxAuthFailures: 10 });
    for (let i = 0; i < 10; i++) r.add(probe(i));
    const res = r.result(extra);
    expect(res.authFailures).toHaveLength(10);
    expect('authFailuresNotListed' in res).toBe(false);
    expect(JSON.parse(renderJson(res))).not.toHaveProperty('authFailuresNotListed');
  });

  it('table, json and ndjson report the aggregate with a note', () => {
    const r = createFindingsAggregator(all, { maxAuthFailures: 3 });
    for (let i = 0; i < 10; i++) r.add(probe(i));
    const res = r.result(extra);
    const table = renderTable(res, { color: false });
    expect(table).toContain('(7 other objects, not listed)');
    expect(table).toMatch(/note: 7 distinct object\(s\) not listed: at most 3 rows are kept/);
    const doc = JSON.parse(renderJson(res)) as Record<string, unknown>;
    expect(doc.version).toBe(1);
    expect((doc.authFailures as unknown[]).length).toBe(3);
    expect(doc.authFailuresNotListed).toEqual([{ cause: 'no token', objects: 7, objectsAtLeast: false, count: 7, firstSeen: expect.any(String), lastSeen: expect.any(String) }]);
    const nd = renderNdjson(res).trim().split('\n').map((l) => JSON.parse(l) as { type: string; count?: number });
    expect(nd.filter((l) => l.type === 'authFailure')).toHaveLength(3);
    expect(nd.filter((l) => l.type === 'authFailuresNotListed')).toEqual([expect.objectContaining({ objects: 7, count: 7 })]);
  });
});
