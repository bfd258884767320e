// Deterministic log generators for `npm run bench` (see docs/benchmarks.md): four shapes of a
// short-iso journal, each from a fixed seed, so every machine benchmarks the same bytes.
//   mixed    the original bench log (~277 B lines, ~2 % audit lines, 30 % of them for the uid)
//   short    ~200 B lines, 3 % audit lines (half of them denials), 300 principals, the uid in ~2 % of the denials
//   long     ~800 B lines, Marathon-heavy, 2 % audit lines (most of them Marathon's)
//   noaudit  the mixed shape's ordinary lines only: not one `type=audit`
// `mixed` is byte-identical to the generator the older figures were measured with (GEN v2).
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';

export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n) => (n < 10 ? `0${n}` : String(n));
const hosts = ['10.0.1.11', '10.0.1.12', '10.0.1.13'].map((ip) => `ip-${ip.replaceAll('.', '-')}.ec2.internal`);
const rids = [
  ['dcos:adminrouter:ops:mesos', '/mesos/master/state'],
  ['dcos:adminrouter:ops:metadata', '/metadata'],
  ['dcos:adminrouter:service:marathon', '/service/marathon/v2/apps'],
  ['dcos:adminrouter:ops:system-health', '/system/health/v1'],
  ['dcos:adminrouter:package', '/package/list'],
  ['dcos:adminrouter:ops:exhibitor', '/exhibitor/exhibitor/v1/cluster/status'],
];
const paths = ['/dev/app', '/prod/cassandra', '/kafka/broker', '/tools/job-runner'];

/** Times and the envelope pieces of one line. */
function clock(t) {
  const d = new Date(t);
  const Y = d.getUTCFullYear();
  const M = pad2(d.getUTCMonth() + 1);
  const D = pad2(d.getUTCDate());
  const hms = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return { d, hms, iso: `${Y}-${M}-${D}T${hms}+0000`, ngx: `${Y}/${M}/${D} ${hms}`, isoZ: d.toISOString().replace(/\.\d+Z$/, 'Z') };
}

// The three audit line forms (Admin Router with nginx's prefix and suffix, Mesos logfmt, Marathon logback).
function adminRouter(c, host, conn, uid, result, r, rid, path) {
  return `${c.iso} ${host} nginx[1240]: ${c.ngx} [notice] 1240#0: *${conn} [lua] ee.lua:57: auditlog(): type=audit timestamp=${c.isoZ} authorizer=adminrouter object=${rid} action=full result=${result} reason="IAM PQ response" srcip=10.0.4.${Math.floor(r() * 250)} srcport=${40000 + Math.floor(r() * 20000)} request_uri=${path} uid=${uid}, client: 10.0.4.7, server: master.mesos, request: "GET ${path} HTTP/1.1", host: "${host}"`;
}
function mesos(c, host, t, uid, result, r, role) {
  return `${c.iso} ${host} mesos-master[3708]: I0301 ${c.hms}.${String(t % 1000).padStart(3, '0')}534  3708 logfmt.cpp:178] dstip=10.0.1.11 type=audit timestamp=2019-03-01 ${c.hms}.752481024+00:00 reason="Error in authorization request" uid="${uid}" object="dcos:mesos:master:framework:role:${role}" agent="go-http-client/1.1" authorizer="mesos-master" action="create" result=${result} srcip=10.0.1.13 dstport=5050 srcport=${40000 + Math.floor(r() * 20000)}`;
}
function marathon(c, host, uid, result, r, action, path) {
  return `${c.iso} ${host} marathon.sh[1500]: [2019-03-01 ${c.hms},199] INFO  timestamp=${c.d.toISOString()} type=audit uid=${uid} srcip=10.0.4.7 srcport=50123 dstip=10.0.1.11 dstport=8443 authorizer=marathon action=${action} path=${path} result=${result} (dcos.marathon.auditlog:marathon-akka.actor.default-dispatcher-${Math.floor(r() * 20)})`;
}

