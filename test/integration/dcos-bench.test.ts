// Logging-API measurements for docs/benchmarks.md, beside the SSH path's (run on demand, after
// `npm run build`: A2G_BENCH=1 A2G_BENCH_ENTRIES=20000 npx vitest run test/integration/dcos-bench.test.ts).
// The sandbox runs in its own process (as a cluster would: its work must not share the client's
// event loop); every node's journal holds the SSH benchmark's content (2 % Admin Router audit lines,
// the rest Mesos master noise of similar length, one entry every 3.6 s). Agents hold a second mix in
// which half the noise comes from units that write no audit records (which the unit filter keeps on
// the node). Prints the figures as Markdown tables on stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/pipeline/scan.js';
import { resolveDcosCluster, type DcosCluster } from '../../src/sources/dcos/connect.js';
import type { SourceProgress } from '../../src/core/types.js';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import { nth } from '../helpers/nth.js';
import { loginPassword } from '../sandbox/iam/client.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

const ENTRIES = Number(process.env.A2G_BENCH_ENTRIES ?? 20_000);
const STEP_MS = 3600;
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Entry {
  unit: string;
  ident: string;
  pid: number;
  timeMs: number;
  message: string;
}

function entries(n: number, t0: number, mixed: boolean): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const audit = i % 50 === 0;
    const message = audit
      ? `2024/05/14 09:00:00 [notice] 1240#0: *${i} [lua] auth.lua:186: auditlog(): type=audit timestamp=2024-05-14T09:00:00Z authorizer=adminrouter object=dcos:adminrouter:service:app${i % 7} action=full result=deny reason="IAM PQ response" srcip=10.0.4.21 srcport=40312 request_uri=/service/app${i % 7}/v1/state uid=svc${i % 3}, client: 10.0.4.21, server: master.mesos, request: "GET /service/app${i % 7}/v1/state HTTP/1.1", host: "10.0.0.1"`
      : `I0514 09:00:00.${String(i % 1000000).padStart(6, '0')}  3711 master.cpp:5129] Processing ACCEPT call for offers: [ 0-O${i} ] on agent 8f3a-S0 at slave(1)@10.0.1.5:5051 (agent-1) for framework 8f3a-0001 (marathon)`;
    const other = mixed && !audit && i % 2 === 1;
    out.push({
      unit: audit ? 'dcos-adminrouter.service' : other ? 'dcos-metrics-agent.service' : 'dcos-mesos-master.service',
      ident: audit ? 'nginx' : other ? 'dcos-metrics-agent' : 'mesos-master',
      pid: 1240,
      timeMs: t0 + i * STEP_MS,
      message,
    });
  }
  return out;
}

function exportText(list: Entry[]): string {
  const t0 = nth(list, 0).timeMs;
  return list
    .map((e) => `__REALTIME_TIMESTAMP=${e.timeMs * 1000}\n__MONOTONIC_TIMESTAMP=${e.timeMs - t0 + 1000}\n_BOOT_ID=0f6d3a1c9b2e4d5f8a7b6c5d4e3f2a1b\n_HOSTNAME=master-1\n_SYSTEMD_UNIT=${e.unit}\nSYSLOG_IDENTIFIER=${e.ident}\n_PID=${e.pid}\nMESSAGE=${e.message}\n\n`)
    .join('');
}

const CHILD = (dist: string) => `
import { readFileSync } from 'node:fs';
import { startSandboxIam } from '${dist}/sandbox/iam/index.js';
const [masters, agents] = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const iam = await startSandboxIam({ logs: true });
const size = (node) => { const j = iam.logs.journal(node); let n = 0; for (let s = j.firstSeq; s <= j.lastSeq; s++) n += j.at(s).json.length + 1; return n; };
for (const ip of iam.logs.masters) for (const e of masters) iam.logs.append(ip, e);
for (const a of iam.logs.agents) for (const e of agents) iam.logs.append(a.id, e);
process.stdout.write(JSON.stringify({ httpsUrl: iam.httpsUrl, caPath: iam.caPath, su: iam.superuser, masterJson: size(iam.logs.masters[1]), agentJson: size(iam.logs.agents[0].id), agent: iam.logs.agents[0].id }) + '\\n');
process.stdin.resume();
process.stdin.on('end', () => iam.close().then(() => process.exit(0)));
`;

interface Run {
  ms: number;
  firstMs: number | null;
  bytes: number;
  auditLines: number;
  errors: unknown[];
}

