// The `?` overlay's content and layout without a terminal: why each failed batch failed, in the
// batch's own words, and a help too tall for the space scrolled, never cut off.
import { describe, expect, it } from 'vitest';
import { STOPPED_BEFORE, type FailedBatch } from '../../src/core/session/index.js';
import { helpView, whyLines, type HelpScroll } from '../../src/ui/help-view.js';
import { HELP } from '../../src/ui/keys.js';
import { finding, result } from '../core/session/helpers.js';

const A = finding('dcos:mesos:master:framework:role:a', 'create');
const B = finding('dcos:mesos:master:framework:role:b', 'create');

describe('why a batch failed', () => {
  it('one reason, with the pairs an earlier error left unsent', () => {
    const b: FailedBatch = { n: 2, cause: 'token expired', failed: [result(A, 'failed', 'token expired')], stopped: 2, total: 3 };
    expect(whyLines([b]).map((l) => l.text)).toEqual([`why batch 2 failed: token expired (2 more pair(s) ${STOPPED_BEFORE})`]);
  });

  it('reasons that differ: each pair with its own, and how many of the batch failed', () => {
    const b: FailedBatch = { n: 1, cause: null, failed: [result(A, 'failed', 'x'), result(B, 'refused', 'y\u001b[2J')], stopped: 0, total: 4 };
    expect(whyLines([b])).toEqual([
      { text: 'why batch 1 failed (2 of 4 pair(s)):', indent: 0 },
      { text: `cassandra-sa ${A.rid} create: x`, indent: 2 },
      // The IAM's words are shown terminal-safe.
      { text: expect.not.stringContaining('\u001b') as unknown as string, indent: 2 },
    ]);
  });
});

describe('the help at any size', () => {
  const cause = 'the cluster refused the auth token from DCOS_ACS_TOKEN (401: expired or invalid)';
  const why = whyLines([{ n: 1, cause, failed: [result(A, 'failed', cause)], stopped: 0, total: 1 }]);

  it('too tall for the space: one column, scrolled, with what is above and below; every line reachable, none wider', () => {
    const seen = new Set<string>();
    let v = helpView({ width: 40, height: 6, why, offset: 0 }) as HelpScroll;
    expect(v.kind).toBe('scroll');
    expect(v.more).toMatch(/^↓ \d+ more line\(s\) below/);
    // A page at a time to the last line.
    for (let offset = 0; ; offset = Math.min(v.max, offset + v.page)) {
      v = helpView({ width: 40, height: 6, why, offset }) as HelpScroll;
      for (const l of v.lines) {
        expect(((l.label ?? '') + l.text).length).toBeLessThanOrEqual(40);
        seen.add(l.text);
      }
      if (offset === v.max) break;
    }
    expect(v.more).toMatch(/^↑ \d+ line\(s\) above \(↑↓ scroll\)$/);
    const all = [...seen].join(' ').replace(/\s+/g, ' ');
    expect(all).toContain('why batch 1 failed:');
    for (const s of HELP) expect(all).toContain(s.title.split(' ')[0]);
    expect(all).toContain('wait for the pair in flight, quit'); // wrapped, not cut
    // Past the end is the end.
    expect(helpView({ width: 40, height: 6, why, offset: 999 })).toMatchObject({ offset: v.max });
  });

  it('on 80x24 (a middle of 18): three lines of reasons above two columns of every key; four lines scroll', () => {
    const three = whyLines([{ n: 1, cause, failed: [result(A, 'failed', cause)], stopped: 2, total: 3 }]);
    const v = helpView({ width: 80, height: 18, why: three, offset: 0 });
    if (v.kind !== 'columns') throw new Error(`not in columns: ${JSON.stringify(v)}`);
    // The closing line and the blank line give way to the reason (the key bar says any key closes).
    expect(v).toMatchObject({ close: false, why: [expect.stringMatching(/^why batch 1 failed/), expect.any(String), expect.any(String)] });
    expect(v.cols).toHaveLength(2);
    const titles = v.cols.flat().map((s) => s.title);
    for (const s of HELP) if (!s.optional && !s.inKeyBar) expect(titles).toContain(s.title);
    // Without reasons the closing line stays.
    expect(helpView({ width: 80, height: 18, why: [], offset: 0 })).toMatchObject({ kind: 'columns', close: true });
    const four = whyLines([{ n: 1, cause: `${cause} ${'x'.repeat(60)}`, failed: [result(A, 'failed', cause)], stopped: 2, total: 3 }]);
    expect(helpView({ width: 80, height: 18, why: four, offset: 0 }).kind).toBe('scroll');
  });

  it('fits whole in columns on a large terminal, the reason first', () => {
    const v = helpView({ width: 120, height: 40, why, offset: 0 });
    expect(v).toMatchObject({ kind: 'columns', max: 0 });
    expect(v.kind === 'columns' && v.why[0]).toMatch(/^why batch 1 failed: the cluster refused/);
  });
});