/** The original bench log (GEN v2): do not change a byte, older figures were measured on it. */
function* mixed(bytesWanted, opts) {
  const r = rng(20190301);
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const uids = [opts.uid, 'dcos_marathon', 'svc-cassandra', 'svc-kafka', 'bootstrapuser', 'dcos_metronome'];
  const auditShare = opts.audit ? 0.02 : -1;
  let t = Date.UTC(2019, 2, 1, 0, 0, 0);
  let produced = 0;
  let conn = 1000;
  while (produced < bytesWanted) {
    t += Math.floor(r() * 40);
    const c = clock(t);
    const host = pick(hosts);
    const x = r();
    let line;
    if (x < auditShare) {
      const uid = r() < 0.3 ? opts.uid : pick(uids);
      const result = r() < 0.35 ? 'deny' : 'allow';
      const y = r();
      if (y < 0.6) {
        const [rid, path] = pick(rids);
        conn++;
        line = adminRouter(c, host, conn, uid, result, r, rid, path);
      } else if (y < 0.85) {
        line = mesos(c, host, t, uid, result, r, pick(['cassandra-role', 'kafka-role', 'slave_public', '*']));
      } else {
        line = marathon(c, host, uid, result, r, pick(['CreateRunSpec', 'ViewRunSpec', 'UpdateRunSpec']), pick(paths));
      }
    } else if (x < 0.35) {
      line = `${c.iso} ${host} mesos-master[3708]: I0301 ${c.hms}.123456  3708 master.cpp:${3000 + Math.floor(r() * 9000)}] Processing ACCEPT call for offers: [ 5d3b7e1c-1f2a-4b9c-8e6d-${String(Math.floor(r() * 1e12)).padStart(12, '0')}-O${Math.floor(r() * 99999)} ] on agent 5d3b7e1c-1f2a-4b9c-8e6d-2c7f1a9b3e4d-S${Math.floor(r() * 9)} at slave(1)@10.0.2.${Math.floor(r() * 250)}:5051 (10.0.2.${Math.floor(r() * 250)}) for framework 5d3b7e1c-0001 (marathon) at scheduler-1@10.0.1.11:15101`;
    } else if (x < 0.65) {
      const [, path] = pick(rids);
      line = `${c.iso} ${host} nginx[1240]: 10.0.4.${Math.floor(r() * 250)} - - [01/Mar/2019:${c.hms} +0000] "GET ${path} HTTP/1.1" 200 ${Math.floor(r() * 90000)} "-" "python-requests/2.18.4" (0.00${Math.floor(r() * 9)} s.)`;
    } else if (x < 0.85) {
      line = `${c.iso} ${host} marathon.sh[1500]: [2019-03-01 ${c.hms},${String(t % 1000).padStart(3, '0')}] INFO  Received status update for task ${pick(paths).slice(1).replace('/', '_')}.instance-${Math.floor(r() * 1e9).toString(16)}._app.1: TASK_RUNNING (Reconciliation: Latest task state) (mesosphere.marathon.core.task.update.impl.TaskStatusUpdateProcessorImpl:marathon-akka.actor.default-dispatcher-${Math.floor(r() * 30)})`;
    } else if (x < 0.95) {
      line = `${c.iso} ${host} java[2231]: [INFO] [2019-03-01 ${c.hms}] [cosmos] com.mesosphere.cosmos.handler.ListHandler - Listing installed packages (${Math.floor(r() * 40)} found)`;
    } else {
      line = `${c.iso} ${host} systemd[1]: Started dcos-${pick(['checks-poststart', 'logrotate-master', 'signal', 'gen-resolvconf'])}.service: ${pick(['Run the DC/OS post-start checks', 'Rotate DC/OS logs', 'Send usage signal', 'Generate resolv.conf'])}.`;
    }
    produced += line.length + 1;
    yield line;
  }
}

/** ~200 B lines of a busy cluster: 3 % audit lines, half of them denials, 300 principals; the uid is rare. */
function* short(bytesWanted, opts) {
  const r = rng(20190302);
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const others = Array.from({ length: 300 }, (_, i) => `svc-team${i % 17}-app${i}`);
  let t = Date.UTC(2019, 2, 2, 0, 0, 0);
  let produced = 0;
  let conn = 5000;
  while (produced < bytesWanted) {
    t += Math.floor(r() * 20);
    const c = clock(t);
    const host = pick(hosts);
    const x = r();
    let line;
    if (x < 0.03) {
      const result = r() < 0.5 ? 'deny' : 'allow';
      const uid = result === 'deny' && r() < 0.02 ? opts.uid : pick(others);
      const y = r();
      if (y < 0.4) {
        const [rid, path] = pick(rids);
        conn++;
        line = adminRouter(c, host, conn, uid, result, r, rid, path);
      } else if (y < 0.7) {
        line = mesos(c, host, t, uid, result, r, pick(['cassandra-role', 'kafka-role', 'spark-role', '*']));
      } else {
        line = marathon(c, host, uid, result, r, pick(['CreateRunSpec', 'ViewRunSpec', 'UpdateRunSpec', 'DeleteRunSpec']), pick(paths));
      }
    } else if (x < 0.4) {
      line = `${c.iso} ${host} mesos-master[3708]: I0302 ${c.hms}.${String(t % 1000).padStart(3, '0')}211  3708 http.cpp:1115] HTTP GET for /master/state from 10.0.4.${Math.floor(r() * 250)}:${40000 + Math.floor(r() * 20000)} with User-Agent='python-requests/2.18.4'`;
    } else if (x < 0.7) {
      line = `${c.iso} ${host} nginx[1240]: 10.0.4.${Math.floor(r() * 250)} - - [02/Mar/2019:${c.hms} +0000] "GET ${pick(rids)[1]} HTTP/1.1" 200 ${Math.floor(r() * 90000)} "-" "Mozilla/5.0 (X11; Linux x86_64)" (0.00${Math.floor(r() * 9)} s.)`;
    } else if (x < 0.9) {
      line = `${c.iso} ${host} marathon.sh[1500]: [2019-03-02 ${c.hms},${String(t % 1000).padStart(3, '0')}] INFO  Launched task ${pick(paths).slice(1).replace('/', '_')}.${Math.floor(r() * 1e9).toString(16)} on agent 5d3b7e1c-S${Math.floor(r() * 9)} (marathon-akka.actor.default-dispatcher-${Math.floor(r() * 30)})`;
    } else {
      line = `${c.iso} ${host} systemd[1]: Started dcos-${pick(['checks-poststart', 'logrotate-master', 'signal'])}.service.`;
    }
    produced += line.length + 1;
    yield line;
  }
}

