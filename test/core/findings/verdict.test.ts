import { describe, expect, it } from 'vitest';
import { emptyHeadline, scanWarnings, type SourceCoverage } from '../../../src/core/findings/verdict.js';
import type { ScanResult, ScanStats, UidCoverage } from '../../../src/core/types.js';

const stats = (o: Partial<ScanStats> = {}): ScanStats => ({ sources: 1, bytes: 10, lines: 1, auditLines: 0, allowLines: 0, denyLines: 0, malformedLines: 0, elapsedMs: 1, ...o });
const cov = (source: string, o: Partial<SourceCoverage> = {}): SourceCoverage => ({ source, streams: 1, bytes: 10, journal: true, auditLines: 0, ...o });
const result = (o: Partial<ScanResult>): Pick<ScanResult, 'stats' | 'errors' | 'warnings' | 'uidCoverage'> => ({ stats: stats(), errors: [], ...o });

describe('scanWarnings', () => {
  it('names each source without journal output, and says what was expected', () => {
    const w = scanWarnings([cov('a.txt', { journal: false }), cov('stdin', { journal: false, bytes: 0 }), cov('j.log', { auditLines: 2 })], { stats: stats({ auditLines: 2 }) });
    expect(w.map((x) => [x.kind, x.source])).toEqual([['no-journal-output', 'a.txt'], ['no-journal-output', 'stdin']]);
    expect(w[0]?.message).toMatch(/^a\.txt holds no journal output of any known form: nothing was checked; expected journalctl output/);
    expect(w[1]?.message).toMatch(/^stdin is empty \(did the command before the pipe fail\?\)/);
  });

  it('journal output without audit lines: one warning with the dcos-* hint', () => {
    const w = scanWarnings([cov('j.log')], { stats: stats() });
    expect(w).toEqual([{ kind: 'no-audit-lines', source: null, message: expect.stringContaining("journalctl -u 'dcos-*'") }]);
  });

  it('a source that failed before any stream says nothing here (its error does)', () => {
    expect(scanWarnings([cov('gone', { streams: 0, journal: false })], { stats: stats({ auditLines: 1 }) })).toEqual([]);
  });

  it('a --uid never denied while others were: the top principals with counts, and a close one', () => {
    const uidCoverage: UidCoverage = { wanted: ['svc-kafak', 'svc-web'], denied: ['svc-web'], others: [{ uid: 'svc-kafka', count: 9 }, { uid: 'a', count: 1 }], otherDenials: 10 };
    const w = scanWarnings([cov('j.log', { auditLines: 5 })], { stats: stats({ auditLines: 5 }), uidCoverage });
    expect(w).toEqual([{ kind: 'uid-not-seen', source: null, message: '--uid svc-kafak was never denied, but 10 denial(s) of other principals were read: svc-kafka (9), a (1); did you mean --uid svc-kafka?' }]);
    expect(scanWarnings([cov('j.log')], { stats: stats({ auditLines: 5 }), uidCoverage: { ...uidCoverage, otherDenials: 0, others: [] } })).toEqual([]);
  });
});

describe('emptyHeadline: "No permission denials found." only when it is a verdict', () => {
  it.each([
    ['nothing read, errors', result({ stats: stats({ sources: 0 }), errors: [{ source: 'x', message: 'gone' }] }), /^No verdict: no source could be read/],
    ['no journal output', result({ warnings: [{ kind: 'no-journal-output', source: 'a', message: '' }] }), /^No verdict: no journal output was read/],
    ['no audit lines', result({ warnings: [{ kind: 'no-audit-lines', source: null, message: '' }] }), /^No verdict: the journal output holds no audit lines/],
    [
      'the only --uid never denied',
      result({ stats: stats({ auditLines: 3 }), warnings: [{ kind: 'uid-not-seen', source: null, message: '' }], uidCoverage: { wanted: ['x'], denied: [], others: [{ uid: 'y', count: 3 }], otherDenials: 3 } }),
      /^No permission denials found for --uid x; other principals were denied: y \(3\)\.$/,
    ],
    [
      'audit lines, no denial, bytes after the gzip data',
      result({ stats: stats({ auditLines: 3, allowLines: 3 }), warnings: [{ kind: 'gzip-trailing-bytes', source: 'a.gz', message: '' }] }),
      /^No verdict: some input was read only in part/,
    ],
    [
      'audit lines, no denial, a file truncated while read',
      result({ stats: stats({ auditLines: 3, allowLines: 3 }), warnings: [{ kind: 'truncated-while-read', source: 'a.log', message: '' }] }),
      /^No verdict: some input was read only in part/,
    ],
    ['audit lines, no denial', result({ stats: stats({ auditLines: 3, allowLines: 3 }) }), /^No permission denials found\.$/],
  ])('%s', (_what, r, want) => {
    expect(emptyHeadline(r)).toMatch(want);
  });

  it('other principals\' uids come from logs: shown escaped, never as terminal controls', () => {
    const uid = 'fw\u001b]0;PWNED\u0007\u001b[2J\rNo permission denials found.';
    const uidCoverage: UidCoverage = { wanted: ['my-sa'], denied: [], others: [{ uid, count: 1 }], otherDenials: 1 };
    const headline = emptyHeadline(result({ stats: stats({ auditLines: 1 }), warnings: [{ kind: 'uid-not-seen', source: null, message: '' }], uidCoverage }));
    const [warning] = scanWarnings([cov('j.log', { auditLines: 1 })], { stats: stats({ auditLines: 1 }), uidCoverage });
    for (const text of [headline, warning!.message]) {
      expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(text).toContain('fw\\x1b]0;PWNED');
    }
  });

  it('points where the details are: stderr for the CLI, the lines around the loop\'s list', () => {
    const refs = { warnings: 'below', errors: 'above' };
    const malformed = result({ stats: stats({ auditLines: 2, malformedLines: 2 }), warnings: [{ kind: 'untrusted-audit-lines', source: null, message: '' }] });
    expect(emptyHeadline(malformed)).toBe('No verdict: every audit line read was malformed (see the warning on stderr).');
    expect(emptyHeadline(malformed, refs)).toBe('No verdict: every audit line read was malformed (see the warning below).');
    expect(emptyHeadline(result({ stats: stats({ sources: 0 }), errors: [{ source: 'x', message: 'gone' }] }), refs)).toBe('No verdict: no source could be read (see the errors above).');
  });
});
