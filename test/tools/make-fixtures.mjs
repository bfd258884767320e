#!/usr/bin/env node
// Writes the sample logs under fixtures/ (see fixtures/README.md). Deterministic: same bytes on
// every run, so the committed files can be checked against a fresh run (test/core/journal/fixtures.test.ts).
// Usage: node test/tools/make-fixtures.mjs [OUTDIR]   (default: the project's fixtures/)
process.env.TZ = 'UTC'; // zip entry times are written in local time: pin it
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import yazl from 'yazl';

const OUT = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
const BOOT = '0f6d3a1c9b2e4d5f8a7b6c5d4e3f2a1b';
const T0 = Date.UTC(2024, 4, 14, 9, 0, 0); // 2024-05-14T09:00:00Z

// ---------- time formats ----------
const p2 = (n) => String(n).padStart(2, '0');
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const d = (t) => new Date(t);
const ymd = (t, sep = '-') => `${d(t).getUTCFullYear()}${sep}${p2(d(t).getUTCMonth() + 1)}${sep}${p2(d(t).getUTCDate())}`;
const hms = (t) => `${p2(d(t).getUTCHours())}:${p2(d(t).getUTCMinutes())}:${p2(d(t).getUTCSeconds())}`;
const micros = (t, extra = 0) => String((t % 1000) * 1000 + extra).padStart(6, '0');
const isoZ = (t) => `${ymd(t)}T${hms(t)}Z`;

// ---------- messages ----------
/** Admin Router audit line (nginx error log notice). */
function ar({ t, pid = 1240, conn, object, action = 'full', result = 'deny', reason = 'IAM PQ response', uid = null, uri, srcip = '10.0.4.21', srcport = 40312, server = 'master.mesos', method = 'GET', host = '10.0.0.1', during = '', referrer = null }) {
  const audit = `type=audit timestamp=${isoZ(t)} authorizer=adminrouter object=${object} action=${action} result=${result} reason="${reason}" srcip=${srcip} srcport=${srcport} request_uri=${uri}${uid ? ` uid=${uid}` : ''}`;
  const suffix = `${during ? ` while ${during}` : ''}, client: ${srcip}, server: ${server}, request: "${method} ${uri} HTTP/1.1", host: "${host}"${referrer ? `, referrer: "${referrer}"` : ''}`;
  return `${ymd(t, '/')} ${hms(t)} [notice] ${pid}#0: *${conn} [lua] auth.lua:186: auditlog(): ${audit}${suffix}`;
}
/** Admin Router notice on the same connection (explains the next audit line). */
/** An Admin Router notice of the request for `uri`, cut at nginx's 2048 bytes like any of its lines. */
function arNotice({ t, pid = 1240, conn, text, srcip = '10.0.4.21', uri = '/mesos/master/state', host = '10.0.0.1' }) {
  return `${ymd(t, '/')} ${hms(t)} [notice] ${pid}#0: *${conn} [lua] auth.lua:112: validate_jwt_or_exit(): ${text}, client: ${srcip}, server: master.mesos, request: "GET ${uri} HTTP/1.1", host: "${host}"`.slice(0, 2048);
}
/** Mesos master/agent glog + logfmt audit line (keys in Mesos' own unsorted order). */
function mesos({ t, tid = 3708, uid, object, action, result = 'deny', authorizer = 'mesos-master', dstport = 5050, reason = 'Authorization denied' }) {
  const glog = `I${p2(d(t).getUTCMonth() + 1)}${p2(d(t).getUTCDate())} ${hms(t)}.${micros(t, 534)} ${String(tid).padStart(5)} logfmt.cpp:178] `;
  const res = result === null ? '' : ` result=${result}`;
  return `${glog}dstip=10.0.0.1 type=audit timestamp=${ymd(t)} ${hms(t)}.${micros(t, 481)}024+00:00 reason="${reason}" uid="${uid}" object="${object}" agent="dcos-commons/0.57" authorizer="${authorizer}" action="${action}"${res} srcip=10.0.4.21 dstport=${dstport} srcport=51240`;
}
/** Marathon / Metronome logback audit line. */
function plugin({ t, uid, action, path, result = 'deny', authorizer = 'marathon', twoSpaces = true }) {
  const ms = String(t % 1000).padStart(3, '0');
  return `[${ymd(t)} ${hms(t)},${ms}] INFO${twoSpaces ? '  ' : ' '}timestamp=${ymd(t)}T${hms(t)}.${ms}Z type=audit uid=${uid} srcip=10.0.4.21 srcport=40122 dstip=10.0.0.1 dstport=8443 authorizer=${authorizer} action=${action} path=${path} result=${result} (dcos.${authorizer}.auditlog:ForkJoinPool-2-worker-7)`;
}

