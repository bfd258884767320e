import { describe, expect, it } from 'vitest';
import { emptyHeadline, scanWarnings, type SourceCoverage } from '../../../src/core/findings/verdict.js';
import type { ScanResult, ScanStats, UidCoverage } from '../../../src/core/types.js';

const stats = (o: Partial<ScanStats> = {}): ScanStats => ({ sources: 1, bytes: 10, lines: 1, auditLines: 0, allowLines: 0, denyLines: 0, malformedLines: 0, elapsedMs: 1, ...o });
const cov = (source: string, o: Partial<SourceCoverage> = {}): SourceCoverage => ({ source, streams: 1, bytes: 10, journal: true, auditLines: 0, ...o });
/** No allow had its principal read. */
const NO_ALLOWS = { allowed: [], allowedOthers: [], allowsRead: 0 };
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

  it('with --since: an ssh:// node asked for the window says its silence is of it; a file, read whole, does not', () => {
    const window = { text: '--since 2030-01-01T00:00:00.000Z', timed: 0, inside: 0 };
    const [node] = scanWarnings([cov('ssh://m1')], { stats: stats() }, { window });
    expect(node?.message).toMatch(/no audit line \(type=audit\) in --since 2030-01-01T00:00:00\.000Z: .*; or widen --since 2030/);
    const [file] = scanWarnings([cov('j.log')], { stats: stats() }, { window });
    expect(file?.message).not.toMatch(/in --since|widen/);
  });

  it('a source that failed before any stream says nothing here (its error does)', () => {
    expect(scanWarnings([cov('gone', { streams: 0, journal: false })], { stats: stats({ auditLines: 1 }) })).toEqual([]);
  });

  it('a --uid never denied while others were: the top principals with counts, and a close one', () => {
    const uidCoverage: UidCoverage = { wanted: ['svc-kafak', 'svc-web'], denied: ['svc-web'], others: [{ uid: 'svc-kafka', count: 9 }, { uid: 'a', count: 1 }], otherDenials: 10, ...NO_ALLOWS };
    const w = scanWarnings([cov('j.log', { auditLines: 5 })], { stats: stats({ auditLines: 5 }), uidCoverage });
    expect(w).toEqual([{ kind: 'uid-not-seen', source: null, message: '--uid svc-kafak was never denied, but 10 denial(s) of other principals were read: svc-kafka (9), a (1); did you mean --uid svc-kafka?' }]);
    expect(scanWarnings([cov('j.log')], { stats: stats({ auditLines: 5 }), uidCoverage: { ...uidCoverage, otherDenials: 0, others: [] } })).toEqual([]);
  });

  it('a --uid never seen, on a log of allows only: the principals of the allows read, and a close one', () => {
    const only = (o: Partial<UidCoverage>): UidCoverage => ({ wanted: ['svc-tagret'], denied: [], others: [], otherDenials: 0, ...NO_ALLOWS, ...o });
    const warn = (c: UidCoverage, allowLines: number) => scanWarnings([cov('j.log', { auditLines: allowLines })], { stats: stats({ auditLines: allowLines, allowLines }), uidCoverage: c }).filter((w) => w.kind === 'uid-not-seen');
    const seen = { allowedOthers: [{ uid: 'svc-target', count: 7 }, { uid: 'bootstrapuser', count: 2 }], allowsRead: 9 };
    // Every allow read: never seen is a fact, near name or not.
    expect(warn(only(seen), 9)).toEqual([{ kind: 'uid-not-seen', source: null, message: '--uid svc-tagret was never seen: no denial, and not a principal of the 9 allowed request(s) read: svc-target (7), bootstrapuser (2); did you mean --uid svc-target?' }]);
    expect(warn(only({ wanted: ['other-sa'], ...seen }), 9)[0]?.message).toBe('--uid other-sa was never seen: no denial, and not a principal of the 9 allowed request(s) read: svc-target (7), bootstrapuser (2)');
    // A sample: said only with a near name, never as "never seen" (its allows may come after the sample: review r-final2).
    expect(warn(only(seen), 5000)[0]?.message).toBe(
      '--uid svc-tagret was not denied, and is not among the principals of the first 9 allowed request(s) read (of 5000; its own may be among those not read): svc-target (7), bootstrapuser (2); did you mean --uid svc-target?',
    );
    const partial = emptyHeadline(result({ stats: stats({ auditLines: 5000, allowLines: 5000 }), warnings: warn(only(seen), 5000), uidCoverage: only(seen) }));
    // Not every allow read: it may be among those not read, so no typo is claimed (docs/verdicts.md).
    expect(partial).toBe('No permission denials found for --uid svc-tagret, not among the principals of the first allows read (see the warning on stderr).');
    // Two --uid, one of them among the allows read: the headline does not call it unseen (review r-last).
    const two = only({ wanted: ['svc-target', 'svc-tagret'], allowed: ['svc-target'], ...seen });
    expect(emptyHeadline(result({ stats: stats({ auditLines: 9, allowLines: 9 }), warnings: warn(two, 9), uidCoverage: two }))).toBe('No permission denials found.');
    expect(warn(only({ wanted: ['other-sa'], ...seen }), 5000)).toEqual([]);
    // Its own allows were read: all it did was allowed, no typo.
    expect(warn(only({ wanted: ['svc-target'], allowed: ['svc-target'], allowedOthers: [{ uid: 'svc-targe', count: 1 }], allowsRead: 8 }), 8)).toEqual([]);
    // No allow read (none, or none with a principal): nothing known, nothing said.
    expect(warn(only({}), 0)).toEqual([]);
    // With others denied, the near name may be an allowed principal's.
    expect(warn(only({ others: [{ uid: 'x', count: 1 }], otherDenials: 1, ...seen }), 9)[0]?.message).toBe('--uid svc-tagret was never denied, but 1 denial(s) of other principals were read: x (1); did you mean --uid svc-target?');
    const headline = emptyHeadline(result({ stats: stats({ auditLines: 9, allowLines: 9 }), warnings: warn(only(seen), 9), uidCoverage: only(seen) }));
    expect(headline).toBe('No verdict: --uid svc-tagret may be mistyped (did you mean --uid svc-target?); see the warning on stderr.');
    // Close to no name seen: not seen, said as such.
    const far = only({ wanted: ['payments'], ...seen });
    expect(emptyHeadline(result({ stats: stats({ auditLines: 9, allowLines: 9 }), warnings: warn(far, 9), uidCoverage: far }))).toBe('No permission denials found: --uid payments was not seen in the log (see the warning on stderr).');
  });
});

