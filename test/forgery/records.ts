// The forgery corpus's journal records (issue 9 §1, docs/audit-log-forms.md): for every component,
// real audit lines that must be found, and lines where a client, a framework, an app or a task put
// `type=audit … uid=victim-sa … result=deny` that must never become a finding.
// Every forged rid contains `forged` and every forged uid is `victim-sa`; real rids carry a tag (the
// envelope's name) so one scan over every envelope still tells which envelope lost a real line.

export interface Rec {
  t: number;
  host: string;
  unit: string;
  ident: string;
  pid: number;
  message: string;
}

/** A real denial the scan must report. */
export interface Real {
  uid: string;
  rid: string;
  action: string;
}

export interface CorpusLine {
  rec: Rec;
  /** The denial it really is (none for forgeries and context lines). */
  real?: Real;
  /**
   * Only meaningful where the envelope shows the writer (unit or identifier): a perfect copy of a
   * component's line from another program, a multi-line message, and the generic reading, which
   * needs a DC/OS unit or identifier. Left out of cat / `dcos node log` forms (see the docs' limits).
   */
  needsWriter?: boolean;
  /** A multi-line message: continuation lines (short forms indent them; json/export keep `\n`). */
  multiLine?: boolean;
  /**
   * An entry from outside every service (`unit` empty: no `_SYSTEMD_UNIT`), only in the forms that
   * record the unit (json, export, binary journal). Elsewhere its identifier is all that shows, a
   * claim no reader can check (the docs' limits).
   */
  needsUnit?: boolean;
}

export const VICTIM = 'victim-sa';
export const REAL_UID = 'real-sa';
export const MALLORY = 'mallory-sa';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const p2 = (n: number) => String(n).padStart(2, '0');
const d = (t: number) => new Date(t);
const ymd = (t: number, sep = '-') => `${d(t).getUTCFullYear()}${sep}${p2(d(t).getUTCMonth() + 1)}${sep}${p2(d(t).getUTCDate())}`;
const hms = (t: number) => `${p2(d(t).getUTCHours())}:${p2(d(t).getUTCMinutes())}:${p2(d(t).getUTCSeconds())}`;
const isoZ = (t: number) => `${ymd(t)}T${hms(t)}Z`;

const H = 'master-9';
const rec = (t: number, unit: string, ident: string, pid: number, message: string): Rec => ({ t, host: H, unit, ident, pid, message });
const AR = (t: number, m: string) => rec(t, 'dcos-adminrouter.service', 'nginx', 1240, m);
const MM = (t: number, m: string) => rec(t, 'dcos-mesos-master.service', 'mesos-master', 3708, m);
const MA = (t: number, m: string) => rec(t, 'dcos-mesos-slave.service', 'mesos-agent', 2210, m);
const MAR = (t: number, m: string) => rec(t, 'dcos-marathon.service', 'marathon.sh', 4410, m);
const MET = (t: number, m: string) => rec(t, 'dcos-metronome.service', 'metronome', 4520, m);
const SEC = (t: number, m: string) => rec(t, 'dcos-secrets.service', 'secrets.sh', 4700, m);
const IAM = (t: number, m: string) => rec(t, 'dcos-bouncer.service', 'bouncer.sh', 4800, m);
/** A program that is not a DC/OS component (a task, a user's `logger`), run as its own unit. */
const TASK = (t: number, m: string) => rec(t, 'job-runner.service', 'job-runner', 6100, m);
/** A process in no unit (a Mesos task's cgroup) that names itself like a component: `logger -t IDENT`. */
const LOOSE = (t: number, ident: string, m: string): CorpusLine => ({ rec: rec(t, '', ident, 6200, m), needsUnit: true });

// ---------- what each component writes ----------
const ngxPrefix = (t: number, level: string, conn: number) => `${ymd(t, '/')} ${hms(t)} [${level}] 1240#0: *${conn} `;