// ---------- records: { t, host, unit, ident, pid, message } ----------
const rec = (t, host, unit, ident, pid, message) => ({ t, host, unit, ident, pid, message });
const AR = (t, host, m) => rec(t, host, 'dcos-adminrouter.service', 'nginx', 1240, m);
const MM = (t, host, m) => rec(t, host, 'dcos-mesos-master.service', 'mesos-master', 3708, m);
const MA = (t, host, m) => rec(t, host, 'dcos-mesos-slave.service', 'mesos-agent', 2210, m);
const MAR = (t, host, m) => rec(t, host, 'dcos-marathon.service', 'marathon.sh', 4410, m);
const MET = (t, host, m) => rec(t, host, 'dcos-metronome.service', 'metronome', 4520, m);
const s = (n) => T0 + n * 1000 + (n % 7) * 37; // n seconds after T0, with milliseconds

// ---------- envelopes ----------
const ENV = {
  short: (r) => `${MON[d(r.t).getUTCMonth()]} ${p2(d(r.t).getUTCDate())} ${hms(r.t)} ${r.host} ${r.ident}[${r.pid}]: ${r.message}`,
  'short-precise': (r) => `${MON[d(r.t).getUTCMonth()]} ${p2(d(r.t).getUTCDate())} ${hms(r.t)}.${micros(r.t)} ${r.host} ${r.ident}[${r.pid}]: ${r.message}`,
  'short-iso': (r) => `${ymd(r.t)}T${hms(r.t)}+0000 ${r.host} ${r.ident}[${r.pid}]: ${r.message}`,
  'short-iso-precise': (r) => `${ymd(r.t)}T${hms(r.t)}.${micros(r.t)}+0000 ${r.host} ${r.ident}[${r.pid}]: ${r.message}`,
  'short-full': (r) => `${DAY[d(r.t).getUTCDay()]} ${ymd(r.t)} ${hms(r.t)} UTC ${r.host} ${r.ident}[${r.pid}]: ${r.message}`,
  'short-unix': (r) => `${Math.floor(r.t / 1000)}.${micros(r.t)} ${r.host} ${r.ident}[${r.pid}]: ${r.message}`,
  'with-unit': (r) => `${DAY[d(r.t).getUTCDay()]} ${ymd(r.t)} ${hms(r.t)} UTC ${r.host} ${r.unit}[${r.pid}]: ${r.message}`,
  cat: (r) => r.message,
  json: (r) => JSON.stringify(jsonFields(r)),
  'json-seq': (r) => '\x1e' + JSON.stringify(jsonFields(r)),
  'json-sse': (r) => 'data: ' + JSON.stringify(jsonFields(r)) + '\n',
  'dcos-node-log': (r) => `${ymd(r.t)} ${hms(r.t)}: ${r.message}`,
  bundle: (r) => `${ymd(r.t)} ${hms(r.t)}.${micros(r.t)} +0000 UTC ${r.message}`,
  'bundle-legacy': (r) => `${ymd(r.t)} ${hms(r.t)}: ${r.message}`,
};
let cursorSeq = 0;
function jsonFields(r) {
  const us = String(r.t * 1000 + 123);
  cursorSeq++;
  // journalctl's field order is not stable; vary it a little, as real output does.
  const f = cursorSeq % 2
    ? { __CURSOR: `s=${BOOT};i=${cursorSeq.toString(16)}`, __REALTIME_TIMESTAMP: us, __MONOTONIC_TIMESTAMP: String(cursorSeq * 1000003), _BOOT_ID: BOOT, _HOSTNAME: r.host, _SYSTEMD_UNIT: r.unit, SYSLOG_IDENTIFIER: r.ident, _COMM: r.ident.replace(/\.sh$/, ''), _PID: String(r.pid), MESSAGE: r.message }
    : { MESSAGE: r.message, _PID: String(r.pid), SYSLOG_IDENTIFIER: r.ident, _SYSTEMD_UNIT: r.unit, _HOSTNAME: r.host, __REALTIME_TIMESTAMP: us, __CURSOR: `s=${BOOT};i=${cursorSeq.toString(16)}` };
  return f;
}
/** Journal export format; `binary` writes MESSAGE length-prefixed (as journald does for multi-line messages). */
function exportBlock(r, i, binary = r.message.includes('\n')) {
  const head = [
    `__CURSOR=s=${BOOT};i=${(i + 1).toString(16)}`,
    `__REALTIME_TIMESTAMP=${r.t * 1000 + 123}`,
    `__MONOTONIC_TIMESTAMP=${1000000 + i * 1000003}`,
    `_BOOT_ID=${BOOT}`,
    `_HOSTNAME=${r.host}`,
    `_SYSTEMD_UNIT=${r.unit}`,
    `SYSLOG_IDENTIFIER=${r.ident}`,
    `_PID=${r.pid}`,
  ].join('\n') + '\n';
  if (!binary) return Buffer.from(`${head}MESSAGE=${r.message}\n\n`);
  const body = Buffer.from(r.message);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(body.length));
  return Buffer.concat([Buffer.from(head + 'MESSAGE\n'), len, body, Buffer.from('\n\n')]);
}
const render = (kind, records) => records.map(ENV[kind]).join('\n') + '\n';

