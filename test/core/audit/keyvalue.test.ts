import { describe, expect, it } from 'vitest';
import { parseAudit } from '../../../src/core/audit/index.js';
import { parseLine } from '../../../src/core/journal/index.js';
import type { ParsedAudit, Decision, StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 'kv.log', host: 'meta-host', unit: null, envelope: null, year: 2018 };

function parse(line: string, m = meta): ParsedAudit {
  const r = parseLine(line, m);
  if (r.kind !== 'entry') throw new Error('not an entry');
  return parseAudit(r.entry, m);
}

const GLOG = 'I0410 02:38:24.752534  3708 logfmt.cpp:178] ';
const MESOS = 'dstip=10.0.3.81 type=audit timestamp=2018-04-10 02:38:24.752481024+00:00 reason="Authorization denied" uid="cassandra-sa" object="dcos:mesos:master:framework:role:cassandra-role" agent="curl/7.29" authorizer="mesos-master" action="create" result=deny srcip=10.0.0.5 dstport=5050 srcport=1234';
const TM = Date.UTC(2018, 3, 10, 2, 38, 24, 752);
const LB = (level: string) => `[2016-12-16 18:19:06,199] ${level}`;
const MARATHON = (action: string, path: string, extra = '') => `${LB('INFO  ')}timestamp=2016-12-16T23:19:06.199Z type=audit uid=cassandra-sa srcip=10.0.0.5 srcport=5 dstip=10.0.0.1 dstport=8443 authorizer=marathon action=${action} path=${path}${extra} result=deny (dcos.marathon.auditlog:ForkJoinPool-2-worker-5)`;
const TMar = Date.UTC(2016, 11, 16, 23, 19, 6, 199);