interface ArOpts {
  t: number;
  conn: number;
  object: string;
  uid: string | null;
  uri?: string;
  result?: string;
  reason?: string;
  referrer?: string;
  during?: string;
  host?: string;
}
/** Admin Router's audit line (nginx error-log notice written by lua's auditlog()). */
export function arAudit(o: ArOpts): string {
  const uri = o.uri ?? '/mesos/master/state';
  const audit = `type=audit timestamp=${isoZ(o.t)} authorizer=adminrouter object=${o.object} action=full result=${o.result ?? 'deny'} reason="${o.reason ?? 'IAM PQ response'}" srcip=10.0.4.21 srcport=40312 request_uri=${uri}${o.uid ? ` uid=${o.uid}` : ''}`;
  const suffix = `${o.during ? ` while ${o.during}` : ''}, client: 10.0.4.21, server: master.mesos, request: "GET ${uri} HTTP/1.1", host: "${o.host ?? '10.0.0.1'}"${o.referrer !== undefined ? `, referrer: "${o.referrer}"` : ''}`;
  return `${ngxPrefix(o.t, 'notice', o.conn)}[lua] ee.lua:57: auditlog(): ${audit}${suffix}`;
}
/** A notice of the request for `uri`, cut at nginx's 2048 bytes like any of its lines. */
function arNotice(t: number, conn: number, text: string, uri = '/mesos/master/state'): string {
  return `${ngxPrefix(t, 'notice', conn)}[lua] auth.lua:112: validate_jwt_or_exit(): ${text}, client: 10.0.4.21, server: master.mesos, request: "GET ${uri} HTTP/1.1", host: "10.0.0.1"`.slice(0, 2047);
}
function mesosAudit(t: number, o: { uid: string; object: string; action: string; agent?: string; authorizer?: string }): string {
  const glog = `I${p2(d(t).getUTCMonth() + 1)}${p2(d(t).getUTCDate())} ${hms(t)}.752534  3708 logfmt.cpp:178] `;
  return `${glog}dstip=10.0.0.1 type=audit timestamp=${ymd(t)} ${hms(t)}.752481024+00:00 reason="Authorization denied" uid="${o.uid}" object="${o.object}" agent="${o.agent ?? 'dcos-commons/0.57'}" authorizer="${o.authorizer ?? 'mesos-master'}" action="${o.action}" result=deny srcip=10.0.4.21 dstport=5050 srcport=51240`;
}
const glogLine = (t: number, level: string, file: string, text: string) =>
  `${level}${p2(d(t).getUTCMonth() + 1)}${p2(d(t).getUTCDate())} ${hms(t)}.120000  3711 ${file}] ${text}`;
function pluginAudit(t: number, o: { uid: string; action: string; path: string; authorizer?: string; logger?: string }): string {
  const a = o.authorizer ?? 'marathon';
  return `[${ymd(t)} ${hms(t)},199] INFO  timestamp=${isoZ(t)} type=audit uid=${o.uid} srcip=10.0.4.21 srcport=40122 dstip=10.0.0.1 dstport=8443 authorizer=${a} action=${o.action} path=${o.path} result=deny (${o.logger ?? `dcos.${a}.auditlog`}:ForkJoinPool-2-worker-7)`;
}
const logback = (t: number, level: string, text: string, logger: string) => `[${ymd(t)} ${hms(t)},311] ${level}  ${text} (${logger}:qtp1208736537-41)`;

/** journald before systemd 235: a line's first 2048 bytes are one entry (whitespace at the cut stripped), the rest the next. */
const splitAt2048 = (m: string): [string, string] => [m.slice(0, 2048).trimEnd(), m.slice(2048).trimStart()];

/** The record text a forger writes wherever they can. */
const forgedRecord = (t: number, rid: string, extra = '') =>
  `type=audit timestamp=${isoZ(t)} authorizer=adminrouter object=${rid} action=full result=deny reason="IAM PQ response" srcip=10.0.4.66 srcport=1 request_uri=/x${extra} uid=${VICTIM}`;
const forgedKv = (rid: string) => `type=audit uid=${VICTIM} object=${rid} action=full result=deny`;

