import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { runScan } from '../../src/pipeline/scan.js';
import type { ScanFilter, SourceProgress } from '../../src/core/types.js';
import { ar, marathon, mesos, noAuthNotice, plain } from './lines.js';

let dir: string;
const all: ScanFilter = { uids: [], since: null, until: null };
const run = (sources: string[], filter: ScanFilter = all, extra = {}) =>
  runScan({ sources, filter, year: 2019, signal: new AbortController().signal, ...extra });

const logText = [
  '-- Logs begin at Fri 2019-03-01 11:00:00 UTC, end at Fri 2019-03-01 13:00:00 UTC. --',
  plain(1),
  ar({ uid: 'svc1' }),
  ar({ uid: 'svc1', conn: 8 }),
  ar({ uid: 'svc1', result: 'allow', conn: 9 }),
  noAuthNotice(10),
  plain(2),
  ar({ uid: null, conn: 10 }),
  mesos('svc2'),
  marathon('svc1'),
  plain(3),
].join('\r\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'a2g-pipeline-'));
  await writeFile(join(dir, 'a.log'), logText);
  await writeFile(join(dir, 'b.log.gz'), gzipSync(`${ar({ uid: 'svc3', rid: 'dcos:adminrouter:ops:metadata', path: '/metadata', t: '2019-03-02T08:00:00Z' })}\n`));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runScan', () => {
  it('reads real files (plain CRLF and gzip) into findings, auth failures and exact stats', async () => {
    const r = await run([join(dir, 'a.log'), join(dir, 'b.log.gz')]);
    expect(r.errors).toEqual([]);
    const keys = r.findings.map((f) => `${f.uid} ${f.rid} ${f.action} ${f.count} ${f.kind}`);
    expect(keys).toEqual(expect.arrayContaining([
      'svc1 dcos:adminrouter:ops:mesos full 2 permission',
      'svc2 dcos:mesos:master:framework:role:cassandra-role create 1 permission',
      'svc3 dcos:adminrouter:ops:metadata full 1 permission',
    ]));
    expect(keys.some((k) => k.startsWith('svc1 dcos:service:marathon:marathon:services:/dev/app create 1 derived'))).toBe(true);
    expect(r.authFailures).toEqual([expect.objectContaining({ cause: 'no token', object: 'dcos:adminrouter:ops:mesos', count: 1 })]);
    expect(r.stats).toMatchObject({ sources: 2, lines: 12, auditLines: 7, allowLines: 1, denyLines: 6, malformedLines: 0 });
    expect(r.stats.bytes).toBe(Buffer.byteLength(logText) + Buffer.byteLength(ar({ uid: 'svc3', rid: 'dcos:adminrouter:ops:metadata', path: '/metadata', t: '2019-03-02T08:00:00Z' })) + 1);
  });

  it('applies the uid and time filters', async () => {
    const r = await run([join(dir, 'a.log'), join(dir, 'b.log.gz')], { uids: ['svc3'], since: Date.parse('2019-03-02T00:00:00Z'), until: null });
    expect(r.findings.map((f) => f.uid)).toEqual(['svc3']);
    const r2 = await run([join(dir, 'a.log'), join(dir, 'b.log.gz')], { uids: [], since: null, until: Date.parse('2019-03-01T12:00:02.900Z') });
    expect(new Set(r2.findings.map((f) => f.uid))).toEqual(new Set(['svc1', 'svc2']));
    expect(r2.findings.find((f) => f.uid === 'svc1' && f.kind === 'derived')).toBeUndefined();
  });

  it('reports a missing source and still scans the others, with callbacks', async () => {
    const errors: string[] = [];
    const news: string[] = [];
    const progress: SourceProgress[] = [];
    const r = await run([join(dir, 'missing.log'), join(dir, 'a.log')], all, {
      onError: (e: { source: string }) => errors.push(e.source),
      onFinding: (u: { finding: { uid: string }; isNew: boolean }) => u.isNew && news.push(u.finding.uid),
      onProgress: (p: SourceProgress) => progress.push(p),
    });
    expect(errors).toEqual([join(dir, 'missing.log')]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/no such file/);
    expect(r.findings.length).toBeGreaterThan(0);
    expect(new Set(news)).toEqual(new Set(r.findings.map((f) => f.uid)));
    expect(progress.some((p) => p.state === 'done')).toBe(true);
  });

  it('reads stdin through `-`', async () => {
    const stdin = Readable.from([Buffer.from(`${ar({ uid: 'piped' }).slice(0, 50)}`), Buffer.from(`${ar({ uid: 'piped' }).slice(50)}\n`)]);
    const r = await run(['-'], all, { stdin });
    expect(r.findings.map((f) => f.uid)).toEqual(['piped']);
  });

  it('stops on abort and still returns a result', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await runScan({ sources: [join(dir, 'a.log')], filter: all, year: null, signal: ac.signal });
    expect(r.findings).toEqual([]);
  });
});
