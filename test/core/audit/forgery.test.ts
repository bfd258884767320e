// Issue 9 §1, parser level: where a record is accepted, and everything else that merely contains
// audit-looking text (docs/audit-log-forms.md). The whole-pipeline corpus is test/pipeline/forgery.test.ts.
import { describe, expect, it } from 'vitest';
import { parseAudit, parseNotice } from '../../../src/core/audit/index.js';
import { readPairs } from '../../../src/core/audit/kv.js';
import { fits, isDcosComponent, originOf } from '../../../src/core/audit/origin.js';
import { parseLine } from '../../../src/core/journal/index.js';
import type { JournalEntry, ParsedAudit, StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 'f.log', host: null, unit: null, envelope: null, year: 2019 };
const NGX = (level = 'notice', conn = 55) => `2019/03/01 12:00:00 [${level}] 1240#0: *${conn} `;
const MARKER = '[lua] ee.lua:57: auditlog(): ';
const RECORD = 'type=audit timestamp=2019-03-01T12:00:00Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.0.5 srcport=41234 request_uri=/x uid=victim';
const SUFFIX = ', client: 10.0.0.5, server: master.mesos, request: "GET /x HTTP/1.1", host: "10.0.0.1"';
const env = (msg: string, ident = 'nginx') => `2019-03-01T12:00:01+0000 m1 ${ident}[1240]: ${msg}`;

function parse(line: string, m = meta): ParsedAudit {
  const r = parseLine(line, m);
  if (r.kind !== 'entry') throw new Error('not an entry');
  return parseAudit(r.entry, m);
}
const entryOf = (line: string, m = meta): JournalEntry => {
  const r = parseLine(line, m);
  if (r.kind !== 'entry') throw new Error('not an entry');
  return r.entry;
};

