// End to end: dcos:// sources through the built CLI against the sandbox's logging API over HTTPS,
// with the cluster credentials the DC/OS CLI would hand over (DCOS_URL, DCOS_ACS_TOKEN,
// DCOS_TLS_CA_PATH); usage errors; the reader-is-target note; and the README's tour, which runs
// `audit2grant sandbox` and reads its simulated service through `dcos://all`. Needs `npm run build`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../iam/helpers.js';
import { loginPassword } from '../sandbox/iam/client.js';
import { denial, logCluster, READER_RIDS, type LogCluster } from '../sources/dcos/helpers.js';

interface Json {
  findings: Array<{ uid: string; rid: string; action: string; count: number; hosts: string[] }>;
  stats: { sources: number };
  errors: Array<{ source: string; message: string }>;
}

describe('audit2grant scan dcos://… (built CLI, sandbox logging API over HTTPS)', () => {
  let c: LogCluster;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    c = await logCluster();
    await c.reader('log-reader', READER_RIDS);
    const token = await loginPassword(c.iam.httpUrl, 'log-reader', 'pw-log-reader');
    const logs = c.iam.logs!;
    logs.masters.forEach((ip, i) => logs.writeLines(ip, denial('svc-e2e', `dcos:mesos:master:framework:role:e${i}`)));
    logs.agents.forEach((a, i) => logs.writeLines(a.id, denial('svc-e2e', `dcos:mesos:agent:task:user:e${i}`)));
    env = cleanEnv(c.dir, { DCOS_URL: c.iam.httpsUrl, DCOS_ACS_TOKEN: token, DCOS_TLS_CA_PATH: c.iam.caPath });
  });
  afterAll(() => c?.close());

  it('reads every node with the DC/OS CLI environment; json findings; exit 0', async () => {
    const r = await run(['scan', 'dcos://all', '--uid', 'svc-e2e', '--format', 'json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.errors).toEqual([]);
    expect(j.stats.sources).toBe(6);
    expect(j.findings.map((f) => f.rid).sort()).toEqual([0, 1, 2].flatMap((i) => [`dcos:mesos:agent:task:user:e${i}`, `dcos:mesos:master:framework:role:e${i}`]).sort());
  });

  it('without a terminal the default command acts as scan; a failed node is exit 1 and named, the others still read', async () => {
    const r = await run(['dcos://agent/nope-S4', 'dcos://127.0.0.2', '--uid', 'svc-e2e', '--format', 'dcos'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('dcos security org users grant svc-e2e dcos:mesos:master:framework:role:e1 create');
    expect(r.stderr).toContain('dcos://agent/nope-S4: the cluster has no agent nope-S4 (404)');
  });

  it('usage errors (exit 2): a bad spec, and no cluster to read from', async () => {
    const bad = await run(['scan', 'dcos://master'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^audit2grant: dcos:\/\/master: not a node of the logging API/);
    const none = await run(['scan', 'dcos://all'], cleanEnv(c.dir));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^audit2grant: dcos:\/\/ sources read the cluster's logging API with the cluster credentials, but no cluster to talk to\n  hint: pass --cluster-url URL, set DCOS_URL/);
  });

  it('reading as the account under review: says that its log-request lines are left out', async () => {
    const r = await run(['scan', 'dcos://masters', '--uid', 'log-reader', '--login-uid', 'log-reader', '--format', 'json'], { ...env, DCOS_ACS_TOKEN: '', DCOS_PASSWORD: 'pw-log-reader' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('audit2grant: note: the logs are read as log-reader, the account under review: Admin Router records each log request under log-reader, and those lines are left out of its findings');
    expect((JSON.parse(r.stdout) as Json).findings).toEqual([]);
  });

  it('--help shows the dcos:// sources', async () => {
    const r = await run(['scan', '--help'], env);
    expect(r.stdout).toContain('dcos://leader|masters|agents|all|agent/ID|IP');
    expect(r.stdout).toContain('audit2grant scan dcos://all --uid svc --since 2h');
  });
});

describe('the README tour: audit2grant sandbox, then dcos://all', () => {
  it('finds the simulated service\'s denial through the logging API, without SSH', async () => {
    const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'a2g-tour-'));
    const env = cleanEnv(dir);
    const sandbox = spawn(process.execPath, [bin, 'sandbox'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let banner = '';
      await new Promise<void>((resolve, reject) => {
        sandbox.stdout.on('data', (d) => {
          banner += d;
          if (banner.includes('Ctrl-C stops it.')) resolve();
        });
        sandbox.on('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
      });
      const field = (re: RegExp) => re.exec(banner)?.[1] ?? '';
      const tour = field(/^ {2}(audit2grant dcos:\/\/all .*)$/m);
      expect(tour).toBe('audit2grant dcos://all --uid sandbox-service --login-uid bootstrapuser');
      const r = await run([...tour.split(' ').slice(1), '--format', 'json'], {
        ...env,
        DCOS_URL: field(/export DCOS_URL=(\S+)/),
        DCOS_TLS_CA_PATH: field(/export DCOS_TLS_CA_PATH=(\S+)/),
        DCOS_PASSWORD: field(/export DCOS_PASSWORD=(\S+)/),
      });
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout) as Json;
      expect(j.stats.sources).toBe(6);
      expect(j.findings.map((f) => `${f.uid} ${f.rid} ${f.action}`)).toContain('sandbox-service dcos:mesos:master:framework:role:cassandra-role create');
      expect(j.findings.find((f) => f.rid.endsWith('cassandra-role'))?.hosts).toEqual(['dcos-master-1']);
    } finally {
      if (sandbox.exitCode === null) {
        const exited = new Promise((r) => sandbox.once('exit', r));
        sandbox.kill('SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
