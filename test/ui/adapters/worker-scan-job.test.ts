// The scan job in a worker thread, as the built program runs it (needs `npm run build`: the worker
// is the compiled dist/ui/adapters/scan-worker.js).
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartScan } from '../../../src/ui/ports.js';
import type { ScanJobOptions } from '../../../src/ui/adapters/scan-job.js';
import { auditLines, CASSANDRA_STAGES, noiseLine } from '../../../src/sandbox/service/index.js';
import { until } from '../harness.js';
import { scratch } from '../../helpers/tmp.js';
import { nth } from '../../helpers/nth.js';
import { utf32le } from '../../helpers/silent.js';
import { ar } from '../../pipeline/lines.js';

const built = fileURLToPath(new URL('../../../dist/ui/adapters/worker-scan-job.js', import.meta.url));
type Mod = { workerScanJobFactory(o: ScanJobOptions): StartScan; workerAvailable(o?: ScanJobOptions): boolean };
const load = () => import(built) as Promise<Mod>;

const { tmp, ac } = scratch('a2g-worker-');
const UID = 'cassandra-sa';
const ctx = (seq: number) => ({ uid: UID, now: Date.parse('2026-03-01T12:00:00Z') + seq * 1000, host: 'm1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq });
const deny = (stage: number, check: number, seq: number) => auditLines(ctx(seq), nth(nth(CASSANDRA_STAGES, stage).checks, check), 'deny').join('\n') + '\n';

describe.skipIf(!existsSync(built))('scan job in a worker thread', () => {
  it('streams findings, counts and source state from the worker, follows appends, and stops on abort', async () => {
    const { workerScanJobFactory, workerAvailable } = await load();
    const f = join(tmp(), 'j.log');
    writeFileSync(f, noiseLine(ctx(0)) + '\n' + deny(0, 0, 1) + deny(0, 0, 2));
    const o: ScanJobOptions = { sources: [f], filter: { uids: [UID], since: null, until: null }, year: null, follow: true, pollMs: 20 };
    expect(workerAvailable(o)).toBe(true);
    const c = ac();
    const job = workerScanJobFactory(o)(c.signal);
    const snap = await until('the first finding', () => (job.snapshot().findings[0]?.count === 2 ? job.snapshot() : null));
    expect(snap.findings[0]).toMatchObject({ uid: UID, rid: 'dcos:mesos:master:framework:role:cassandra-role', action: 'create' });
    await until('following', () => job.snapshot().sources[0]?.state === 'following');
    expect(job.snapshot().lines).toBe(3);
    appendFileSync(f, deny(1, 0, 3) + deny(1, 1, 4) + deny(0, 0, 5));
    await until('two more findings and a count', () => job.snapshot().findings.length === 3 && job.snapshot().findings.some((x) => x.count === 3));
    // Unchanged: the same snapshot object (the UI skips a render).
    expect(job.snapshot()).toBe(job.snapshot());
    c.abort();
    await job.done;
    expect(job.snapshot().done).toBe(true);
    expect(job.snapshot().errors).toEqual([]);
  });

  it('reports a missing file as a failed source and ends', async () => {
    const { workerScanJobFactory } = await load();
    const job = workerScanJobFactory({ sources: [join(tmp(), 'nope.log')], filter: { uids: [], since: null, until: null }, year: null, follow: true })(ac().signal);
    await job.done;
    expect(job.snapshot().sources[0]?.state).toBe('failed');
    expect(job.snapshot().errors[0]?.message).toMatch(/nope\.log/);
  });

  it('passes the unverified (forged) line count over from the worker', async () => {
    const { workerScanJobFactory } = await load();
    const f = join(tmp(), 'j.log');
    const forged = `2026-03-01T12:00:00+0000 m1 nginx[1240]: 10.0.2.15 - - [01/Mar/2026:12:00:00 +0000] "GET / HTTP/1.1" 403 0 "-" "type=audit uid=${UID} object=dcos:superuser action=full result=deny"`;
    writeFileSync(f, `${forged}\n${deny(0, 0, 1)}`);
    const job = workerScanJobFactory({ sources: [f], filter: { uids: [UID], since: null, until: null }, year: null, follow: false })(ac().signal);
    await job.done;
    expect(job.snapshot().findings.map((x) => x.rid)).toEqual(['dcos:mesos:master:framework:role:cassandra-role']);
    expect(job.snapshot().unverifiedLines).toBe(1);
  });

  it('passes the verdict over from the worker: the headline and the warnings', async () => {
    const { workerScanJobFactory } = await load();
    const f = join(tmp(), 'utf32.log');
    writeFileSync(f, utf32le(deny(0, 0, 1)));
    const job = workerScanJobFactory({ sources: [f], filter: { uids: [], since: null, until: null }, year: null, follow: false })(ac().signal);
    await job.done;
    expect(job.snapshot().warnings).toEqual([expect.objectContaining({ kind: 'no-journal-output', source: f })]);
    expect(job.snapshot().headline).toBe('No verdict: no journal output was read (see the warning below).');
  });

  it('passes the findings bound over from the worker: the list is partial, the counts at the end', async () => {
    const { workerScanJobFactory } = await load();
    const f = join(tmp(), 'flood.log');
    // One account denied 3,000 distinct rids: past its share of the bound (src/core/findings/bound.ts).
    writeFileSync(f, Array.from({ length: 3000 }, (_, i) => ar({ uid: 'mallory', rid: `dcos:adminrouter:service:p${i}`, conn: i })).join('\n') + '\n');
    const job = workerScanJobFactory({ sources: [f], filter: { uids: [], since: null, until: null }, year: null, follow: false })(ac().signal);
    await job.done;
    const s = job.snapshot();
    const w = (s.warnings ?? []).filter((x) => x.kind === 'findings-not-kept');
    expect(w).toEqual([expect.objectContaining({ message: expect.stringMatching(/^\d+ distinct finding\(s\) \(\d+ denial\(s\) of 1 principal\(s\): mallory/) })]);
    const notKept = Number(/^(\d+)/.exec(w[0]!.message)![1]);
    expect(s.findings.length + notKept).toBe(3000);
  });

  // A source's note shows in the loop's header only until its next report: a warning (here an ssh
  // config's StrictHostKeyChecking no) was gone once the source failed, and never said again.
  it('keeps a source\'s warning note for the run, past the source\'s later reports', async () => {
    const { workerScanJobFactory } = await load();
    const home = tmp();
    const cfg = join(home, 'ssh_config');
    writeFileSync(cfg, 'Host *\n  Port 1\n  StrictHostKeyChecking no\n', { mode: 0o600 });
    const ssh = { sshConfigFile: cfg, systemSshConfigFile: null, home, knownHosts: join(home, 'known_hosts'), globalKnownHosts: [], agent: null, defaultKeys: false, identity: [], localUser: 'tester', connectTimeoutMs: 2000 };
    const job = workerScanJobFactory({ sources: ['ssh://127.0.0.1'], filter: { uids: [], since: null, until: null }, year: null, follow: false, ssh })(ac().signal);
    await job.done;
    const s = job.snapshot();
    expect(s.sources).toEqual([expect.objectContaining({ label: 'ssh://127.0.0.1', state: 'failed' })]);
    expect(s.sources[0]?.note).toBeUndefined();
    expect(s.notes).toEqual([expect.stringMatching(new RegExp(`^warning: ${cfg} line 3: StrictHostKeyChecking no is read as accept-new: `))]);
  });

  it('dcos:// options, the service login key included, cross to the worker', async () => {
    const { workerAvailable } = await load();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const cluster = { clusterUrl: 'https://127.0.0.1:1', tls: { insecure: false }, login: { kind: 'service' as const, uid: 'reader', key: privateKey }, warnings: [], readerUid: 'reader' };
    expect(workerAvailable({ sources: ['dcos://all'], filter: { uids: [], since: null, until: null }, year: null, follow: false, dcos: { cluster, concurrency: 8 } })).toBe(true);
  });

  it('runs in the thread when the options cannot cross to a worker', async () => {
    const { workerAvailable } = await load();
    expect(workerAvailable({ sources: [], filter: { uids: [], since: null, until: null }, year: null, follow: false, ssh: { askPassphrase: async () => 'x' } })).toBe(false);
  });
});