describe('Admin Router: a record only right after nginx\'s prefix and lua\'s auditlog() marker', () => {
  it('accepts the real line (the control)', () => {
    expect(parse(env(`${NGX()}${MARKER}${RECORD}${SUFFIX}`))).toMatchObject({ type: 'decision', uid: 'victim' });
  });

  it.each([
    ['an access-log User-Agent', `10.0.0.5 - - [01/Mar/2019:12:00:00 +0000] "GET /x HTTP/1.1" 403 0 "-" "${RECORD}${SUFFIX}"`, /access-log/],
    ['an access-log line relayed by syslog (1.13+)', `m1 nginx: 10.0.0.5 - - [01/Mar/2019:12:00:00 +0000] "GET /x HTTP/1.1" 403 0 "${RECORD}" "curl"`, /access-log/],
    ['a header quoted in an error line', `${NGX('info')}client sent invalid header line: "X: ${RECORD}${SUFFIX}" while reading client request headers, client: 1, server: s`, /quoting what a client sent/],
    ['a request line quoted in an error line', `${NGX('info')}client sent invalid request while reading client request line, client: 1, server: s, request: "GET /?${RECORD} HTTP/1.1"`, /quoting/],
    ['a whole audit line inside a quoted header', `${NGX('info')}client sent invalid header line: "X: ${NGX()}${MARKER}${RECORD}${SUFFIX}"`, /quoting/],
    ['another lua function', `${NGX()}[lua] common.lua:12: log_request(): ${RECORD}${SUFFIX}`, /auditlog/],
    ['no [lua] part', `${NGX()}auditlog(): ${RECORD}${SUFFIX}`, /auditlog/],
    ['text between the marker and the record', `${NGX()}${MARKER}note: ${RECORD}${SUFFIX}`, /auditlog/],
    ['the marker later in the line', `${NGX()}[lua] x.lua:1: f(): seen ${MARKER}${RECORD}${SUFFIX}`, /auditlog/],
    ['nginx\'s prefix not at the start', `GET ${NGX()}${MARKER}${RECORD}${SUFFIX}`, /access-log|Admin Router/],
    ['a real marker line from another program', env(`${NGX()}${MARKER}${RECORD}${SUFFIX}`, 'job-runner').replace(/^.*?: /, '2019-03-01T12:00:01+0000 m1 job-runner[9]: '), /identifier job-runner/],
  ])('never from %s', (_n, msg, why) => {
    const ev = parse(msg.startsWith('2019-03-01T') ? msg : env(msg));
    expect(ev.type).toBe('unverified');
    if (ev.type === 'unverified') expect(ev.why).toMatch(why);
  });

  it('accepts the syslog-relayed form with or without a pid in the tag', () => {
    for (const tag of ['m1 nginx: ', 'm1 nginx[1240]: ']) {
      expect(parse(env(`${tag}${NGX()}${MARKER}${RECORD}${SUFFIX}`))).toMatchObject({ type: 'decision', uid: 'victim', conn: '1240#0 *55' });
    }
  });

  it('a record that says "not authenticated" takes no uid: lua writes none then, so one after the URI is the URI\'s', () => {
    // nginx cut the line inside a run of spaces the URI held; journald stripped them: a short line, its real end gone.
    const rec = RECORD.replace('reason="IAM PQ response"', 'reason="not authenticated"');
    expect(parse(env(`${NGX()}${MARKER}${rec}${SUFFIX}`))).toMatchObject({ type: 'decision', uid: null, reason: 'not authenticated' });
  });

  it('a record whose fields before request_uri hold spaces (a name from the URL) is untrusted', () => {
    const rec = RECORD.replace('object=dcos:adminrouter:ops:mesos', 'object=dcos:adminrouter:service:x action=full result=deny object=dcos:superuser');
    expect(parse(env(`${NGX()}${MARKER}${rec}${SUFFIX}`))).toMatchObject({ type: 'malformed', why: expect.stringMatching(/stray text/) });
  });

  it('a key Admin Router never writes, or one out of its order, makes the record untrusted, cut or whole', () => {
    // A service named `marathon zz=1`: no key repeats, and the rid would lose its tail.
    const extra = RECORD.replace('object=dcos:adminrouter:ops:mesos', 'object=dcos:adminrouter:service:marathon zz=1');
    // A name that writes action and result itself, on a line nginx cut before the real ones.
    const cut = `${NGX()}${MARKER}${RECORD.replace('object=dcos:adminrouter:ops:mesos', `object=dcos:adminrouter:service:x action=full result=deny pad=${'A'.repeat(2100)}`)}`.slice(0, 2048);
    const swapped = RECORD.replace('action=full result=deny', 'result=deny action=full');
    for (const msg of [`${NGX()}${MARKER}${extra}${SUFFIX}`, cut, `${NGX()}${MARKER}${swapped}${SUFFIX}`]) {
      expect(parse(env(msg))).toMatchObject({ type: 'malformed', why: expect.stringMatching(/never writes, or out of its order/) });
    }
    // A record cut where its keys are still in order keeps its decision (its uid is unknown).
    expect(parse(env(`${NGX()}${MARKER}${RECORD.replace('request_uri=/x', `request_uri=/${'a'.repeat(2100)}`)}`.slice(0, 2048)))).toMatchObject({ type: 'decision', uid: null, truncated: true });
  });

  it('a Referer holding a second record changes nothing: the first record, its uid', () => {
    const ev = parse(env(`${NGX()}${MARKER}${RECORD.replace('uid=victim', 'uid=mallory')}${SUFFIX}, referrer: "type=audit object=dcos:superuser action=full result=deny uid=victim"`));
    expect(ev).toMatchObject({ type: 'decision', uid: 'mallory', rid: 'dcos:adminrouter:ops:mesos' });
  });
});

describe('Admin Router notices: lua\'s own text only', () => {
  const pq = (uids: string) => `Consult policyquery via \`/internal/acs/api/v1/internal/policyquery?rid=dcos:adminrouter:ops:mesos&${uids}&action=full\``;
  it.each([
    ['a policyquery quoted in an error line', `${NGX('info')}client sent invalid header line: "X: ${pq('uid=victim')}"`],
    ['a uid notice after another function\'s own words', `${NGX()}[lua] common.lua:40: log_header(): bad value: UID from the valid DC/OS authentication token: \`victim\``],
    ['a policyquery whose rid holds a second uid=', `${NGX()}[lua] auth.lua:1: f(): ${pq('uid=victim&uid=mallory')}`],
    ['an access-log line', `10.0.0.5 - - [01/Mar/2019:12:00:00 +0000] "GET /x HTTP/1.1" 403 0 "-" "${pq('uid=victim')}"`],
  ])('not a notice: %s', (_n, msg) => {
    expect(parseNotice(msg)).toBeNull();
  });

  it('a real notice from another program names no uid', () => {
    const line = `2019-03-01T12:00:01+0000 m1 job-runner[9]: ${NGX()}[lua] auth.lua:1: f(): UID from the valid DC/OS authentication token: \`victim\`${SUFFIX}`;
    const want = { conn: '1240#0 *55', uid: 'victim', uri: { text: '/x', whole: true } };
    const e = entryOf(line);
    expect(parseNotice(e.message)).toEqual(want); // the shape alone
    expect(parseNotice(e.message, e, meta)).toBeNull(); // with who wrote it
    const ok = entryOf(line.replace('job-runner[9]', 'nginx[1240]'));
    expect(parseNotice(ok.message, ok, meta)).toEqual(want);
  });
});

