// With --uid, the totals of the table and of the scripts' first line count the denials of the
// accounts asked, with every principal's after: stats.denyLines alone counted others' denials
// beside findings of the --uid only ("10 findings for 1 principal · 18 denials").
import { describe, expect, it } from 'vitest';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { renderDcos, renderTable, renderTerraform } from '../../../src/core/render/index.js';
import type { ScanResult } from '../../../src/core/types.js';
import { deny } from '../findings/helpers.js';

/** svc denied 3 times (two findings), other twice, an unauthenticated request once: 6 denials. */
function result(uids: string[], since: number | null = null): ScanResult {
  const r = createFindingsAggregator({ uids, since, until: null });
  for (let i = 0; i < 2; i++) r.add(deny({ uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', ridAction: 'full', time: 1000 + i }));
  r.add(deny({ uid: 'svc', rid: 'dcos:adminrouter:package', ridAction: 'full' }));
  for (let i = 0; i < 2; i++) r.add(deny({ uid: 'other', rid: 'dcos:adminrouter:ops:mesos', ridAction: 'full' }));
  r.add(deny({ uid: null, reason: 'not authenticated', authCause: 'expired token', rid: 'dcos:adminrouter:ops:mesos' }));
  return r.result({ bytes: 100, lines: 6, sources: 1, elapsedMs: 5, errors: [] });
}

const last = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

describe('totals with --uid', () => {
  it('the table: the --uid denials, then all', () => {
    expect(last(renderTable(result(['svc']), { color: false }))).toBe('2 findings (1 sensitive) for 1 principal · 3 denials of --uid (6 in all) · 6 lines · 5 ms');
  });

  it('a --uid never denied: none of its own', () => {
    expect(last(renderTable(result(['nobody']), { color: false }))).toBe('0 findings for 0 principals · 0 denials of --uid (6 in all) · 6 lines · 5 ms');
  });

  it('without --uid: every denial, as before', () => {
    expect(last(renderTable(result([]), { color: false }))).toBe('3 findings (1 sensitive) for 2 principals · 6 denials · 6 lines · 5 ms');
  });

  it('without --uid, with --since: the denials in the window, then all', () => {
    // svc's first denial (at 1000 ms) is the one before the window; deny()'s default time is in 2024.
    expect(last(renderTable(result([], 1001), { color: false }))).toMatch(/ · 5 denials in --since\/--until \(6 in all\) · /);
    expect(renderDcos(result([], 1001)).split('\n')[0]).toMatch(/ from 5 denial\(s\) in --since\/--until \(6 in all\)\. Review before running\.$/);
  });

  it('the scripts say the same', () => {
    expect(renderDcos(result(['svc'])).split('\n')[0]).toMatch(/ from 3 denial\(s\) of --uid \(6 in all\)\. Review before running\.$/);
    expect(renderTerraform(result(['svc'])).split('\n')[0]).toMatch(/ from 3 denial\(s\) of --uid \(6 in all\)\. Review before applying\.$/);
    expect(renderDcos(result([])).split('\n')[0]).toMatch(/ from 6 denial\(s\)\. Review before running\.$/);
  });
});