// ---------- the small standard set, shown in every envelope ----------
const M1 = 'master-1';
const standard = [
  AR(s(1), M1, 'master-1 nginx: ' + arNotice({ t: s(1), conn: 55, text: 'UID from the valid DC/OS authentication token: `cassandra-sa`' })),
  AR(s(1), M1, ar({ t: s(1), conn: 55, object: 'dcos:adminrouter:ops:mesos', uid: 'cassandra-sa', uri: '/mesos/master/state' })),
  MM(s(2), M1, mesos({ t: s(2), uid: 'cassandra-sa', object: 'dcos:mesos:master:framework:role:cassandra-role', action: 'create' })),
  MAR(s(3), M1, plugin({ t: s(3), uid: 'jenkins-sa', action: 'CreateRunSpec', path: '/dev/jenkins-agent' })),
  MM(s(4), M1, 'I0514 09:00:04.000000  3708 master.cpp:9181] Sending heartbeat to framework cassandra'),
];

// ---------- messages/: every message form, short-iso envelope ----------
const longUri = '/mesos/master/state?jsonp=' + 'x'.repeat(2100);
const cutAr = (t, conn, uid) => ar({ t, conn, object: 'dcos:adminrouter:ops:mesos', uid, uri: longUri }).slice(0, 2047);
const messages = {
  'adminrouter.log': [
    rec(s(10), M1, 'dcos-adminrouter.service', 'nginx', 1240, ar({ t: s(10), conn: 11, object: 'dcos:adminrouter:ops:mesos', uid: 'cassandra-sa', uri: '/mesos/master/state' })),
    rec(s(11), M1, 'dcos-adminrouter.service', 'adminrouter.sh', 1240, ar({ t: s(11), conn: 12, object: 'dcos:adminrouter:package', uid: 'cassandra-sa', uri: '/package/list', method: 'POST' })),
    AR(s(12), M1, 'master-1 nginx: ' + ar({ t: s(12), conn: 13, object: 'dcos:adminrouter:ops:exhibitor', uid: 'cassandra-sa', uri: '/exhibitor/exhibitor/v1/cluster/status' })),
    AR(s(13), M1, ar({ t: s(13), conn: 14, object: 'dcos:adminrouter:acs', uid: 'alice', uri: '/acs/api/v1/users?uid=admin&type=service', referrer: 'https://master-1/' })),
    AR(s(14), M1, ar({ t: s(14), conn: 15, object: 'dcos:adminrouter:ops:mesos', uid: 'bob', uri: '/mesos/master/slaves', result: 'allow' })),
    AR(s(15), M1, ar({ t: s(15), conn: 16, object: 'dcos:adminrouter:ops:slave', uid: 'cassandra-sa', uri: '/slave/abc/files', during: 'reading response header from upstream' })),
    AR(s(16), M1, arNotice({ t: s(16), conn: 17, text: 'No auth token in request.' })),
    AR(s(16), M1, ar({ t: s(16), conn: 17, object: 'dcos:adminrouter:ops:mesos', reason: 'not authenticated', uri: '/mesos/master/state' })),
    AR(s(17), M1, arNotice({ t: s(17), conn: 18, text: "Invalid token. Reason: 'exp' claim expired at Tue, 14 May 2024 08:00:00 GMT" })),
    AR(s(17), M1, ar({ t: s(17), conn: 18, object: 'dcos:adminrouter:ops:mesos', reason: 'not authenticated', uri: '/mesos/master/state' })),
    AR(s(18), M1, arNotice({ t: s(18), conn: 19, text: 'Unexpected token payload: missing uid.' })),
    AR(s(18), M1, ar({ t: s(18), conn: 19, object: 'dcos:adminrouter:ops:mesos', reason: 'not authenticated', uri: '/mesos/master/state' })),
    AR(s(19), M1, arNotice({ t: s(19), conn: 20, text: 'Consult policyquery via `/internal/acs/api/v1/internal/policyquery?rid=dcos:adminrouter:ops:mesos&uid=cassandra-sa&action=full`', uri: longUri })),
    AR(s(19), M1, cutAr(s(19), 20, 'cassandra-sa')),
  ],
  'mesos.log': [
    MM(s(20), M1, mesos({ t: s(20), uid: 'cassandra-sa', object: 'dcos:mesos:master:framework:role:cassandra-role', action: 'create' })),
    MM(s(21), M1, mesos({ t: s(21), uid: 'cassandra-sa', object: 'dcos:mesos:master:reservation:role:cassandra-role', action: 'create' })),
    MM(s(22), M1, mesos({ t: s(22), uid: 'kafka-sa', object: 'dcos:mesos:master:task:user:nobody', action: 'create', result: 'allow', reason: 'Authorized' })),
    MA(s(23), 'agent-1', mesos({ t: s(23), tid: 2210, uid: 'cassandra-sa', object: '/slave(1)/state', action: 'GET', authorizer: 'mesos-agent', dstport: 5051 })),
    MM(s(24), M1, mesos({ t: s(24), uid: 'cassandra-sa', object: 'dcos:mesos:master:volume:role:cassandra-role', action: 'create', result: null })),
    MM(s(25), M1, "W0514 09:00:25.000000  3708 master.cpp:2641] Refusing subscription of framework 'cassandra': Not authorized to subscribe as role 'cassandra-role'"),
  ],
  'marathon.log': [
    MAR(s(30), M1, plugin({ t: s(30), uid: 'jenkins-sa', action: 'CreateRunSpec', path: '/dev/jenkins-agent' })),
    MAR(s(31), M1, plugin({ t: s(31), uid: 'jenkins-sa', action: 'ViewGroup', path: '/dev', twoSpaces: false })),
    MAR(s(32), M1, plugin({ t: s(32), uid: 'jenkins-sa', action: 'UpdateRunSpec', path: '/dev/jenkins-agent' })),
    MAR(s(33), M1, plugin({ t: s(33), uid: 'jenkins-sa', action: 'DeleteGroup', path: '/dev/old' })),
    MAR(s(34), M1, plugin({ t: s(34), uid: 'jenkins-sa', action: 'ViewResource', path: '/v2/leader' })),
    MAR(s(35), M1, plugin({ t: s(35), uid: 'alice', action: 'ViewRunSpec', path: '/dev/web', result: 'allow' })),
  ],
  'metronome.log': [
    MET(s(36), M1, plugin({ t: s(36), uid: 'jenkins-sa', action: 'CreateRunSpec', path: 'ci.nightly.build', authorizer: 'metronome' })),
    MET(s(37), M1, plugin({ t: s(37), uid: 'jenkins-sa', action: 'ViewRunSpec', path: 'cleanup', authorizer: 'metronome' })),
  ],
  'generic.log': [
    rec(s(38), M1, 'dcos-secrets.service', 'secrets.sh', 4700, 'type=audit timestamp=2024-05-14T09:00:38Z authorizer=secrets object=dcos:secrets:default:/cassandra/tls-key action=read result=deny uid=cassandra-sa'),
    rec(s(39), M1, 'dcos-bouncer.service', 'bouncer.sh', 4800, 'audit: result="deny" uid="kafka-sa" object="dcos:superuser" action="full" type=audit'),
    rec(s(39), M1, 'dcos-bouncer.service', 'bouncer.sh', 4800, 'type=audit uid=kafka-sa object=dcos:secrets:list:default:/ result=deny'),
    rec(s(40), M1, 'dcos-bouncer.service', 'bouncer.sh', 4800, 'result="deny" uid="kafka-sa" object="dcos:iam:users" action="read" type=audit'),
  ],
};