/** ~800 B lines, Marathon-heavy: deployment plans and offer lists; 2 % audit lines, mostly Marathon's. */
function* long(bytesWanted, opts) {
  const r = rng(20190303);
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const others = Array.from({ length: 20 }, (_, i) => `svc-pipeline-${i}`);
  const appIds = (n) => Array.from({ length: n }, () => `${pick(paths)}/${pick(['web', 'api', 'worker', 'cron'])}-${Math.floor(r() * 1e6).toString(36)}`);
  let t = Date.UTC(2019, 2, 3, 0, 0, 0);
  let produced = 0;
  let conn = 9000;
  while (produced < bytesWanted) {
    t += Math.floor(r() * 80);
    const c = clock(t);
    const host = pick(hosts);
    const x = r();
    let line;
    if (x < 0.02) {
      const result = r() < 0.35 ? 'deny' : 'allow';
      const uid = r() < 0.1 ? opts.uid : pick(others);
      const y = r();
      if (y < 0.7) {
        const deep = `${pick(paths)}/${appIds(3).map((p) => p.slice(1).replaceAll('/', '-')).join('/')}`;
        line = marathon(c, host, uid, result, r, pick(['CreateRunSpec', 'ViewRunSpec', 'UpdateRunSpec', 'CreateGroup']), deep);
      } else if (y < 0.9) {
        const [rid, path] = pick(rids);
        conn++;
        line = adminRouter(c, host, conn, uid, result, r, rid, path);
      } else {
        line = mesos(c, host, t, uid, result, r, pick(['cassandra-role', 'kafka-role', '*']));
      }
    } else if (x < 0.55) {
      line = `${c.iso} ${host} marathon.sh[1500]: [2019-03-03 ${c.hms},${String(t % 1000).padStart(3, '0')}] INFO  Computed new deployment plan: DeploymentPlan id=${Math.floor(r() * 1e12).toString(16)}, steps: [${appIds(11 + Math.floor(r() * 6)).map((a) => `Start(App(${a}), instances=${1 + Math.floor(r() * 9)})`).join(', ')}] (mesosphere.marathon.core.deployment.impl.DeploymentManagerActor:marathon-akka.actor.default-dispatcher-${Math.floor(r() * 30)})`;
    } else if (x < 0.85) {
      const offers = Array.from({ length: 6 + Math.floor(r() * 6) }, () => `5d3b7e1c-1f2a-4b9c-8e6d-${String(Math.floor(r() * 1e12)).padStart(12, '0')}-O${Math.floor(r() * 99999)}`);
      line = `${c.iso} ${host} mesos-master[3708]: I0303 ${c.hms}.123456  3708 master.cpp:${3000 + Math.floor(r() * 9000)}] Processing ACCEPT call for offers: [ ${offers.join(' ')} ] on agent 5d3b7e1c-S${Math.floor(r() * 9)} for framework 5d3b7e1c-0001 (marathon)`;
    } else {
      line = `${c.iso} ${host} marathon.sh[1500]: [2019-03-03 ${c.hms},${String(t % 1000).padStart(3, '0')}] WARN  Health check failed for ${appIds(1)[0]}: ${'Connection refused (io.netty.channel.AbstractChannel$AnnotatedConnectException) '.repeat(5 + Math.floor(r() * 4))}`;
    }
    produced += line.length + 1;
    yield line;
  }
}

/**
 * Every shape: the uid the bench chases, the file's generator version (bump it when a generator
 * changes, so a cached file is never mistaken for the new one), and its lines.
 */
export const SHAPES = {
  mixed: { uid: 'svc-bench', version: 2, lines: (n) => mixed(n, { uid: 'svc-bench', audit: true }) },
  short: { uid: 'svc-target', version: 2, lines: (n) => short(n, { uid: 'svc-target' }) },
  long: { uid: 'svc-target', version: 1, lines: (n) => long(n, { uid: 'svc-target' }) },
  noaudit: { uid: 'svc-bench', version: 1, lines: (n) => mixed(n, { uid: 'svc-bench', audit: false }) },
};

/** Writes the shape's file once (kept afterwards; an interrupted run leaves only a .tmp). */
export async function generate(shape, file, bytes) {
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  process.stderr.write(`generating ${file}…\n`);
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  let batch = [];
  let batchLen = 0;
  for (const l of SHAPES[shape].lines(bytes)) {
    batch.push(l);
    batchLen += l.length;
    if (batchLen > 4 << 20) {
      if (!out.write(batch.join('\n') + '\n')) await new Promise((res) => out.once('drain', res));
      batch = [];
      batchLen = 0;
    }
  }
  if (batch.length) out.write(batch.join('\n') + '\n');
  await new Promise((res, rej) => out.end((e) => (e ? rej(e) : res())));
  renameSync(tmp, file);
}
