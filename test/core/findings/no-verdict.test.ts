// noVerdictReason: what makes a `--fail-on-findings` run without findings exit 1 (docs/verdicts.md).
import { describe, expect, it } from 'vitest';
import { noVerdictReason } from '../../../src/core/findings/verdict.js';
import type { UidCoverage } from '../../../src/core/types.js';

// Every allow's principal read (0 allow lines counted): "never seen" is exact.
const ALL_READ = { allowLines: 0 };
const coverage = (o: Partial<UidCoverage>): UidCoverage => ({ wanted: [], denied: [], others: [], otherDenials: 0, allowed: [], allowedOthers: [], allowsRead: 0, ...o });

describe('noVerdictReason', () => {
  it('a warning of the kinds that leave no verdict', () => {
    expect(noVerdictReason({ stats: ALL_READ, warnings: [{ kind: 'unreadable-file', source: 'x', message: '' }] })).toMatch(/not judged whole/);
    expect(noVerdictReason({ stats: ALL_READ, warnings: [{ kind: 'no-audit-lines', source: null, message: '' }] })).toBeNull();
  });

  it('a --uid never seen with a close name, denied or allowed: mistyped', () => {
    const denied = coverage({ wanted: ['svc-kafak'], others: [{ uid: 'svc-kafka', count: 3 }], otherDenials: 3 });
    expect(noVerdictReason({ stats: ALL_READ, uidCoverage: denied })).toBe('--uid svc-kafak was never seen, but svc-kafka was (did you mean --uid svc-kafka?)');
    const allowed = coverage({ wanted: ['SVC-web'], allowedOthers: [{ uid: 'svc-web', count: 2 }], allowsRead: 2 });
    expect(noVerdictReason({ stats: ALL_READ, uidCoverage: allowed })).toMatch(/did you mean --uid svc-web\?/);
  });

  it('not for a --uid denied, allowed, or close to no name seen', () => {
    const others = [{ uid: 'svc-kafka', count: 3 }];
    expect(noVerdictReason({ stats: ALL_READ, uidCoverage: coverage({ wanted: ['svc-kafka'], denied: ['svc-kafka'], others }) })).toBeNull();
    expect(noVerdictReason({ stats: ALL_READ, uidCoverage: coverage({ wanted: ['svc-kafak'], allowed: ['svc-kafak'], others, otherDenials: 3, allowsRead: 1 }) })).toBeNull();
    expect(noVerdictReason({ stats: ALL_READ, uidCoverage: coverage({ wanted: ['payments'], others, otherDenials: 3 }) })).toBeNull();
    // Short names: two edits make any name of two letters any other; only case counts there.
    expect(noVerdictReason({ stats: ALL_READ, uidCoverage: coverage({ wanted: ['ab'], others: [{ uid: 'cd', count: 1 }], otherDenials: 1 }) })).toBeNull();
    expect(noVerdictReason({ stats: ALL_READ, uidCoverage: coverage({ wanted: ['AB'], others: [{ uid: 'ab', count: 1 }], otherDenials: 1 }) })).toMatch(/did you mean --uid ab\?/);
  });

  it('on a busy log (not every allow read) a close name is no typo unless only its case differs', () => {
    const sibling = coverage({ wanted: ['kafka-1'], others: [{ uid: 'kafka-2', count: 3 }], otherDenials: 3, allowsRead: 256 });
    expect(noVerdictReason({ stats: { allowLines: 5000 }, uidCoverage: sibling })).toBeNull();
    expect(noVerdictReason({ stats: { allowLines: 256 }, uidCoverage: sibling })).toMatch(/did you mean --uid kafka-2\?/);
    const upper = coverage({ wanted: ['Kafka-2'], others: [{ uid: 'kafka-2', count: 3 }], otherDenials: 3, allowsRead: 256 });
    expect(noVerdictReason({ stats: { allowLines: 5000 }, uidCoverage: upper })).toMatch(/did you mean --uid kafka-2\?/);
  });

  it('a close name from the log is escaped', () => {
    const cov = coverage({ wanted: ['svc-a'], others: [{ uid: 'svc-\u001b', count: 1 }], otherDenials: 1 });
    expect(noVerdictReason({ stats: ALL_READ, uidCoverage: cov })).toBe('--uid svc-a was never seen, but svc-\\x1b was (did you mean --uid svc-\\x1b?)');
  });
});