const cases: [string, string, Partial<Decision>][] = [
  ['Mesos master (short-iso)', `2018-04-10T02:38:25+0000 m1 mesos-master[3708]: ${GLOG}${MESOS}`,
    { result: 'deny', uid: 'cassandra-sa', object: 'dcos:mesos:master:framework:role:cassandra-role', action: 'create', rid: 'dcos:mesos:master:framework:role:cassandra-role', ridAction: 'create', reason: 'Authorization denied', authorizer: 'mesos-master', component: 'mesos-master', time: TM, host: 'm1', conn: null, truncated: false, derived: null }],
  ['Mesos, keys in another order, one space in glog', `2018-04-10T02:38:25+0000 a1 mesos-agent[1]: W0410 02:38:24.752534 12345 logfmt.cpp:1] result=allow action="GET" object="/slave(1)/state" uid="bob" type=audit authorizer="mesos-agent"`,
    { result: 'allow', uid: 'bob', object: '/slave(1)/state', action: 'GET', component: 'mesos-agent', time: Date.UTC(2018, 3, 10, 2, 38, 25) }],
  ['Mesos, escapes in quoted values', `${GLOG}type=audit uid="a\\"b" object="o\\\\x" action="create" result=deny reason="say \\"no\\""`,
    { uid: 'a"b', object: 'o\\x', reason: 'say "no"', host: 'meta-host', loggedAt: null }], // cat: no journal time
  ['Mesos, component from the unit (json)', JSON.stringify({ MESSAGE: `${GLOG}type=audit uid="u" object="o" action="a" result=deny`, _SYSTEMD_UNIT: 'dcos-mesos-slave-public.service', SYSLOG_IDENTIFIER: 'mesos-agent' }),
    { component: 'mesos-agent', authorizer: 'mesos-agent' }],
  ['Mesos, empty uid = none', `${GLOG}type=audit uid="" object="o" action="a" result=deny`, { uid: null }],
  ['Marathon CreateRunSpec, two spaces after INFO', `Mar 01 12:00:00 m1 marathon.sh[9]: ${MARATHON('CreateRunSpec', '/dev/app')}`,
    { uid: 'cassandra-sa', object: '/dev/app', action: 'CreateRunSpec', rid: 'dcos:service:marathon:marathon:services:/dev/app', ridAction: 'create', derived: { rawAction: 'CreateRunSpec', path: '/dev/app' }, authorizer: 'marathon', component: 'marathon', time: TMar }],
  ['Marathon one space after INFO', MARATHON('ViewGroup', '/dev').replace('INFO  ', 'INFO '), { rid: 'dcos:service:marathon:marathon:services:/dev', ridAction: 'read' }],
  ['Marathon UpdateRunSpec', MARATHON('UpdateRunSpec', '/a/b'), { ridAction: 'update', rid: 'dcos:service:marathon:marathon:services:/a/b' }],
  ['Marathon DeleteGroup', MARATHON('DeleteGroup', '/a'), { ridAction: 'delete' }],
  ['Marathon CreateGroup, path without leading /', MARATHON('CreateGroup', 'prod'), { ridAction: 'create', rid: 'dcos:service:marathon:marathon:services:/prod' }],
  ['Marathon ViewResource leader', MARATHON('ViewResource', '/v2/leader'), { rid: 'dcos:service:marathon:marathon:admin:leader', ridAction: 'read' }],
  ['Marathon DeleteResource leader = update', MARATHON('DeleteResource', '/v2/leader'), { rid: 'dcos:service:marathon:marathon:admin:leader', ridAction: 'update' }],
  ['Marathon ViewResource unknown', MARATHON('ViewResource', 'SystemMetrics'), { rid: 'dcos:service:marathon:marathon:admin:*', ridAction: 'read', derived: { rawAction: 'ViewResource', path: 'SystemMetrics' } }],
  ['Marathon unknown action kept raw', MARATHON('Frobnicate', '/x'), { rid: '/x', ridAction: 'Frobnicate', derived: null }],
  ['Metronome job', MARATHON('CreateRunSpec', 'prod.backup.nightly').replace('authorizer=marathon', 'authorizer=metronome'),
    { component: 'metronome', rid: 'dcos:service:metronome:metronome:jobs:prod.backup', ridAction: 'create', derived: { rawAction: 'CreateRunSpec', path: 'prod.backup.nightly' } }],
  ['Metronome top-level job', MARATHON('ViewRunSpec', 'nightly').replace('authorizer=marathon', 'authorizer=metronome'), { rid: 'dcos:service:metronome:metronome:jobs:nightly', ridAction: 'read' }],
  ['generic: secrets, bare values', 'Mar 01 12:00:00 m1 secrets.sh[5]: type=audit result=deny uid=cassandra-sa action=read object=dcos:secrets:default:/cassandra/key',
    { uid: 'cassandra-sa', object: 'dcos:secrets:default:/cassandra/key', action: 'read', component: 'secrets', authorizer: null, time: Date.UTC(2018, 2, 1, 12) }],
  // The writer names a generic record's component: its authorizer= is the record's word (docs/usage.md).
  ['generic: quoted, any order, authorizer', 'Mar 01 12:00:00 m1 bouncer.sh[5]: object="dcos:x:y" type=audit action="full" authorizer="bouncer" result="deny" uid="u"', { object: 'dcos:x:y', component: 'iam', authorizer: 'bouncer', uid: 'u' }],
  ['generic: an authorizer naming another component', 'Mar 01 12:00:00 m1 secrets.sh[5]: type=audit authorizer=mesos-master result=allow uid=u action=create object=dcos:mesos:master:framework:role:r', { component: 'secrets', authorizer: 'mesos-master' }],
  // The record's timestamp is its time; when the journal got it (loggedAt) is the envelope's.
  ['generic: timestamp field wins', 'Mar 01 12:00:00 m1 secrets.sh[5]: type=audit timestamp=2020-01-02T03:04:05Z result=deny uid=u action=a object=o', { time: Date.UTC(2020, 0, 2, 3, 4, 5), loggedAt: Date.UTC(2018, 2, 1, 12) }],
  ['generic: a dcos-* unit (json)', JSON.stringify({ MESSAGE: 'type=audit uid="u" object="dcos:secrets:default:/a" action="read" result="deny"', _SYSTEMD_UNIT: 'dcos-secrets.service', SYSLOG_IDENTIFIER: 'secrets' }), { uid: 'u', component: 'secrets' }],
];