/** The corpus for one envelope; `tag` makes the real rids of this envelope unique. */
export function corpusLines(tag: string): CorpusLine[] {
  const s = (n: number) => T0 + n * 1000;
  const real = (uid: string, rid: string, action: string): Real => ({ uid, rid, action });
  const longUri = '/mesos/master/state?jsonp=' + 'x'.repeat(2100);
  // A User-Agent that closes Mesos's quote and writes the decision; the real fields after it fall beyond the cut.
  const cutMesos = (fill: number) => mesosAudit(s(27), { uid: MALLORY, object: 'dcos:mesos:master:framework:role:forged-cut', action: 'create', agent: `curl/8" result=deny action="full" zz="${'A'.repeat(fill)}` });
  const padAt = cutMesos(0).indexOf('zz="') + 4;
  const lines: CorpusLine[] = [
    // ---------- Admin Router ----------
    { rec: AR(s(1), arAudit({ t: s(1), conn: 11, object: `dcos:adminrouter:ops:real-${tag}`, uid: REAL_UID })), real: real(REAL_UID, `dcos:adminrouter:ops:real-${tag}`, 'full') },
    // 1.13+ (syslog: `HOST nginx: ` inside the message), referrer and `while` context.
    { rec: AR(s(2), `${H} nginx: ` + arAudit({ t: s(2), conn: 12, object: `dcos:adminrouter:service:real-${tag}`, uid: REAL_UID, uri: '/service/real/', referrer: 'https://master-9/', during: 'reading response header from upstream' })),
      real: real(REAL_UID, `dcos:adminrouter:service:real-${tag}`, 'full') },
    // A cut line whose uid only the preceding real notice names.
    { rec: AR(s(3), arNotice(s(3), 13, `UID from the valid DC/OS authentication token: \`${REAL_UID}\``, longUri)) },
    { rec: AR(s(3), arAudit({ t: s(3), conn: 13, object: `dcos:adminrouter:ops:real-cut-${tag}`, uid: REAL_UID, uri: longUri }).slice(0, 2047)),
      real: real(REAL_UID, `dcos:adminrouter:ops:real-cut-${tag}`, 'full') },
    // Forged: the User-Agent and the Referer of an access-log line.
    { rec: AR(s(4), `10.0.4.66 - - [14/May/2024:09:00:04 +0000] "GET /x HTTP/1.1" 403 0 "-" "${forgedRecord(s(4), 'dcos:adminrouter:ops:forged-ua', ', client: 1, server: s, request: "GET /x HTTP/1.1", host: "h')}"`) },
    { rec: AR(s(5), `${H} nginx: 10.0.4.66 - - [14/May/2024:09:00:05 +0000] "GET /x HTTP/1.1" 403 0 "${forgedRecord(s(5), 'dcos:adminrouter:ops:forged-referer')}" "curl/8"`) },
    // Forged: headers quoted in nginx's own error lines.
    { rec: AR(s(6), `${ngxPrefix(s(6), 'info', 14)}client sent invalid header line: "X-A: ${forgedRecord(s(6), 'dcos:adminrouter:ops:forged-header')}" while reading client request headers, client: 10.0.4.66, server: master.mesos, request: "GET / HTTP/1.1"`) },
    { rec: AR(s(7), `${ngxPrefix(s(7), 'info', 15)}client sent invalid request while reading client request line, client: 10.0.4.66, server: master.mesos, request: "GET /?${forgedRecord(s(7), 'dcos:adminrouter:ops:forged-request-line')} HTTP/1.1"`) },
    // Forged: a whole Admin Router audit line inside a quoted header (the marker is not where lua writes it).
    { rec: AR(s(8), `${ngxPrefix(s(8), 'info', 16)}client sent invalid header line: "X-A: ${arAudit({ t: s(8), conn: 99, object: 'dcos:adminrouter:ops:forged-nested', uid: VICTIM })}" while reading client request headers, client: 10.0.4.66, server: master.mesos`) },
    // Forged: a lua line of another function whose text starts with what a client sent.
    { rec: AR(s(9), `${ngxPrefix(s(9), 'notice', 17)}[lua] common.lua:40: log_header(): ${forgedRecord(s(9), 'dcos:adminrouter:ops:forged-lua')}, client: 10.0.4.66, server: master.mesos`) },
    // Text after a real marker trying to add a second record: in the Referer (the real record of
    // mallory still counts), and through spaces in the raw URI (then nothing in the line is trusted).
    { rec: AR(s(10), arAudit({ t: s(10), conn: 18, object: `dcos:adminrouter:ops:mallory-${tag}`, uid: MALLORY, referrer: `${forgedKv('dcos:adminrouter:ops:forged-after-marker')} request_uri=/x uid=${VICTIM}` })),
      real: real(MALLORY, `dcos:adminrouter:ops:mallory-${tag}`, 'full') },
    { rec: AR(s(11), (() => {
      const uri = `/x ${forgedRecord(s(11), 'dcos:adminrouter:ops:forged-uri')}`;
      return arAudit({ t: s(11), conn: 19, object: 'dcos:adminrouter:ops:forged-uri-outer', uid: null, reason: 'not authenticated', uri });
    })()) },
    // A field value with spaces (a service name from the URL) trying to repeat keys before request_uri.
    { rec: AR(s(12), arAudit({ t: s(12), conn: 20, object: `dcos:adminrouter:service:x action=full result=deny object=dcos:adminrouter:ops:forged-object`, uid: MALLORY })) },
    // Forged notices: a policyquery quoted from a client on a connection whose audit line is cut.
    { rec: AR(s(13), `${ngxPrefix(s(13), 'info', 21)}client sent invalid header line: "X: Consult policyquery via \`/internal/acs/api/v1/internal/policyquery?rid=x&uid=${VICTIM}&action=full\`" while reading client request headers`) },
    { rec: AR(s(13), `${ngxPrefix(s(13), 'notice', 21)}[lua] common.lua:40: log_header(): unexpected header value: UID from the valid DC/OS authentication token: \`${VICTIM}\``) },
    { rec: AR(s(13), arAudit({ t: s(13), conn: 21, object: 'dcos:adminrouter:ops:forged-notice', uid: MALLORY, uri: longUri }).slice(0, 2047)) },
    // A policyquery whose rid (from a URL path) holds a second uid= parameter.
    { rec: AR(s(14), arNotice(s(14), 22, `Consult policyquery via \`/internal/acs/api/v1/internal/policyquery?rid=dcos:adminrouter:service:a&uid=${VICTIM}&uid=${MALLORY}&action=full\``, longUri)) },
    { rec: AR(s(14), arAudit({ t: s(14), conn: 22, object: 'dcos:adminrouter:service:forged-two-uids', uid: MALLORY, uri: longUri }).slice(0, 2047)) },
    // One keep-alive connection, two requests: the first is mallory's (its notice, its allow); the
    // second, without a token, has a line cut inside its URI: an authentication failure, no uid.
    { rec: AR(s(16), arNotice(s(16), 24, `UID from the valid DC/OS authentication token: \`${MALLORY}\``, longUri)) },
    { rec: AR(s(16), arAudit({ t: s(16), conn: 24, object: 'dcos:adminrouter:ops:keepalive-first', uid: MALLORY, result: 'allow', uri: longUri }).slice(0, 2047)) },
    { rec: AR(s(16), arNotice(s(16), 24, 'No auth token in request.', longUri)) },
    { rec: AR(s(16), arAudit({ t: s(16), conn: 24, object: 'dcos:adminrouter:ops:keepalive-second', uid: null, reason: 'not authenticated', uri: longUri }).slice(0, 2047)) },
    // A service name with a backtick closes the policyquery URL early: `…&uid=victim` then the real uid.
    { rec: AR(s(17), arNotice(s(17), 25, `Consult policyquery via \`/internal/acs/api/v1/internal/policyquery?rid=dcos:adminrouter:service:x&uid=${VICTIM}\`&uid=${MALLORY}&action=full\``, longUri)) },
    { rec: AR(s(17), arAudit({ t: s(17), conn: 25, object: `dcos:adminrouter:service:x&uid=${VICTIM}\``, uid: MALLORY, uri: longUri }).slice(0, 2047)) },
    // A service name that writes action and result itself, on a line cut before the real ones.
    { rec: AR(s(18), arAudit({ t: s(18), conn: 26, object: `dcos:adminrouter:service:forged-cut action=full result=deny pad=${'A'.repeat(2100)}`, uid: MALLORY }).slice(0, 2047)) },
    // A URI with spaces that writes a uid and a whole nginx suffix up to nginx's 2048-byte cut, which
    // takes the real uid and suffix away: a line that may be cut keeps no uid.
    { rec: AR(s(19), (() => {
      const head = arAudit({ t: s(19), conn: 27, object: 'dcos:adminrouter:ops:forged-cut-suffix', uid: MALLORY, uri: `/x uid=${VICTIM}, client: 10.0.4.21, server: master.mesos, request: "GET /x", zz: "` });
      const open = head.indexOf('zz: "') + 5;
      return `${head.slice(0, open)}${'A'.repeat(2046 - open)}"`;
    })()) },
    // A Referer holding the words of nginx's lines about a request it is still reading: the record is still read.
    { rec: AR(s(19), arAudit({ t: s(19), conn: 28, object: `dcos:adminrouter:ops:real-referer-${tag}`, uid: REAL_UID, referrer: 'https://x/ while reading client request headers' })),
      real: real(REAL_UID, `dcos:adminrouter:ops:real-referer-${tag}`, 'full') },
    // A perfect Admin Router audit line printed by another program.
    { rec: TASK(s(15), arAudit({ t: s(15), conn: 23, object: 'dcos:adminrouter:ops:forged-imitation', uid: VICTIM })), needsWriter: true },

    // ---------- Mesos ----------
    { rec: MM(s(20), mesosAudit(s(20), { uid: REAL_UID, object: `dcos:mesos:master:framework:role:real-${tag}`, action: 'create' })), real: real(REAL_UID, `dcos:mesos:master:framework:role:real-${tag}`, 'create') },
    { rec: MA(s(21), mesosAudit(s(21), { uid: REAL_UID, object: `dcos:mesos:agent:framework:role:real-${tag}`, action: 'read', authorizer: 'mesos-agent' })), real: real(REAL_UID, `dcos:mesos:agent:framework:role:real-${tag}`, 'read') },
    // Forged: framework, role and task names in Mesos's other lines.
    { rec: MM(s(22), glogLine(s(22), 'I', 'master.cpp:2641', `Received SUBSCRIBE call for framework '${forgedKv('dcos:mesos:master:forged-framework')}' at scheduler-1@10.0.4.66:4040`)) },
    { rec: MM(s(23), glogLine(s(23), 'W', 'master.cpp:2700', `Refusing subscription of framework 'x': Not authorized to subscribe as role '${forgedKv('dcos:mesos:master:forged-role')}'`)) },
    { rec: MA(s(24), glogLine(s(24), 'I', 'slave.cpp:2210', `Launching task 'type=audit uid="${VICTIM}" object="dcos:mesos:agent:forged-task" action="create" result=deny' for framework 8f3a-0001`)) },
    // Forged: an unescaped quote in the User-Agent (agent field) of a real record repeats keys.
    { rec: MM(s(25), mesosAudit(s(25), { uid: MALLORY, object: 'dcos:mesos:master:framework:role:forged-agent', action: 'create', agent: `curl/8" object="dcos:mesos:master:forged-agent-2" uid="${VICTIM}` })) },
    // Forged: that quote in a line journald cut at 2048 bytes, inside the injected value (then the
    // next entry holds the rest), right after its closing quote, and right before a separator space.
    ...splitAt2048(cutMesos(3000)).map((m) => ({ rec: MM(s(27), m) })),
    { rec: MM(s(28), splitAt2048(cutMesos(2047 - padAt))[0]) },
    { rec: MM(s(29), splitAt2048(cutMesos(2046 - padAt))[0]) },
    // A perfect Mesos audit line printed by a task.
    { rec: TASK(s(26), mesosAudit(s(26), { uid: VICTIM, object: 'dcos:mesos:master:forged-imitation', action: 'create' })), needsWriter: true },

    // ---------- Marathon / Metronome ----------
    { rec: MAR(s(30), pluginAudit(s(30), { uid: REAL_UID, action: 'CreateRunSpec', path: `/real/${tag}/app` })), real: real(REAL_UID, `dcos:service:marathon:marathon:services:/real/${tag}/app`, 'create') },
    { rec: MET(s(31), pluginAudit(s(31), { uid: REAL_UID, action: 'CreateRunSpec', path: `real.${tag}.job`, authorizer: 'metronome' })), real: real(REAL_UID, `dcos:service:metronome:metronome:jobs:real.${tag}`, 'create') },
    // Forged: app and job ids, request bodies echoed in other loggers' lines.
    { rec: MAR(s(32), logback(s(32), 'INFO', `Received create request for app /x ${forgedKv('dcos:service:marathon:marathon:services:/forged-app')} authorizer=marathon action=CreateRunSpec path=/forged`, 'mesosphere.marathon.api.v2.AppsResource')) },
    { rec: MAR(s(33), logback(s(33), 'WARN', `Invalid JSON: ${pluginAudit(s(33), { uid: VICTIM, action: 'CreateRunSpec', path: '/forged-echo' })}`, 'mesosphere.marathon.api.MarathonExceptionMapper')) },
    { rec: MET(s(34), logback(s(34), 'INFO', `Job ${forgedKv('dcos:service:metronome:metronome:jobs:forged-job')} not found`, 'dcos.metronome.api.v1.controllers.JobSpecController')) },
    // Forged: a path with spaces in a real audit record repeats keys.
    { rec: MAR(s(35), pluginAudit(s(35), { uid: MALLORY, action: 'CreateRunSpec', path: `/a result=deny uid=${VICTIM} action=CreateRunSpec path=/forged-path` })) },
    // A perfect Marathon audit line from another program, and one whose first line is perfect in a multi-line message.
    { rec: TASK(s(36), pluginAudit(s(36), { uid: VICTIM, action: 'CreateRunSpec', path: '/forged-imitation' })), needsWriter: true },
    { rec: MAR(s(37), `${pluginAudit(s(37), { uid: VICTIM, action: 'CreateRunSpec', path: '/forged-multiline' })}\n\tat mesosphere.marathon.Main.main(Main.scala:1)`), needsWriter: true, multiLine: true },

    // ---------- Secrets and IAM (generic key=value reading) ----------
    { rec: SEC(s(40), `type=audit timestamp=${isoZ(s(40))} authorizer=secrets uid=${REAL_UID} object=dcos:secrets:default:/real/${tag} action=read result=deny reason="IAM PQ response"`),
      real: real(REAL_UID, `dcos:secrets:default:/real/${tag}`, 'read'), needsWriter: true },
    { rec: IAM(s(41), `result="deny" uid="${REAL_UID}" object="dcos:iam:users:real-${tag}" action="read" type=audit`), real: real(REAL_UID, `dcos:iam:users:real-${tag}`, 'read'), needsWriter: true },
    // Forged: records inside other text of a DC/OS component.
    { rec: SEC(s(42), `Failed to read secret "/x": ${forgedKv('dcos:secrets:default:/forged-words')}`) },
    { rec: SEC(s(43), `level=error msg="${forgedKv('dcos:secrets:default:/forged-in-value')}" path=/x`) },
    { rec: SEC(s(44), `type=audit uid=${MALLORY} object=dcos:secrets:default:/forged-repeat action=read result=deny path=/x uid=${VICTIM}`) },
    { rec: IAM(s(45), `Trigger login procedure for uid \`${forgedKv('dcos:iam:forged-login')}\``) },
    // A task's own output: a whole record, and a record after its own words.
    { rec: TASK(s(46), forgedKv('dcos:secrets:default:/forged-task-record')) },
    { rec: TASK(s(47), `backup done; ${forgedKv('dcos:secrets:default:/forged-task-words')}`) },
    // A generic record from the Mesos agent's unit (not its format): not the generic reading's.
    { rec: rec(s(48), 'dcos-mesos-slave.service', 'mesos-journald', 2300, forgedKv('dcos:mesos:agent:forged-task-journald')) },

    // ---------- No unit: perfect lines from a process outside every service ----------
    LOOSE(s(50), 'nginx', arAudit({ t: s(50), conn: 34, object: 'dcos:adminrouter:ops:forged-no-unit', uid: VICTIM })),
    LOOSE(s(51), 'mesos-master', mesosAudit(s(51), { uid: VICTIM, object: 'dcos:mesos:master:forged-no-unit', action: 'create' })),
    LOOSE(s(52), 'marathon.sh', pluginAudit(s(52), { uid: VICTIM, action: 'CreateRunSpec', path: '/forged-no-unit' })),
    LOOSE(s(53), 'metronome', pluginAudit(s(53), { uid: VICTIM, action: 'CreateRunSpec', path: 'forged.no.unit', authorizer: 'metronome' })),
    LOOSE(s(54), 'secrets.sh', forgedKv('dcos:secrets:default:/forged-no-unit')),
    // Its notice naming the victim, before a real line journald cut on that connection: the uid stays unknown.
    LOOSE(s(55), 'nginx', arNotice(s(55), 35, `UID from the valid DC/OS authentication token: \`${VICTIM}\``, longUri)),
    { rec: AR(s(55), arAudit({ t: s(55), conn: 35, object: 'dcos:adminrouter:ops:forged-no-unit-notice', uid: MALLORY, uri: longUri }).slice(0, 2047)), needsUnit: true },
  ];
  return lines;
}

/** Every real denial of an envelope that shows (`writer`) or hides the writer. */
export function expectedReal(tag: string, writer: boolean, unit = false): Real[] {
  return corpusLines(tag).flatMap((l) => (l.real && (writer || !l.needsWriter) && (unit || !l.needsUnit) ? [l.real] : []));
}
