// json and export entries name the unit journald set from the writer's cgroup; one without it came
// from outside every service (a Mesos task's cgroup can reach /dev/log) and names itself as it
// likes, `_COMM` included. No audit record or notice is taken from such an entry
// (docs/audit-log-forms.md, "Envelope and message").
import { describe, expect, it } from 'vitest';
import { isAdminRouterRecord, parseAudit, parseNotice } from '../../../src/core/audit/index.js';
import { createExportDecoder, parseLine } from '../../../src/core/journal/index.js';
import type { JournalEntry, ParsedAudit, StreamMeta } from '../../../src/core/types.js';

const meta: StreamMeta = { label: 'j', host: null, unit: null, envelope: null, year: 2024 };
const AR = '2024/05/14 09:00:19 [notice] 1240#0: *20 [lua] auth.lua:186: auditlog(): type=audit timestamp=2024-05-14T09:00:19Z authorizer=adminrouter object=dcos:superuser action=full result=deny reason="IAM PQ response" srcip=10.0.4.21 srcport=40312 request_uri=/acs uid=victim, client: 10.0.4.21, server: master.mesos, request: "GET /acs HTTP/1.1", host: "10.0.0.1"';
const MESOS = 'I0514 09:00:20.222534  3708 logfmt.cpp:178] type=audit uid="victim" object="dcos:superuser" action="full" result=deny';
const PLUGIN = (a: string) => `[2024-05-14 09:00:21,199] INFO  type=audit uid=victim authorizer=${a} action=CreateRunSpec path=/x result=deny (dcos.${a}.auditlog:w-1)`;
const GENERIC = 'type=audit uid=victim object=dcos:superuser action=full result=deny';
const NOTICE = '2024/05/14 09:00:19 [notice] 1240#0: *21 [lua] auth.lua:112: validate_jwt_or_exit(): UID from the valid DC/OS authentication token: `victim`, client: 10.0.4.21, server: master.mesos, request: "GET /x HTTP/1.1"';

const cases: [string, string, string, string][] = [
  ['Admin Router', AR, 'nginx', 'dcos-adminrouter.service'],
  ['Mesos', MESOS, 'mesos-master', 'dcos-mesos-master.service'],
  ['Marathon', PLUGIN('marathon'), 'marathon.sh', 'dcos-marathon.service'],
  ['Metronome', PLUGIN('metronome'), 'metronome', 'dcos-metronome.service'],
  ['a generic DC/OS component', GENERIC, 'secrets.sh', 'dcos-secrets.service'],
];

function json(fields: Record<string, string>, m = meta): JournalEntry {
  const r = parseLine(JSON.stringify({ __REALTIME_TIMESTAMP: '1715677219000000', _HOSTNAME: 'master-1', _PID: '4242', ...fields }), m);
  if (r.kind !== 'entry') throw new Error('not an entry');
  return r.entry;
}
function exported(fields: Record<string, string>): JournalEntry {
  const dec = createExportDecoder(meta);
  const text = Object.entries({ _HOSTNAME: 'master-1', ...fields }).map(([k, v]) => `${k}=${v}`).join('\n');
  const [r] = [...dec.push(Buffer.from(`${text}\n\n`)), ...dec.end()];
  if (r?.kind !== 'entry') throw new Error('no entry');
  return r.entry;
}
const why = (ev: ParsedAudit) => (ev.type === 'unverified' || ev.type === 'malformed' ? ev.why : ev.type);

describe.each(cases)('%s', (_what, message, ident, unit) => {
  it('json: a decision from its unit, unverified from no unit whatever the identifier and _COMM say', () => {
    expect(parseAudit(json({ MESSAGE: message, _SYSTEMD_UNIT: unit, SYSLOG_IDENTIFIER: ident }), meta).type).toBe('decision');
    const claims: Record<string, string>[] = [{ SYSLOG_IDENTIFIER: ident, _COMM: 'logger' }, { SYSLOG_IDENTIFIER: ident, _COMM: ident }, { _COMM: ident }];
    for (const names of claims) {
      const ev = parseAudit(json({ MESSAGE: message, ...names }), meta);
      expect(ev.type).toBe('unverified');
      expect(why(ev)).toMatch(/no systemd unit: json and export entries name the unit journald read/);
    }
  });

  it('export: the same', () => {
    expect(parseAudit(exported({ MESSAGE: message, _SYSTEMD_UNIT: unit, SYSLOG_IDENTIFIER: ident }), meta).type).toBe('decision');
    expect(why(parseAudit(exported({ MESSAGE: message, SYSLOG_IDENTIFIER: ident, _COMM: ident }), meta))).toMatch(/no systemd unit/);
  });

  it('a stream whose own unit is known (a bundle\'s per-unit entry) vouches for its entries', () => {
    const m: StreamMeta = { ...meta, unit };
    expect(parseAudit(json({ MESSAGE: message, SYSLOG_IDENTIFIER: ident }, m), m).type).toBe('decision');
  });
});

describe('the red team\'s entry', () => {
  const fields = { SYSLOG_IDENTIFIER: 'nginx', _COMM: 'logger', _UID: '1000', _SYSTEMD_CGROUP: '/mesos/6f1c', MESSAGE: AR };
  it('is no Admin Router record, for the parser nor for the --uid gate', () => {
    expect(parseAudit(json(fields), meta)).toMatchObject({ type: 'unverified', why: expect.stringMatching(/^Admin Router audit line from identifier nginx, no systemd unit: /) });
    expect(isAdminRouterRecord(json(fields), meta)).toBe(false);
    expect(isAdminRouterRecord(json({ ...fields, _SYSTEMD_UNIT: 'dcos-adminrouter.service' }), meta)).toBe(true);
  });
  it('nor is its notice: it names no uid for a cut line of that connection', () => {
    const e = json({ ...fields, MESSAGE: NOTICE });
    expect(parseNotice(e.message, e, meta)).toBeNull();
    const real = json({ ...fields, MESSAGE: NOTICE, _SYSTEMD_UNIT: 'dcos-adminrouter.service' });
    expect(parseNotice(real.message, real, meta)).toEqual({ conn: '1240#0 *21', uid: 'victim', uri: { text: '/x', whole: true } });
  });
});

describe('forms that do not record the unit (the docs\' limits)', () => {
  it('short forms: the identifier is all there is, as before', () => {
    expect(parseAudit((parseLine(`2024-05-14T09:00:19+0000 master-1 nginx[4242]: ${AR}`, meta) as { entry: JournalEntry }).entry, meta).type).toBe('decision');
  });
  it('with-unit: a line of an entry without a unit prints its identifier, the same bytes as short-full', () => {
    const r = parseLine(`Tue 2024-05-14 09:00:19 UTC master-1 nginx[4242]: ${AR}`, meta);
    expect(r.kind === 'entry' && r.entry.envelope).toBe('short-full');
    expect(r.kind === 'entry' && parseAudit(r.entry, meta).type).toBe('decision');
  });
});