describe.skipIf(!process.env.A2G_BENCH)('logging API benchmark', () => {
  let dir: string;
  let child: ChildProcess;
  let info: { httpsUrl: string; caPath: string; su: { uid: string; password: string }; masterJson: number; agentJson: number; agent: string };
  let cluster: DcosCluster;
  let master: Entry[];
  const rows: string[] = [];
  const t0 = Date.now() - ENTRIES * STEP_MS;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-dcos-bench-'));
    master = entries(ENTRIES, t0, false);
    writeFileSync(join(dir, 'entries.json'), JSON.stringify([master, entries(ENTRIES, t0, true)]));
    writeFileSync(join(dir, 'child.mjs'), CHILD(join(root, 'dist')));
    child = spawn(process.execPath, [join(dir, 'child.mjs'), join(dir, 'entries.json')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    info = JSON.parse(line);
    const token = await loginPassword(info.httpsUrl, info.su.uid, info.su.password, readFileSync(info.caPath, 'utf8'));
    cluster = resolveDcosCluster({ clusterUrl: info.httpsUrl, caCert: info.caPath, token }, {});
  }, 300_000);

  afterAll(async () => {
    child?.stdin?.end();
    await new Promise((r) => (child?.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`\n${rows.join('\n')}\n`);
  });

  const scan = async (sources: string[], extra: Record<string, unknown> = {}, since: number | null = null, ssh?: SshOptions): Promise<Run> => {
    const start = performance.now();
    let firstMs: number | null = null;
    const bytes = new Map<string, number>();
    const r = await runScan({
      sources,
      filter: { uids: [], since, until: null },
      year: null,
      signal: new AbortController().signal,
      dcos: { cluster, ...extra },
      ssh,
      onProgress: (p: SourceProgress) => bytes.set(p.label, p.bytes),
      onFinding: () => void (firstMs ??= performance.now() - start),
    });
    return { ms: performance.now() - start, firstMs, bytes: [...bytes.values()].reduce((a, b) => a + b, 0), auditLines: r.stats.auditLines, errors: r.errors };
  };

  it('one node: bytes over the network and time, against the SSH path on the same journal', async () => {
    const api = await scan(['dcos://127.0.0.2']);
    expect(api.errors).toEqual([]);
    expect(api.auditLines).toBe(ENTRIES / 50);
    const mixed = await scan([`dcos://agent/${info.agent}`]);
    expect(mixed.auditLines).toBe(ENTRIES / 50);
    const journal = buildJournal(dir, exportText(master));
    const file = statSync(journal).size;
    rows.push('| path | journal | entries sent by the node | received | ratio vs journal file | one node read | first finding |', '|---|---|---|---|---|---|---|');
    const row = (what: string, sent: string, r: Run) =>
      `| ${what} | ${mb(file)} | ${sent} | ${mb(r.bytes)} | ${((100 * r.bytes) / file).toFixed(1)} % | ${(r.ms / 1000).toFixed(2)} s | ${r.firstMs === null ? '-' : `${Math.round(r.firstMs)} ms`} |`;
    if (HAVE_REAL_SSH) {
      const pub = keygen(join(dir, 'client_key'));
      const node: Sshd = await startSshd(dir, 'node', pub, journal);
      try {
        writeFileSync(join(dir, 'known_hosts'), knownHostsEntry(node));
        const ssh = { identity: [join(dir, 'client_key')], knownHosts: join(dir, 'known_hosts'), agent: null, sshConfigFile: null, defaultKeys: false, askPassphrase: null, home: dir, connectTimeoutMs: 30_000 };
        const r = await scan([`ssh://${userInfo().username}@127.0.0.1:${node.port}`], {}, null, ssh);
        expect(r.auditLines).toBe(ENTRIES / 50);
        rows.push(row('SSH (`journalctl -o json \\| grep` on the node)', 'audit lines + notices', r));
      } finally {
        await node.stop();
      }
    }
    rows.push(row('logging API, all entries in audit units', `${ENTRIES} (${mb(info.masterJson)} as JSON)`, api));
    rows.push(row('logging API, half the noise in other units', `${ENTRIES / 2 + ENTRIES / 100} (of ${mb(info.agentJson)})`, mixed));
  }, 600_000);

  it('--since 1h on a journal of ~20 h: the probes find the window; only about it is read', async () => {
    const full = await scan(['dcos://127.0.0.3']);
    const since = t0 + (ENTRIES - 1) * STEP_MS - 3_600_000;
    const win = await scan(['dcos://127.0.0.3'], {}, since);
    expect(win.errors).toEqual([]);
    rows.push('', '| read | received | time |', '|---|---|---|');
    rows.push(`| whole journal | ${mb(full.bytes)} | ${(full.ms / 1000).toFixed(2)} s |`);
    rows.push(`| \`--since\` last hour (${Math.round(3_600_000 / STEP_MS)} entries + 2 min slack + ≤ 64 before) | ${mb(win.bytes)} | ${(win.ms / 1000).toFixed(2)} s |`);
  }, 600_000);

  it('dcos://all (3 masters at their own address, 3 agents through the agent route) at concurrency 1 and 8', async () => {
    rows.push('', '| nodes | concurrency | wall time | received | audit lines |', '|---|---|---|---|---|');
    for (const concurrency of [1, 8]) {
      const r = await scan(['dcos://all'], { concurrency });
      expect(r.errors).toEqual([]);
      expect(r.auditLines).toBe((6 * ENTRIES) / 50);
      rows.push(`| 6 | ${concurrency} | ${(r.ms / 1000).toFixed(2)} s | ${mb(r.bytes)} | ${r.auditLines} |`);
    }
  }, 600_000);
});

function mb(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}