// ---------- sample/: a few nodes of a cluster where cassandra-sa lacks rights ----------
const A1 = 'agent-1', M2 = 'master-2';
const noise = (t, host) => [
  AR(t, host, `${ymd(t, '/')} ${hms(t)} [info] 1240#0: *${t % 97} client closed connection while waiting for request, client: 10.0.4.30, server: 0.0.0.0:80`),
  MM(t + 100, host, `I${p2(5)}14 ${hms(t)}.120000  3711 master.cpp:5129] Processing ACCEPT call for offers: [ ${t % 1000}-O12 ] on agent 8f3a-S0 at slave(1)@10.0.1.5:5051 (agent-1) for framework 8f3a-0001 (marathon)`),
];
const master1 = [
  ...noise(s(0), M1),
  MM(s(100), M1, mesos({ t: s(100), uid: 'cassandra-sa', object: 'dcos:mesos:master:framework:role:cassandra-role', action: 'create' })),
  MM(s(101), M1, "W0514 09:01:41.000000  3708 master.cpp:2641] Refusing subscription of framework 'cassandra': Not authorized to subscribe as role 'cassandra-role'"),
  MM(s(160), M1, mesos({ t: s(160), uid: 'cassandra-sa', object: 'dcos:mesos:master:framework:role:cassandra-role', action: 'create' })),
  MM(s(161), M1, mesos({ t: s(161), uid: 'cassandra-sa', object: 'dcos:mesos:master:reservation:role:cassandra-role', action: 'create' })),
  MM(s(162), M1, mesos({ t: s(162), uid: 'cassandra-sa', object: 'dcos:mesos:master:volume:role:cassandra-role', action: 'create' })),
  MM(s(163), M1, mesos({ t: s(163), uid: 'cassandra-sa', object: 'dcos:mesos:master:task:user:nobody', action: 'create' })),
  MM(s(164), M1, mesos({ t: s(164), uid: 'kafka-sa', object: 'dcos:mesos:master:framework:role:kafka-role', action: 'create' })),
  MM(s(165), M1, mesos({ t: s(165), uid: 'dcos_marathon', object: 'dcos:mesos:master:task:app_id:/dev/jenkins-agent', action: 'create', result: 'allow', reason: 'Authorized' })),
  ...noise(s(170), M1),
  AR(s(200), M1, arNotice({ t: s(200), conn: 301, text: 'UID from the valid DC/OS authentication token: `cassandra-sa`' })),
  AR(s(200), M1, ar({ t: s(200), conn: 301, object: 'dcos:adminrouter:ops:mesos', uid: 'cassandra-sa', uri: '/mesos/master/state-summary' })),
  AR(s(201), M1, ar({ t: s(201), conn: 302, object: 'dcos:adminrouter:ops:exhibitor', uid: 'cassandra-sa', uri: '/exhibitor/exhibitor/v1/cluster/status' })),
  AR(s(202), M1, ar({ t: s(202), conn: 303, object: 'dcos:adminrouter:ops:mesos', uid: 'alice', uri: '/mesos/master/state', result: 'allow', srcip: '10.0.9.9' })),
  AR(s(210), M1, arNotice({ t: s(210), conn: 305, text: "Invalid token. Reason: 'exp' claim expired at Tue, 14 May 2024 08:30:00 GMT", srcip: '10.0.4.21' })),
  AR(s(210), M1, ar({ t: s(210), conn: 305, object: 'dcos:adminrouter:ops:mesos', reason: 'not authenticated', uri: '/mesos/master/state' })),
  AR(s(220), M1, arNotice({ t: s(220), conn: 306, text: 'Consult policyquery via `/internal/acs/api/v1/internal/policyquery?rid=dcos:adminrouter:ops:mesos&uid=cassandra-sa&action=full`', uri: longUri })),
  AR(s(220), M1, cutAr(s(220), 306, 'cassandra-sa')),
  MAR(s(230), M1, plugin({ t: s(230), uid: 'cassandra-sa', action: 'ViewGroup', path: '/cassandra' })),
  MAR(s(231), M1, plugin({ t: s(231), uid: 'jenkins-sa', action: 'CreateRunSpec', path: '/dev/jenkins-agent' })),
  MAR(s(232), M1, '[2024-05-14 09:03:52,001] WARN  Deployment failed for /dev/jenkins-agent (mesosphere.marathon.core.deployment.impl.DeploymentActor:marathon-akka.actor.default-dispatcher-5)\n    java.lang.IllegalStateException: not authorized\n        at mesosphere.marathon.api.v2.AppsResource.create(AppsResource.scala:118)'),
  MM(s(240), M1, `I0514 09:04:00.000000  3708 logfmt.cpp:178] dstip=10.0.0.1 type=audit uid="cassandra-sa" object="dcos:mesos:master:reservation:role:cassandra-role" action="create" srcip=10.0.4.21`),
];
const master2 = [
  MM(s(300), M2, mesos({ t: s(300), uid: 'cassandra-sa', object: 'dcos:mesos:master:framework:role:cassandra-role', action: 'create' })),
  AR(s(301), M2, ar({ t: s(301), pid: 980, conn: 9, object: 'dcos:adminrouter:ops:mesos', uid: 'cassandra-sa', uri: '/mesos/master/state-summary', host: '10.0.0.2' })),
  MET(s(302), M2, plugin({ t: s(302), uid: 'jenkins-sa', action: 'CreateRunSpec', path: 'ci.nightly.build', authorizer: 'metronome' })),
  ...noise(s(303), M2),
];
const agent1 = [
  MA(s(400), A1, mesos({ t: s(400), tid: 2210, uid: 'cassandra-sa', object: 'dcos:mesos:agent:framework:role:cassandra-role', action: 'read', authorizer: 'mesos-agent', dstport: 5051 })),
  MA(s(401), A1, mesos({ t: s(401), tid: 2210, uid: 'cassandra-sa', object: '/slave(1)/state', action: 'GET', authorizer: 'mesos-agent', dstport: 5051 })),
  rec(s(402), A1, 'dcos-adminrouter-agent.service', 'nginx', 777, ar({ t: s(402), pid: 777, conn: 4, object: 'dcos:adminrouter:ops:system-metrics', uid: 'cassandra-sa', uri: '/system/v1/metrics/v0/containers', server: 'agent.mesos', host: '10.0.1.5' })),
  MA(s(403), A1, 'I0514 09:06:43.000000  2210 slave.cpp:2035] Got assigned task node-0 for framework 8f3a-0002'),
];

