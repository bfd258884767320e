// The principals counted beside the --uid: bounded, and a line whose name was not kept is not a line
// whose principal is known, so a sample past the bound never says "never seen" (review r-last).
import { expect, it } from 'vitest';
import { PrincipalCounts } from '../../../src/core/findings/principals.js';

it('past 10,000 names a new one is counted, not kept, and not among the lines whose principal is known', () => {
  const p = new PrincipalCounts();
  for (let i = 0; i < 10_000; i++) p.add(`svc-${i}`);
  p.add('svc-0');
  p.add('svc-late');
  expect(p.total).toBe(10_002);
  expect(p.kept).toBe(10_001);
  expect(p.has('svc-late')).toBe(false);
  expect(p.top(1)).toEqual([{ uid: 'svc-0', count: 2 }]);
});