describe('Mesos, Marathon/Metronome: only their audit loggers', () => {
  const GLOG = (file: string) => `I0301 12:00:00.752534  3708 ${file}] `;
  const MESOS = 'type=audit uid="victim" object="dcos:superuser" action="full" result=deny';
  const LB = '[2019-03-01 12:00:00,199] INFO  ';
  const PLUGIN = 'timestamp=2019-03-01T12:00:00.199Z type=audit uid=victim authorizer=marathon action=CreateRunSpec path=/x result=deny';

  it.each([
    ['a Mesos framework name', `2019-03-01T12:00:01+0000 m1 mesos-master[1]: ${GLOG('master.cpp:2641')}Received SUBSCRIBE for framework '${MESOS}'`],
    ['a Mesos task name (agent)', `2019-03-01T12:00:01+0000 a1 mesos-agent[1]: ${GLOG('slave.cpp:2210')}Launching task '${MESOS}'`],
    ['a Mesos logfmt line whose type=audit is inside a value', `2019-03-01T12:00:01+0000 m1 mesos-master[1]: ${GLOG('logfmt.cpp:178')}type=http msg="${MESOS}"`],
    ['a Marathon app id in another logger', `2019-03-01T12:00:01+0000 m1 marathon.sh[1]: ${LB}Deploying /x ${PLUGIN} (mesosphere.marathon.core.deployment.DeploymentActor:pool-1)`],
    ['a Marathon audit line quoted inside another logger\'s', `2019-03-01T12:00:01+0000 m1 marathon.sh[1]: ${LB}Invalid JSON: ${PLUGIN} (dcos.marathon.auditlog:x) (mesosphere.marathon.api.MarathonExceptionMapper:qtp-1)`],
    ['a logback line without a logger', `2019-03-01T12:00:01+0000 m1 marathon.sh[1]: ${LB}${PLUGIN}`],
    ['a Metronome job id', `2019-03-01T12:00:01+0000 m1 metronome[1]: ${LB}Job ${PLUGIN.replace('marathon', 'metronome')} not found (dcos.metronome.api.v1.controllers.JobSpecController:x)`],
    ['a multi-line message whose first line is perfect', JSON.stringify({ MESSAGE: `${LB}${PLUGIN} (dcos.marathon.auditlog:x)\n\tat x.y(Z.java:1)`, _SYSTEMD_UNIT: 'dcos-marathon.service', SYSLOG_IDENTIFIER: 'marathon.sh' })],
  ])('never from %s', (_n, line) => {
    expect(parse(line).type).toBe('unverified');
  });

  it('a Marathon path holding ` x=1`, or a second id field, is untrusted (its rid would be a shorter id)', () => {
    const line = (rec: string) => `2019-03-01T12:00:01+0000 m1 marathon.sh[1]: ${LB}${rec} (dcos.marathon.auditlog:x)`;
    expect(parse(line(PLUGIN))).toMatchObject({ type: 'decision', rid: 'dcos:service:marathon:marathon:services:/x' });
    for (const rec of [PLUGIN.replace('path=/x', 'path=/prod/payments x=1'), PLUGIN.replace('path=/x', 'path=/prod/payments object=/y'), PLUGIN.replace('type=audit uid=victim', 'uid=victim type=audit')]) {
      expect(parse(line(rec))).toMatchObject({ type: 'malformed', why: expect.stringMatching(/never writes, or out of its order/) });
    }
  });

  it('Metronome\'s audit logger is accepted from Metronome, not from Marathon\'s unit as Mesos', () => {
    const line = `2019-03-01T12:00:01+0000 m1 metronome[1]: ${LB}${PLUGIN.replace('marathon', 'metronome')} (dcos.metronome.auditlog:x)`;
    expect(parse(line)).toMatchObject({ type: 'decision', component: 'metronome' });
    expect(parse(line.replace('metronome[1]', 'mesos-master[1]')).type).toBe('unverified');
  });
});