// ---------- writing ----------
const files = new Map(); // path → Buffer
const put = (path, data) => files.set(path, Buffer.isBuffer(data) ? data : Buffer.from(data));

for (const kind of Object.keys(ENV)) {
  put(`envelopes/${kind}.log`, (kind === 'short' ? '-- Logs begin at Tue 2024-05-14 08:00:00 UTC, end at Tue 2024-05-14 10:00:00 UTC. --\n' : '') + render(kind, standard));
}
put('envelopes/export.export', Buffer.concat([...standard, MAR(s(5), M1, 'stack trace follows\n    at x.y(Z.java:1)')].map((r, i) => exportBlock(r, i))));
// mixed: several saves concatenated, CRLF, a header, continuation lines, a cut last line.
put('envelopes/mixed.log', [
  '-- Journal begins at Tue 2024-05-14 08:00:00 UTC, ends at Tue 2024-05-14 10:00:00 UTC. --',
  ENV['short-iso'](standard[2]),
  ENV['short-iso'](MAR(s(6), M1, '[2024-05-14 09:00:06,000] ERROR Unhandled exception (mesosphere.marathon.Main$:main)')),
  '                                            java.lang.RuntimeException: boom',
  '                                            \tat mesosphere.marathon.Main.main(Main.scala:1)',
  ENV.json(standard[1]),
  ENV['short-precise'](standard[3]) + '\r',
  ENV['short-full'](standard[0]) + '\r',
  '-- Reboot --',
  ENV['dcos-node-log'](standard[2]),
  ENV.cat(standard[3]),
].join('\n') + '\n' + ENV['short-iso'](standard[1]).slice(0, 150));
for (const [name, recs] of Object.entries(messages)) put(`messages/${name}`, render('short-iso', recs));
put('gz/short-iso.log.gz', gzipSync(Buffer.from(render('short-iso', standard)), { level: 9 }));
put('sample/master-1.log', '-- Logs begin at Tue 2024-05-14 08:00:00 UTC, end at Tue 2024-05-14 10:00:00 UTC. --\n' + renderMultiline('short-iso', master1));
put('sample/master-2.json', render('json', master2));
put('sample/agent-1.log', renderMultiline('short-iso-precise', agent1));
const sampleAll = [...master1, ...master2, ...agent1].sort((a, b) => a.t - b.t);
put('export/sample.export', Buffer.concat(sampleAll.map((r, i) => exportBlock(r, i))));

