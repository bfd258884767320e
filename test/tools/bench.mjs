#!/usr/bin/env node
// `npm run bench`: the scan against grep on the same warm file (see docs/benchmarks.md).
// Generates, deterministically and once (reused afterwards), a short-iso journal of BENCH_SIZE_MB
// (default 1024) MB with ~2 % audit lines (Admin Router, Mesos, Marathon; allow and deny) among
// ordinary DC/OS lines, plus a gzip copy; then times alternating runs of
//   node bin/audit2grant.js scan FILE --uid U --format json
//   sh -c 'grep -F type=audit FILE | grep -F result=deny | grep -F uid=U'
// and the same on FILE.gz against `zcat FILE.gz | grep …`. Prints medians, ratios and the scan's
// peak RSS (GNU time's %M when /usr/bin/time exists, else VmHWM polled from /proc).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sizeMb = Number(process.env.BENCH_SIZE_MB ?? 1024);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const dir = process.env.BENCH_DIR ?? join(root, 'bench-data');
const UID = 'svc-bench';
const GEN_VERSION = 2;
const file = join(dir, `journal-v${GEN_VERSION}-${sizeMb}mb.log`);
const bin = join(root, 'bin', 'audit2grant.js');

// ---- deterministic generator ---------------------------------------------------------------
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hosts = ['10.0.1.11', '10.0.1.12', '10.0.1.13'].map((ip) => `ip-${ip.replaceAll('.', '-')}.ec2.internal`);
const uids = [UID, 'dcos_marathon', 'svc-cassandra', 'svc-kafka', 'bootstrapuser', 'dcos_metronome'];
const rids = [
  ['dcos:adminrouter:ops:mesos', '/mesos/master/state'],
  ['dcos:adminrouter:ops:metadata', '/metadata'],
  ['dcos:adminrouter:service:marathon', '/service/marathon/v2/apps'],
  ['dcos:adminrouter:ops:system-health', '/system/health/v1'],
  ['dcos:adminrouter:package', '/package/list'],
  ['dcos:adminrouter:ops:exhibitor', '/exhibitor/exhibitor/v1/cluster/status'],
];
const paths = ['/dev/app', '/prod/cassandra', '/kafka/broker', '/tools/job-runner'];

function pad2(n) {
  return n < 10 ? `0${n}` : String(n);
}

