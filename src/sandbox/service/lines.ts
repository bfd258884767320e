// Realistic journal lines (short-iso envelope) for the simulated service: audit lines in the form
// each DC/OS component writes them (see docs/audit-log-forms.md), plus ordinary noise.
import type { Check } from './stages.js';

export interface LineContext {
  uid: string;
  /** Wall time of the line, milliseconds since the epoch. */
  now: number;
  /** Journal host of the master writing the line. */
  host: string;
  /** Where the scheduler runs (the client address in audit lines). */
  clientIp: string;
  masterIp: string;
  /** A counter to vary connection numbers, ports and thread ids. */
  seq: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2026-03-01T12:00:00+0000 HOST IDENT[PID]: ` (journalctl -o short-iso, UTC). */
export function shortIso(ctx: LineContext, ident: string, pid: number, message: string): string {
  const d = new Date(ctx.now);
  const ts = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+0000`;
  return `${ts} ${ctx.host} ${ident}[${pid}]: ${message}`;
}

const isoSeconds = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const hms = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
const micros = (t: number, seq: number) => `${pad(new Date(t).getUTCMilliseconds(), 3)}${pad(seq % 1000, 3)}`;

const MESOS_PID = 3708;
const NGINX_PID = 1240;
const MARATHON_PID = 5120;
const SECRETS_PID = 2211;

/** Mesos master: glog prefix, logfmt body with quoted strings and no fixed key order. */
function mesos(ctx: LineContext, c: Check, result: 'allow' | 'deny'): string {
  const d = new Date(ctx.now);
  const glog = `I${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${hms(d)}.${micros(ctx.now, ctx.seq)} ${String(MESOS_PID + 2).padStart(5)} logfmt.cpp:178]`;
  const ts = `${d.toISOString().slice(0, 10)} ${hms(d)}.${micros(ctx.now, ctx.seq)}000+00:00`;
  const body =
    `dstip=${ctx.masterIp} type=audit timestamp=${ts} reason="IAM PQ response" uid="${ctx.uid}" object="${c.rid}" ` +
    `agent="mesos-master/1.10" authorizer="mesos-master" action="${c.action}" result=${result} srcip=${ctx.clientIp} dstport=5050 srcport=${40000 + (ctx.seq % 20000)}`;
  return shortIso(ctx, 'mesos-master', MESOS_PID, `${glog} ${body}`);
}

/** Admin Router 1.13+: nginx error-log notice relayed through syslog (extra `HOST nginx: `). */
function adminrouterPrefix(ctx: LineContext, file: string, func: string): string {
  const d = new Date(ctx.now);
  const date = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${hms(d)}`;
  return `${ctx.host} nginx: ${date} [notice] ${NGINX_PID}#0: *${100 + ctx.seq} [lua] ${file}: ${func}: `;
}

function adminrouterSuffix(ctx: LineContext, c: Check): string {
  const req = c.request ?? { method: 'GET', uri: '/' };
  return `, client: ${ctx.clientIp}, server: master.mesos, request: "${req.method} ${req.uri} HTTP/1.1", host: "master.mesos"`;
}

function adminrouter(ctx: LineContext, c: Check, result: 'allow' | 'deny', uid: string | null = ctx.uid): string[] {
  const req = c.request ?? { method: 'GET', uri: '/' };
  const reason = uid === null ? 'not authenticated' : 'IAM PQ response';
  const audit =
    `type=audit timestamp=${isoSeconds(ctx.now)} authorizer=adminrouter object=${c.rid} action=${c.action} result=${result} ` +
    `reason="${reason}" srcip=${ctx.clientIp} srcport=${40000 + (ctx.seq % 20000)} request_uri=${req.uri}${uid === null ? '' : ` uid=${uid}`}`;
  const lines: string[] = [];
  if (uid !== null) {
    lines.push(shortIso(ctx, 'nginx', NGINX_PID, `${adminrouterPrefix(ctx, 'auth.lua:240', 'validate_jwt_or_exit()')}UID from the valid DC/OS authentication token: \`${uid}\`${adminrouterSuffix(ctx, c)}`));
  } else {
    const exp = new Date(ctx.now - 3_600_000).toUTCString();
    lines.push(shortIso(ctx, 'nginx', NGINX_PID, `${adminrouterPrefix(ctx, 'auth.lua:212', 'validate_jwt_or_exit()')}Invalid token. Reason: 'exp' claim expired at ${exp}${adminrouterSuffix(ctx, c)}`));
  }
  lines.push(shortIso(ctx, 'nginx', NGINX_PID, `${adminrouterPrefix(ctx, 'ee.lua:57', 'auditlog()')}${audit}${adminrouterSuffix(ctx, c)}`));
  return lines;
}