/** journalctl prints continuation lines of a multi-line message indented to the message column. */
function renderMultiline(kind, records) {
  return records.map((r) => {
    const [first, ...more] = r.message.split('\n');
    const line = ENV[kind]({ ...r, message: first });
    const pad = ' '.repeat(line.length - first.length);
    return [line, ...more.map((m) => pad + m)].join('\n');
  }).join('\n') + '\n';
}

// Bundles: per-node folders `<IP>_<role>/`, unit entries with and without `.gz`, no directory entries.
function bundle(kind, nodes, root) {
  const zip = new yazl.ZipFile();
  const mtime = new Date(T0 + 3600_000);
  for (const [name, data] of root) zip.addBuffer(Buffer.from(data), name, { mtime, mode: 0o100644 });
  for (const { dir, units } of nodes) {
    for (const { unit, gz, records } of units) {
      const text = Buffer.from(records.map(ENV[kind]).join('\n') + '\n');
      zip.addBuffer(gz ? gzipSync(text, { level: 9 }) : text, `${dir}/${unit}${gz ? '.gz' : ''}`, { mtime, mode: 0o100644, compress: !gz });
    }
  }
  zip.end();
  const chunks = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}
const byUnit = (records, unit) => records.filter((r) => r.unit === unit);
const bundleNodes = (gzFirst) => [
  { dir: '10.0.0.1_master', units: [
    { unit: 'dcos-adminrouter.service', gz: gzFirst, records: byUnit(master1, 'dcos-adminrouter.service') },
    { unit: 'dcos-mesos-master.service', gz: !gzFirst, records: byUnit(master1, 'dcos-mesos-master.service') },
    { unit: 'dcos-marathon.service', gz: gzFirst, records: byUnit(master1, 'dcos-marathon.service').filter((r) => !r.message.includes('\n')) },
  ] },
  { dir: '10.0.1.5_agent', units: [
    { unit: 'dcos-mesos-slave.service', gz: gzFirst, records: byUnit(agent1, 'dcos-mesos-slave.service') },
    { unit: 'dcos-adminrouter-agent.service', gz: !gzFirst, records: byUnit(agent1, 'dcos-adminrouter-agent.service') },
  ] },
];
put('bundle/bundle-new.zip', await bundle('bundle', bundleNodes(false), [['report.json', '{"version":1,"nodes":["10.0.0.1","10.0.1.5"]}\n']]));
put('bundle/bundle-legacy.zip', await bundle('bundle-legacy', bundleNodes(true), [['summaryReport.txt', 'DC/OS diagnostics bundle (sample)\n']]));

for (const [path, data] of files) {
  mkdirSync(dirname(join(OUT, path)), { recursive: true });
  writeFileSync(join(OUT, path), data);
}
console.error(`wrote ${files.size} fixture files under ${OUT}`);
