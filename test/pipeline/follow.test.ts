// runScan with follow: followed files are scanned alongside each other and the sources that end,
// into one aggregator; a quiet live stream is flushed; abort stops everything.
import { describe, expect, it } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Finding, ScanFilter, SourceProgress } from '../../src/core/types.js';
import { runScan, type ScanRunOptions } from '../../src/pipeline/scan.js';
import { ar, mesos, plain } from './lines.js';
import { scratch } from '../helpers/tmp.js';
import { untilWith } from '../helpers/wait.js';

const { tmp, ac } = scratch('a2g-pfollow-');
const until = untilWith({ timeoutMs: 5000 });

const all: ScanFilter = { uids: [], since: null, until: null };

/** Starts a following runScan; the test reads what its callbacks saw. */
function start(sources: string[], extra: Partial<ScanRunOptions> = {}) {
  const c = ac();
  const findings: Finding[] = [];
  const progress: SourceProgress[] = [];
  let lines = 0;
  const result = runScan({
    sources,
    filter: all,
    year: 2019,
    signal: c.signal,
    follow: true,
    followPollMs: 20,
    onFinding: (u) => u.isNew && findings.push(u.finding),
    onProgress: (p) => progress.push(p),
    onCounts: (n) => (lines = n.lines),
    ...extra,
  });
  const has = (uid: string, rid?: string) => findings.some((f) => f.uid === uid && (rid === undefined || f.rid === rid));
  const state = (label: string) => progress.filter((p) => p.label === label).at(-1)?.state;
  return { c, result, findings, progress, has, state, lines: () => lines };
}

describe('runScan --follow', () => {
  it('follows two files alongside a gzip read once: every finding arrives, appends to either too', async () => {
    const d = tmp();
    const a = join(d, 'a.log');
    const b = join(d, 'b.log');
    const z = join(d, 'z.log.gz');
    writeFileSync(a, `${plain(1)}\n${ar({ uid: 'svc-a' })}\n${plain(2)}\n`);
    writeFileSync(b, `${mesos('svc-b')}\n${plain(3)}\n`);
    writeFileSync(z, gzipSync(`${ar({ uid: 'svc-z' })}\n${plain(4)}\n`));
    const s = start([a, z, b]);
    await until('the first findings', () => s.has('svc-a') && s.has('svc-b') && s.has('svc-z'));
    await until('both files following', () => s.state(a) === 'following' && s.state(b) === 'following');
    expect(s.state(z)).toBe('done');
    appendFileSync(b, `${ar({ uid: 'svc-b2' })}\n${plain(5)}\n`);
    appendFileSync(a, `${mesos('svc-a2')}\n${plain(6)}\n`);
    await until('the appended findings', () => s.has('svc-a2') && s.has('svc-b2'));
    await until('every line counted', () => s.lines() === 11);
    s.c.abort();
    const r = await s.result;
    expect(r.errors).toEqual([]);
    expect(r.stats).toMatchObject({ sources: 3, lines: 11, denyLines: 5 });
    expect(new Set(r.findings.map((f) => f.uid))).toEqual(new Set(['svc-a', 'svc-b', 'svc-z', 'svc-a2', 'svc-b2']));
    expect([s.state(a), s.state(b)]).toEqual(['done', 'done']);
  });

  it('flushes a quiet file: its last denial shows with no line after it', async () => {
    const f = join(tmp(), 'j.log');
    writeFileSync(f, `${plain(1)}\n${ar({ uid: 'last' })}\n`);
    const s = start([f]);
    await until('the last denial', () => s.has('last'));
    appendFileSync(f, `${ar({ uid: 'later', rid: 'dcos:adminrouter:ops:metadata' })}\n`);
    await until('the appended last denial', () => s.has('later', 'dcos:adminrouter:ops:metadata'));
    s.c.abort();
    const r = await s.result;
    expect(r.stats).toMatchObject({ lines: 3, denyLines: 2 });
  });

  it('without follow reads the same files once and ends by itself', async () => {
    const f = join(tmp(), 'j.log');
    writeFileSync(f, `${ar({ uid: 'once' })}\n`);
    const r = await runScan({ sources: [f], filter: all, year: 2019, signal: new AbortController().signal });
    expect(r.findings.map((x) => x.uid)).toEqual(['once']);
  });

  it('abort stops every followed file and the scan returns its totals; a missing file is an error, the rest still run', async () => {
    const d = tmp();
    const a = join(d, 'a.log');
    writeFileSync(a, `${ar({ uid: 'svc-a' })}\n`);
    const s = start([a, join(d, 'missing.log')]);
    await until('following', () => s.state(a) === 'following');
    s.c.abort();
    const r = await s.result;
    expect(r.findings.map((f) => f.uid)).toEqual(['svc-a']);
    expect(r.errors).toEqual([{ source: join(d, 'missing.log'), message: expect.stringMatching(/missing\.log/) }]);
    expect(s.state(a)).toBe('done');
  });
});