/** Marathon: logback line with unquoted key=value pairs and the plugin's action name and path. */
function marathon(ctx: LineContext, c: Check, result: 'allow' | 'deny'): string {
  const d = new Date(ctx.now);
  const m = c.marathon ?? { action: 'ViewRunSpec', path: '/' };
  const logback = `[${d.toISOString().slice(0, 10)} ${hms(d)},${pad(d.getUTCMilliseconds(), 3)}]`;
  const msg =
    `${logback} INFO  timestamp=${d.toISOString()} type=audit uid=${ctx.uid} srcip=${ctx.clientIp} srcport=${40000 + (ctx.seq % 20000)} ` +
    `dstip=${ctx.masterIp} dstport=8443 authorizer=marathon action=${m.action} path=${m.path} result=${result} (dcos.marathon.auditlog:qtp1208736537-${40 + (ctx.seq % 50)})`;
  return shortIso(ctx, 'marathon.sh', MARATHON_PID, msg);
}

/** Secrets service: no public format; a generic key=value audit line. */
function secrets(ctx: LineContext, c: Check, result: 'allow' | 'deny'): string {
  const msg =
    `type=audit timestamp=${isoSeconds(ctx.now)} authorizer=dcos-secrets uid=${ctx.uid} object=${c.rid} action=${c.action} ` +
    `result=${result} reason="IAM PQ response" srcip=${ctx.clientIp}`;
  return shortIso(ctx, 'secrets.sh', SECRETS_PID, msg);
}

/** The audit line(s) a component writes for one check. */
export function auditLines(ctx: LineContext, c: Check, result: 'allow' | 'deny'): string[] {
  switch (c.checker) {
    case 'mesos':
      return [mesos(ctx, c, result)];
    case 'adminrouter':
      return adminrouter(ctx, c, result);
    case 'marathon':
      return [marathon(ctx, c, result)];
    case 'secrets':
      return [secrets(ctx, c, result)];
  }
}

/** An unauthenticated request (expired token): an authentication failure, not a permission problem. */
export function expiredTokenLines(ctx: LineContext, c: Check): string[] {
  return adminrouter(ctx, c, 'deny', null);
}

const NOISE: Array<(ctx: LineContext) => string> = [
  (ctx) => shortIso(ctx, 'mesos-master', MESOS_PID, `I${mmdd(ctx)} ${hms(new Date(ctx.now))}.${micros(ctx.now, ctx.seq)}  3712 master.cpp:9213] Sending offers [ ${ctx.seq}-O${ctx.seq} ] to framework cassandra`),
  (ctx) => shortIso(ctx, 'systemd', 1, 'Started dcos-metrics-agent: DC/OS Metrics Agent.'),
  (ctx) => shortIso(ctx, 'nginx', NGINX_PID, `${ctx.host} nginx: ${ctx.clientIp} - - [${new Date(ctx.now).toUTCString()}] "GET /mesos/master/state HTTP/1.1" 200 31337 "-" "python-requests/2.22"`),
  (ctx) => shortIso(ctx, 'marathon.sh', MARATHON_PID, `[${new Date(ctx.now).toISOString().slice(0, 10)} ${hms(new Date(ctx.now))},000] INFO  Received health check result for app [/cassandra] (mesosphere.marathon.core.health.impl.HealthCheckActor:marathon-akka.actor.default-dispatcher-${ctx.seq % 9})`),
  (ctx) => shortIso(ctx, 'java', 4321, `INFO  ${isoSeconds(ctx.now)} cassandra scheduler: plan deploy status ${ctx.seq % 3 === 0 ? 'IN_PROGRESS' : 'PENDING'}`),
];

function mmdd(ctx: LineContext): string {
  const d = new Date(ctx.now);
  return `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** One ordinary journal line, varying with `seq`. */
export function noiseLine(ctx: LineContext): string {
  const line = NOISE[ctx.seq % NOISE.length];
  if (!line) throw new Error('no noise line templates');
  return line(ctx);
}
