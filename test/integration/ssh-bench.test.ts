// SSH measurements for docs/benchmarks.md (run on demand: A2G_BENCH=1 npx vitest run test/integration/ssh-bench.test.ts).
// Real sshd + real journalctl; prints the figures as a Markdown table on stderr.
import { statSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/pipeline/scan.js';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

const ENTRIES = Number(process.env.A2G_BENCH_ENTRIES ?? 100_000);

/** Export-format journal: 2 % Admin Router / Mesos audit lines, the rest typical DC/OS noise. */
function exportText(n: number): string {
  const parts: string[] = [];
  const t0 = 1715677200000000;
  for (let i = 0; i < n; i++) {
    const audit = i % 50 === 0;
    const msg = audit
      ? `2024/05/14 09:00:00 [notice] 1240#0: *${i} [lua] auth.lua:186: auditlog(): type=audit timestamp=2024-05-14T09:00:00Z authorizer=adminrouter object=dcos:adminrouter:service:app${i % 7} action=full result=deny reason="IAM PQ response" srcip=10.0.4.21 srcport=40312 request_uri=/service/app${i % 7}/v1/state uid=svc${i % 3}, client: 10.0.4.21, server: master.mesos, request: "GET /service/app${i % 7}/v1/state HTTP/1.1", host: "10.0.0.1"`
      : `I0514 09:00:00.${String(i % 1000000).padStart(6, '0')}  3711 master.cpp:5129] Processing ACCEPT call for offers: [ 0-O${i} ] on agent 8f3a-S0 at slave(1)@10.0.1.5:5051 (agent-1) for framework 8f3a-0001 (marathon)`;
    parts.push(`__REALTIME_TIMESTAMP=${t0 + i * 1000}\n__MONOTONIC_TIMESTAMP=${1000 + i}\n_BOOT_ID=0f6d3a1c9b2e4d5f8a7b6c5d4e3f2a1b\n_HOSTNAME=master-1\n_SYSTEMD_UNIT=${audit ? 'dcos-adminrouter.service' : 'dcos-mesos-master.service'}\nSYSLOG_IDENTIFIER=${audit ? 'nginx' : 'mesos-master'}\n_PID=1240\nMESSAGE=${msg}\n\n`);
  }
  return parts.join('');
}

describe.skipIf(!HAVE_REAL_SSH || !process.env.A2G_BENCH)('SSH benchmark', () => {
  let dir: string;
  let journal: string;
  let node: Sshd;
  let ssh: SshOptions;
  const user = userInfo().username;
  const rows: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-bench-'));
    const clientPub = keygen(join(dir, 'client_key'));
    journal = buildJournal(dir, exportText(ENTRIES));
    node = await startSshd(dir, 'node', clientPub, journal);
    const kh = join(dir, 'known_hosts');
    writeFileSync(kh, knownHostsEntry(node));
    ssh = { identity: [join(dir, 'client_key')], knownHosts: kh, agent: null, sshConfigFile: null, defaultKeys: false, askPassphrase: null, home: dir, connectTimeoutMs: 30_000 };
  }, 120_000);

  afterAll(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`\n${rows.join('\n')}\n`);
  });

  const run = (sources: string[], extra: Partial<SshOptions> = {}) =>
    runScan({ sources, filter: { uids: [], since: null, until: null }, year: null, signal: new AbortController().signal, ssh: { ...ssh, ...extra } });

  it('bytes received vs journal size (2 % audit lines)', async () => {
    const url = `ssh://${user}@127.0.0.1:${node.port}`;
    const t0 = performance.now();
    const r = await run([url]);
    const ms = performance.now() - t0;
    expect(r.errors).toEqual([]);
    expect(r.stats.auditLines).toBe(ENTRIES / 50);
    const journalBytes = statSync(journal).size;
    const jsonBytes = execFileSync('/usr/bin/journalctl', [`--file=${journal}`, '-u', 'dcos-*', '-o', 'json', '--no-pager'], { maxBuffer: 1 << 30 }).length;
    rows.push(`| entries | audit lines | journal file | \`journalctl -o json\` unfiltered | received over SSH | ratio vs file | one host read |`);
    rows.push(`|---|---|---|---|---|---|---|`);
    rows.push(`| ${ENTRIES} | ${r.stats.auditLines} | ${mb(journalBytes)} | ${mb(jsonBytes)} | ${mb(r.stats.bytes)} | ${((100 * r.stats.bytes) / journalBytes).toFixed(1)} % | ${(ms / 1000).toFixed(2)} s |`);
  }, 300_000);

  it('20 loopback hosts at concurrency 1 and 8', async () => {
    // 20 sessions to the loopback sshd, each running its own real journalctl over the whole journal.
    const urls = Array.from({ length: 20 }, () => `ssh://${user}@127.0.0.1:${node.port}`);
    rows.push('', '| hosts | concurrency | wall time | audit lines |', '|---|---|---|---|');
    for (const concurrency of [1, 8]) {
      const t0 = performance.now();
      const r = await run(urls, { concurrency });
      const ms = performance.now() - t0;
      expect(r.errors).toEqual([]);
      expect(r.stats.sources).toBe(20);
      expect(r.stats.auditLines).toBe((20 * ENTRIES) / 50);
      rows.push(`| 20 | ${concurrency} | ${(ms / 1000).toFixed(2)} s | ${r.stats.auditLines} |`);
    }
  }, 600_000);
});

function mb(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}
