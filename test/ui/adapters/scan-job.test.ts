import { describe, expect, it } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preStarted, scanJobFactory } from '../../../src/ui/adapters/scan-job.js';
import { auditLines, CASSANDRA_STAGES, noiseLine } from '../../../src/sandbox/service/index.js';
import { until } from '../harness.js';
import { scratch } from '../../helpers/tmp.js';
import { nth } from '../../helpers/nth.js';

const { tmp, ac } = scratch('a2g-follow-');

const UID = 'cassandra-sa';
const ctx = (seq: number) => ({ uid: UID, now: Date.parse('2026-03-01T12:00:00Z') + seq * 1000, host: 'm1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq });
/** A deny cut before its result (a logger's length limit): malformed. */
const cutDeny = (seq: number) => deny(0, 0, seq).split('\n').filter(Boolean).map((l) => l.replace(/result=deny.*$/, 'result=')).join('\n');
const deny = (stage: number, check: number, seq: number) => auditLines(ctx(seq), nth(nth(CASSANDRA_STAGES, stage).checks, check), 'deny').join('\n') + '\n';

describe('scan job (runScan adapter)', () => {
  it('reports findings, auth failures, lines and source state live, including the last line at once', async () => {
    const f = join(tmp(), 'j.log');
    writeFileSync(f, noiseLine(ctx(0)) + '\n' + deny(0, 0, 1));
    const c = ac();
    const job = scanJobFactory({ sources: [f], filter: { uids: [UID], since: null, until: null }, year: null, follow: true, pollMs: 20 })(c.signal);
    const snap = await until('the first finding', () => (job.snapshot().findings.length === 1 ? job.snapshot() : null));
    expect(snap.findings[0]).toMatchObject({ uid: UID, rid: 'dcos:mesos:master:framework:role:cassandra-role', action: 'create', count: 1 });
    expect(snap.lines).toBe(2);
    await until('following', () => job.snapshot().sources[0]?.state === 'following');
    appendFileSync(f, deny(1, 0, 2) + deny(1, 1, 3));
    await until('two more findings', () => job.snapshot().findings.length === 3);
    const v = job.snapshot().version;
    expect(job.snapshot().version).toBe(v); // unchanged: the same cached snapshot
    c.abort();
    await job.done;
    expect(job.snapshot().done).toBe(true);
  });

  it('counts audit-looking lines that no audit logger wrote, apart from findings', async () => {
    const f = join(tmp(), 'j.log');
    const forged = `2026-03-01T12:00:00+0000 m1 nginx[1240]: 10.0.2.15 - - [01/Mar/2026:12:00:00 +0000] "GET / HTTP/1.1" 403 0 "-" "type=audit uid=${UID} object=dcos:superuser action=full result=deny"`;
    writeFileSync(f, `${forged}\n${deny(0, 0, 1)}`);
    const c = ac();
    const job = scanJobFactory({ sources: [f], filter: { uids: [UID], since: null, until: null }, year: null, follow: false })(c.signal);
    await job.done;
    const s = job.snapshot();
    expect(s.findings.map((x) => x.rid)).toEqual(['dcos:mesos:master:framework:role:cassandra-role']);
    expect(s.unverifiedLines).toBe(1);
  });

  it('reports a missing file as a failed source, not a crash', async () => {
    const c = ac();
    const job = scanJobFactory({ sources: [join(tmp(), 'nope.log')], filter: { uids: [], since: null, until: null }, year: null, follow: true })(c.signal);
    await job.done;
    const s = job.snapshot();
    expect(s.errors[0]?.message).toMatch(/nope\.log/);
    expect(s.sources[0]?.state).toBe('failed');
  });

  it('carries the verdict: done, the headline the CLI prints (pointing at the loop\'s lines) and its warnings', async () => {
    const f = join(tmp(), 'cut.log');
    writeFileSync(f, `${noiseLine(ctx(0))}\n${cutDeny(1)}\n`);
    const job = scanJobFactory({ sources: [f], filter: { uids: [], since: null, until: null }, year: null, follow: false })(ac().signal);
    expect(job.snapshot().headline ?? null).toBeNull();
    await job.done;
    const s = job.snapshot();
    expect(s.warnings?.map((w) => w.kind)).toEqual(['untrusted-audit-lines']);
    expect(s.headline).toBe('No verdict: every audit line read was malformed (see the warning below).');
  });

  it('following: the verdict of what was read so far once settled, replaced when lines change it', async () => {
    const f = join(tmp(), 'cut.log');
    writeFileSync(f, `${noiseLine(ctx(0))}\n${cutDeny(1)}\n`);
    const c = ac();
    const job = scanJobFactory({ sources: [f], filter: { uids: [], since: null, until: null }, year: null, follow: true, pollMs: 20 })(c.signal);
    await until('the verdict so far', () => job.snapshot().headline?.startsWith('No verdict: every audit line read was malformed'));
    expect(job.snapshot().done).toBe(false);
    appendFileSync(f, deny(0, 0, 2));
    await until('a settle with the deny', () => job.snapshot().findings.length === 1 && job.snapshot().warnings?.length === 0);
    c.abort();
    await job.done;
  });

  it('preStarted hands the running job to the first caller and links its abort', async () => {
    const f = join(tmp(), 'j.log');
    writeFileSync(f, deny(0, 0, 1));
    let starts = 0;
    const base = scanJobFactory({ sources: [f], filter: { uids: [], since: null, until: null }, year: null, follow: true, pollMs: 20 });
    const pre = preStarted((sig) => (starts++, base(sig)));
    expect(starts).toBe(1);
    const c = ac();
    const job = pre.start(c.signal);
    expect(starts).toBe(1);
    c.abort();
    await job.done; // the early job stops with the UI's signal
    pre.start(ac().signal);
    expect(starts).toBe(2);
  });
});