describe('emptyHeadline: "No permission denials found." only when it is a verdict', () => {
  it.each([
    ['nothing read, errors', result({ stats: stats({ sources: 0 }), errors: [{ source: 'x', message: 'gone' }] }), /^No verdict: no source could be read/],
    ['no journal output', result({ warnings: [{ kind: 'no-journal-output', source: 'a', message: '' }] }), /^No verdict: no journal output was read/],
    ['no audit lines', result({ warnings: [{ kind: 'no-audit-lines', source: null, message: '' }] }), /^No verdict: the journal output holds no audit lines/],
    [
      'the only --uid never denied',
      result({ stats: stats({ auditLines: 3 }), warnings: [{ kind: 'uid-not-seen', source: null, message: '' }], uidCoverage: { wanted: ['x'], denied: [], others: [{ uid: 'y', count: 3 }], otherDenials: 3, ...NO_ALLOWS } }),
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
    [
      'audit lines, no denial, another source failed (a node not read)',
      result({ stats: stats({ auditLines: 3, allowLines: 3 }), errors: [{ source: 'dcos://agents', message: 'gone' }] }),
      /^No verdict: some sources could not be read \(see the errors on stderr\)\.$/,
    ],
    ['audit lines, no denial', result({ stats: stats({ auditLines: 3, allowLines: 3 }) }), /^No permission denials found\.$/],
  ])('%s', (_what, r, want) => {
    expect(emptyHeadline(r)).toMatch(want);
  });

  it('other principals\' uids come from logs: shown escaped, never as terminal controls', () => {
    const uid = 'fw\u001b]0;PWNED\u0007\u001b[2J\rNo permission denials found.';
    const uidCoverage: UidCoverage = { wanted: ['my-sa'], denied: [], others: [{ uid, count: 1 }], otherDenials: 1, ...NO_ALLOWS };
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
