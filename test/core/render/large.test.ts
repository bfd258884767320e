// Data-sized results: no spread of a findings-sized array into a call (the stack limit, ~100k args).
import { describe, expect, it } from 'vitest';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { renderDcos, renderTable } from '../../../src/core/render/index.js';
import { renderTerraform } from '../../../src/core/render/terraform.js';
import { maxOf, pushAll } from '../../../src/core/arrays.js';
import type { ScanResult } from '../../../src/core/types.js';
import { deny } from '../findings/helpers.js';

const N = 125_000;
let cached: ScanResult | undefined;
function big(): ScanResult {
  if (cached) return cached;
  // Unbounded: the renderers are under test here, not the bound on findings (findings-bound.test.ts).
  const r = createFindingsAggregator({ uids: [], since: null, until: null }, { bound: { budget: Infinity } });
  for (let i = 0; i < N; i++) {
    const rid = `dcos:mesos:master:framework:role:r${i}`;
    r.add(deny({ uid: 'svc', rid, object: rid, ridAction: 'create', action: 'create', raw: `raw ${i}` }));
  }
  // and as many non-rid denials (skipped by the scripts)
  for (let i = 0; i < N; i++) r.add(deny({ uid: 'other', rid: null as unknown as string, object: `/x/${i}`, raw: `raw x ${i}` }));
  cached = r.result({ bytes: 0, lines: 2 * N, sources: 1, elapsedMs: 1, errors: [] });
  return cached;
}

describe('renderers with 125,000 findings for one principal', () => {
  it('table renders every finding without a stack overflow', () => {
    const res = big();
    expect(res.findings.length).toBe(2 * N);
    const text = renderTable(res, { color: false });
    expect(text).toContain(`svc  (${N} findings)`);
    expect(text.split('\n').filter((l) => l.includes('dcos:mesos:master:framework:role:r')).length).toBe(N);
  });

  it('dcos and terraform scripts render without a stack overflow', () => {
    const res = big();
    expect(renderDcos(res).split('\n').length).toBeGreaterThan(N);
    expect(renderTerraform(res).split('\n').length).toBeGreaterThan(N);
  });

  it('maxOf and pushAll take any number of items', () => {
    const xs = Array.from({ length: 300_000 }, (_, i) => i);
    expect(maxOf(xs, (x) => x, 0)).toBe(299_999);
    expect(maxOf([], (x: number) => x, 7)).toBe(7);
    expect(pushAll(['a'], xs.map(String)).length).toBe(300_001);
  });
});