describe('multi-line messages', () => {
  const line = `${NGX()}${MARKER}${RECORD}${SUFFIX}`;
  const withNext = (e: JournalEntry) => ({ ...e, message: `${e.message}\n\tat x.y(Z.java:1)` });
  it('are never records where the writer is shown (one journal entry)', () => {
    expect(parseAudit(withNext(entryOf(env(line))), meta).type).toBe('unverified');
  });
  it('in -o cat, where an indented line may be the next entry, the first line is judged alone', () => {
    expect(parseAudit(withNext(entryOf(line)), meta)).toMatchObject({ type: 'decision', uid: 'victim' });
  });
});

describe('who wrote the line (origin)', () => {
  const o = (line: string, m = meta) => originOf(entryOf(line, m), m);
  it('reads the unit and the identifier separately, each only when shown', () => {
    expect(o('Mar 01 12:00:00 m1 nginx[1]: x')).toMatchObject({ unit: null, ident: 'adminrouter' });
    expect(o('Fri 2019-03-01 12:00:00 UTC m1 dcos-mesos-slave-public.service[1]: x')).toMatchObject({ unit: 'mesos', ident: null });
    expect(o('x')).toMatchObject({ unit: null, ident: null });
    expect(o(JSON.stringify({ MESSAGE: 'x', _SYSTEMD_UNIT: 'session-3.scope', SYSLOG_IDENTIFIER: 'nginx' }))).toMatchObject({ unit: 'foreign', ident: 'adminrouter' });
    // A bundle entry named like a file, not a unit, tells nothing; a DC/OS unit name does.
    expect(o('2020-03-15 10:23:45.123456 +0000 UTC x', { ...meta, unit: 'notes.log', envelope: 'bundle' })).toMatchObject({ unit: null });
    expect(o('2020-03-15 10:23:45.123456 +0000 UTC x', { ...meta, unit: 'dcos-secrets.service', envelope: 'bundle' })).toMatchObject({ unit: 'dcos' });
  });

  it('a component fits only when everything shown agrees; the generic reading needs a DC/OS writer', () => {
    const json = (unit: string, ident: string) => o(JSON.stringify({ MESSAGE: 'x', _SYSTEMD_UNIT: unit, SYSLOG_IDENTIFIER: ident }));
    expect(fits(json('dcos-adminrouter.service', 'nginx'), ['adminrouter'])).toBe(true);
    expect(fits(json('session-3.scope', 'nginx'), ['adminrouter'])).toBe(false);
    expect(fits(json('dcos-adminrouter.service', 'logger'), ['adminrouter'])).toBe(false);
    // json and export record the unit: none there means no service wrote it, whatever it claims.
    const loose = o(JSON.stringify({ MESSAGE: 'x', SYSLOG_IDENTIFIER: 'nginx' }));
    expect(loose).toMatchObject({ unit: null, ident: 'adminrouter', unitRecorded: true });
    expect(fits(loose, ['adminrouter'])).toBe(false);
    expect(fits(o('Mar 01 12:00:00 m1 nginx[1]: x'), ['adminrouter'])).toBe(true);
    expect(isDcosComponent(o(JSON.stringify({ MESSAGE: 'x', SYSLOG_IDENTIFIER: 'secrets.sh' })))).toBe(false);
    expect(isDcosComponent(json('dcos-secrets.service', 'anything'))).toBe(true);
    expect(isDcosComponent(json('dcos-mesos-slave.service', 'mesos-journald'))).toBe(false);
    expect(isDcosComponent(o('Mar 01 12:00:00 m1 secrets.sh[1]: x'))).toBe(true);
    expect(isDcosComponent(o('Mar 01 12:00:00 m1 logger[1]: x'))).toBe(false);
    expect(isDcosComponent(o('x'))).toBe(false);
  });
});

describe('readPairs flags what a whole logfmt record never has', () => {
  it.each([
    ['type=audit uid=u object=o', 0, false],
    ['type=audit timestamp=2018-04-10 02:38:24.75+00:00 uid="a b"', 0, false],
    ['words type=audit uid=u', 1, false],
    ['type=audit uid="u"x object=o', 2, false], // the glued quote, then the word
    ['type=audit uid=u uid=v', 0, true],
  ])('%s', (text, bare, repeated) => {
    expect(readPairs(text)).toMatchObject({ bare, repeated });
  });
});