function* lines(bytesWanted) {
  const r = rng(20190301);
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  let t = Date.UTC(2019, 2, 1, 0, 0, 0);
  let produced = 0;
  let conn = 1000;
  while (produced < bytesWanted) {
    t += Math.floor(r() * 40);
    const d = new Date(t);
    const iso = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}+0000`;
    const ngx = `${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
    const isoZ = d.toISOString().replace(/\.\d+Z$/, 'Z');
    const host = pick(hosts);
    const x = r();
    let line;
    if (x < 0.02) {
      // audit line
      const uid = r() < 0.3 ? UID : pick(uids);
      const result = r() < 0.35 ? 'deny' : 'allow';
      const y = r();
      if (y < 0.6) {
        const [rid, path] = pick(rids);
        conn++;
        line = `${iso} ${host} nginx[1240]: ${ngx} [notice] 1240#0: *${conn} [lua] ee.lua:57: auditlog(): type=audit timestamp=${isoZ} authorizer=adminrouter object=${rid} action=full result=${result} reason="IAM PQ response" srcip=10.0.4.${Math.floor(r() * 250)} srcport=${40000 + Math.floor(r() * 20000)} request_uri=${path} uid=${uid}, client: 10.0.4.7, server: master.mesos, request: "GET ${path} HTTP/1.1", host: "${host}"`;
      } else if (y < 0.85) {
        const role = pick(['cassandra-role', 'kafka-role', 'slave_public', '*']);
        line = `${iso} ${host} mesos-master[3708]: I0301 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${String(t % 1000).padStart(3, '0')}534  3708 logfmt.cpp:178] dstip=10.0.1.11 type=audit timestamp=2019-03-01 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.752481024+00:00 reason="Error in authorization request" uid="${uid}" object="dcos:mesos:master:framework:role:${role}" agent="go-http-client/1.1" authorizer="mesos-master" action="create" result=${result} srcip=10.0.1.13 dstport=5050 srcport=${40000 + Math.floor(r() * 20000)}`;
      } else {
        line = `${iso} ${host} marathon.sh[1500]: [2019-03-01 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())},199] INFO  timestamp=${d.toISOString()} type=audit uid=${uid} srcip=10.0.4.7 srcport=50123 dstip=10.0.1.11 dstport=8443 authorizer=marathon action=${pick(['CreateRunSpec', 'ViewRunSpec', 'UpdateRunSpec'])} path=${pick(paths)} result=${result} (dcos.marathon.auditlog:marathon-akka.actor.default-dispatcher-${Math.floor(r() * 20)})`;
      }
    } else if (x < 0.35) {
      line = `${iso} ${host} mesos-master[3708]: I0301 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.123456  3708 master.cpp:${3000 + Math.floor(r() * 9000)}] Processing ACCEPT call for offers: [ 5d3b7e1c-1f2a-4b9c-8e6d-${String(Math.floor(r() * 1e12)).padStart(12, '0')}-O${Math.floor(r() * 99999)} ] on agent 5d3b7e1c-1f2a-4b9c-8e6d-2c7f1a9b3e4d-S${Math.floor(r() * 9)} at slave(1)@10.0.2.${Math.floor(r() * 250)}:5051 (10.0.2.${Math.floor(r() * 250)}) for framework 5d3b7e1c-0001 (marathon) at scheduler-1@10.0.1.11:15101`;
    } else if (x < 0.65) {
      const [, path] = pick(rids);
      line = `${iso} ${host} nginx[1240]: 10.0.4.${Math.floor(r() * 250)} - - [01/Mar/2019:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000] "GET ${path} HTTP/1.1" 200 ${Math.floor(r() * 90000)} "-" "python-requests/2.18.4" (0.00${Math.floor(r() * 9)} s.)`;
    } else if (x < 0.85) {
      line = `${iso} ${host} marathon.sh[1500]: [2019-03-01 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())},${String(t % 1000).padStart(3, '0')}] INFO  Received status update for task ${pick(paths).slice(1).replace('/', '_')}.instance-${Math.floor(r() * 1e9).toString(16)}._app.1: TASK_RUNNING (Reconciliation: Latest task state) (mesosphere.marathon.core.task.update.impl.TaskStatusUpdateProcessorImpl:marathon-akka.actor.default-dispatcher-${Math.floor(r() * 30)})`;
    } else if (x < 0.95) {
      line = `${iso} ${host} java[2231]: [INFO] [2019-03-01 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}] [cosmos] com.mesosphere.cosmos.handler.ListHandler - Listing installed packages (${Math.floor(r() * 40)} found)`;
    } else {
      line = `${iso} ${host} systemd[1]: Started dcos-${pick(['checks-poststart', 'logrotate-master', 'signal', 'gen-resolvconf'])}.service: ${pick(['Run the DC/OS post-start checks', 'Rotate DC/OS logs', 'Send usage signal', 'Generate resolv.conf'])}.`;
    }
    produced += line.length + 1;
    yield line;
  }
}