describe('Mesos, Marathon/Metronome and generic audit lines', () => {
  it.each(cases)('%s', (_n, line, want) => {
    expect(parse(line)).toMatchObject({ type: 'decision', source: 'kv.log', ...want });
  });

  it.each([
    ['Mesos without result', `${GLOG}type=audit uid="u" object="o" action="a"`, /result/],
    ['Mesos without object', `${GLOG}type=audit uid="u" action="a" result=deny`, /object/],
    ['generic without action', 'Mar 01 12:00:00 m1 secrets.sh[5]: type=audit uid=u object=o result=deny', /action/],
    ['Marathon without path', `${LB('INFO ')}type=audit uid=u authorizer=marathon action=CreateRunSpec result=deny (dcos.marathon.auditlog:y)`, /path/],
    ['Marathon without result', `${LB('INFO ')}type=audit uid=u authorizer=marathon action=CreateRunSpec path=/x (dcos.marathon.auditlog:y)`, /result/],
    ['Mesos, a quoted value cut (journald may have cut the rest: test/core/audit/cut.test.ts)', `${GLOG}type=audit object="o" action="a" result=deny uid="cass`, /cut record/],
    ['Mesos audit record with a repeated key', `${GLOG}type=audit uid="u" object="o" action="a" result=deny agent="x" uid="v"`, /repeated/],
    ['Marathon audit record with a space in a value', MARATHON('CreateRunSpec', '/a b'), /stray/],
    ['no type=audit', 'hello', /type=audit/],
  ])('malformed: %s', (_n, line, why) => {
    const ev = parse(line);
    expect(ev).toMatchObject({ type: 'malformed', source: 'kv.log', raw: line });
    if (ev.type === 'malformed') expect(ev.why).toMatch(why);
  });

  // Not from an audit logger, or from no known writer: never a decision (docs/audit-log-forms.md).
  it.each([
    ['Marathon-shaped record without the logback layout', 'timestamp=2016-12-16T23:19:06.199Z type=audit uid=u authorizer=marathon action=ViewRunSpec path=/x result=deny', /names no unit or identifier/],
    ['generic record, cat form (writer unknown)', 'object="dcos:x:y" type=audit action="full" result="deny" uid="u"', /names no unit or identifier/],
    ['generic record from a non-DC/OS identifier', 'Mar 01 12:00:00 m1 myapp[5]: type=audit uid=u object=dcos:superuser action=full result=deny', /identifier myapp/],
    ['generic record from a non-DC/OS unit', JSON.stringify({ MESSAGE: 'type=audit uid=u object=o action=a result=deny', _SYSTEMD_UNIT: 'docker.service', SYSLOG_IDENTIFIER: 'dcos-secrets' }), /unit docker.service/],
    ['generic: words before the record', 'Mar 01 12:00:00 m1 secrets.sh[5]: denied: type=audit uid=u object=o action=a result=deny', /not one logfmt record/],
    ['generic: type=audit only inside a value', 'Mar 01 12:00:00 m1 secrets.sh[5]: msg="type=audit uid=u object=o action=a result=deny" level=info', /not one logfmt record/],
    ['generic: a repeated key', 'Mar 01 12:00:00 m1 secrets.sh[5]: type=audit uid=u object=o action=a result=deny uid=v', /not one logfmt record/],
    ['Mesos line from another source file', `2018-04-10T02:38:25+0000 m1 mesos-master[3708]: I0410 02:38:24.752534  3708 master.cpp:2641] framework 'type=audit uid="v" object="dcos:superuser" action="full" result=deny'`, /logfmt\.cpp/],
    ['Mesos audit shape from another identifier', `2018-04-10T02:38:25+0000 m1 mytask[1]: ${GLOG}${MESOS}`, /identifier mytask/],
    ['Marathon line from another logger', `Mar 01 12:00:00 m1 marathon.sh[9]: ${MARATHON('CreateRunSpec', '/dev/app').replace('dcos.marathon.auditlog', 'mesosphere.marathon.api.v2.AppsResource')}`, /not from an audit logger/],
    ['Marathon audit shape from another unit', JSON.stringify({ MESSAGE: MARATHON('CreateRunSpec', '/dev/app'), _SYSTEMD_UNIT: 'dcos-mesos-slave.service', SYSLOG_IDENTIFIER: 'marathon.sh' }), /unit dcos-mesos-slave/],
  ])('unverified: %s', (_n, line, why) => {
    const ev = parse(line);
    expect(ev).toMatchObject({ type: 'unverified', source: 'kv.log', raw: line });
    if (ev.type === 'unverified') expect(ev.why).toMatch(why);
  });
});