async function generate() {
  mkdirSync(dir, { recursive: true });
  if (existsSync(file)) return;
  process.stderr.write(`generating ${file} (${sizeMb} MB)…\n`);
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  let batch = [];
  let batchLen = 0;
  for (const l of lines(sizeMb * 1024 * 1024)) {
    batch.push(l);
    batchLen += l.length;
    if (batchLen > 4 << 20) {
      if (!out.write(batch.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
      batch = [];
      batchLen = 0;
    }
  }
  if (batch.length) out.write(batch.join('\n') + '\n');
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
  renameSync(tmp, file);
}

function gzipCopy() {
  const gz = `${file}.gz`;
  if (existsSync(gz)) return gz;
  process.stderr.write(`compressing ${gz}…\n`);
  const r = spawnSync('sh', ['-c', `gzip -1 -c '${file}' > '${gz}.tmp' && mv '${gz}.tmp' '${gz}'`], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('gzip failed');
  return gz;
}

// ---- timing ----------------------------------------------------------------------------------
const gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;

/** Wall time (ms) and peak RSS (KiB) of a command, output discarded. */
function timed(cmd, args) {
  return new Promise((resolvePromise, reject) => {
    const rssFile = join(tmpdir(), `a2g-bench-rss-${process.pid}`);
    const [c, a] = gnuTime ? ['/usr/bin/time', ['-f', '%U %S %M', '-o', rssFile, cmd, ...args]] : [cmd, args];
    const t0 = process.hrtime.bigint();
    const child = spawn(c, a, { stdio: ['ignore', 'ignore', 'inherit'] });
    let hwm = 0;
    const poll = gnuTime
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwm = Math.max(hwm, Number(m[1]));
          } catch {
            /* exited */
          }
        }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (poll) clearInterval(poll);
      let cpuMs = null;
      if (gnuTime) {
        const [u, sy, m] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        hwm = m;
        cpuMs = (u + sy) * 1000;
      }
      resolvePromise({ ms, cpuMs, rssKb: hwm, code });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function compare(label, target, grepPipeline) {
  const scanArgs = [bin, 'scan', target, '--uid', UID, '--format', 'json'];
  // Warm the page cache and check the scan finds something.
  spawnSync('sh', ['-c', `cat '${target}' > /dev/null`]);
  const check = spawnSync(process.execPath, scanArgs, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (check.status !== 0) throw new Error(`scan failed (${check.status}): ${check.stderr}`);
  const doc = JSON.parse(check.stdout);
  const grepCount = Number(spawnSync('sh', ['-c', `${grepPipeline} | wc -l`], { encoding: 'utf8' }).stdout.trim());
  const scanT = [];
  const grepT = [];
  const scanC = [];
  const grepC = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const s = await timed(process.execPath, scanArgs);
    scanT.push(s.ms);
    scanC.push(s.cpuMs ?? NaN);
    rss = Math.max(rss, s.rssKb);
    const g = await timed('sh', ['-c', grepPipeline]);
    grepT.push(g.ms);
    grepC.push(g.cpuMs ?? NaN);
  }
  const res = {
    label,
    scanMs: median(scanT),
    grepMs: median(grepT),
    ratio: median(scanT) / median(grepT),
    rssMb: rss / 1024,
    scanCpu: median(scanC),
    grepCpu: median(grepC),
    findings: doc.findings.length,
    denyLines: doc.stats.denyLines,
    lines: doc.stats.lines,
    grepLines: grepCount,
  };
  process.stderr.write(
    `${label}: scan ${res.scanMs.toFixed(0)} ms, grep ${res.grepMs.toFixed(0)} ms, ratio ${res.ratio.toFixed(2)}, peak RSS ${res.rssMb.toFixed(0)} MB, ` +
      `CPU (user+sys) scan ${res.scanCpu.toFixed(0)} ms, grep ${res.grepCpu.toFixed(0)} ms ` +
      `(scan runs ${scanT.map((x) => x.toFixed(0)).join('/')}, grep runs ${grepT.map((x) => x.toFixed(0)).join('/')})\n`,
  );
  return res;
}

await generate();
const loadBefore = loadavg();
const gz = gzipCopy();
const plainBytes = statSync(file).size;
const gzBytes = statSync(gz).size;
const grepTail = `grep -F result=deny | grep -F uid=${UID}`;
const plain = await compare('plain', file, `grep -F type=audit '${file}' | ${grepTail}`);
const gzRes = await compare('gzip', gz, `zcat '${gz}' | grep -F type=audit | ${grepTail}`);

const cpu = cpus();
const machine = `${cpu[0]?.model.trim() ?? 'unknown cpu'}, ${cpu.length} cores, Node ${process.version}, ${process.platform}`;
const row = (r, bytes) =>
  `| ${r.label} | ${(bytes / 1048576).toFixed(0)} MB | ${r.lines.toLocaleString('en')} | ${r.scanMs.toFixed(0)} ms | ${r.grepMs.toFixed(0)} ms | **${r.ratio.toFixed(2)}** | ${r.rssMb.toFixed(0)} MB | ${r.scanCpu.toFixed(0)} / ${r.grepCpu.toFixed(0)} ms | ${r.findings} / ${r.denyLines} |`;
const md = [
  `Machine: ${machine}, load average before the runs ${loadBefore.map((x) => x.toFixed(1)).join(' ')}. Medians of ${runs} alternating runs on a warm file (\`BENCH_SIZE_MB=${sizeMb}\`).`,
  '',
  '| input | size | lines | scan | grep pipeline | ratio | scan peak RSS | CPU scan / grep | findings / deny lines |',
  '|---|---|---|---|---|---|---|---|---|',
  row(plain, plainBytes),
  row(gzRes, gzBytes),
  '',
].join('\n');
process.stdout.write(`\n${md}\n`);
