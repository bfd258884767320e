// Ways a client or task could make or change a finding, through the built CLI (`npm run build`
// first): a Mesos record journald cut at 2048 bytes after an injected `result=deny action="full"`,
// the rest of a line journald split (a record the client wrote at the cut), a json entry from
// outside every service that calls itself nginx, and a byte that is not valid UTF-8 inside a
// record's object. None may become a finding, with or without --uid, and each still
// shows as an audit-looking line (docs/audit-log-forms.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { mesos } from '../pipeline/lines.js';

let dir: string;
const ENV = '2024-05-14T09:00:20+0000 master-1 mesos-master[3708]: ';
// An allowed call by `attacker` whose User-Agent closes Mesos's quote and writes the decision.
const MESOS = 'I0514 09:00:20.222534  3708 logfmt.cpp:178] dstip=10.0.0.1 type=audit timestamp=2024-05-14 09:00:20.222481024+00:00 reason="Authorized" uid="attacker" object="dcos:mesos:master:framework:role:slave_public" agent="x" result=deny action="full" zz="' +
  'A'.repeat(3000) + '" authorizer="mesos-master" action="create" result=allow srcip=10.0.4.21 dstport=5050 srcport=51240';
const AR = '2024/05/14 09:00:19 [notice] 1240#0: *20 [lua] auth.lua:186: auditlog(): type=audit timestamp=2024-05-14T09:00:19Z authorizer=adminrouter object=dcos:superuser action=full result=deny reason="IAM PQ response" srcip=10.0.4.21 srcport=40312 request_uri=/acs uid=victim, client: 10.0.4.21, server: master.mesos, request: "GET /acs HTTP/1.1", host: "10.0.0.1"';

// A framework name that ends a Mesos line, cut by journald: the rest is an entry that starts with
// the name's own glog prefix and record (scanner/split-rest.ts).
const FRAMEWORK = "I0514 09:00:20.222534  3708 master.cpp:2345] Received SUBSCRIBE call for framework '";
const FORGED = `I0514 09:00:20.222534  3708 logfmt.cpp:178] type=audit uid=victim object=dcos:mesos:master:reservation:role:prod authorizer="mesos-master" action="create" result=deny zz=x'`;
const jsonEntry = (m: string, extra: Record<string, string> = {}): string =>
  `${JSON.stringify({ __REALTIME_TIMESTAMP: '1715677220000000', _HOSTNAME: 'master-1', _SYSTEMD_UNIT: 'dcos-mesos-master.service', SYSLOG_IDENTIFIER: 'mesos-master', _PID: '3708', ...extra, MESSAGE: m })}\n`;

const files: [string, string | Buffer, { malformedLines?: number; unverifiedLines?: number }][] = [
  // journald before systemd 235: the first 2048 bytes are one entry, the rest the next.
  ['mesos-cut.log', `${ENV}${MESOS.slice(0, 2048)}\n${ENV}${MESOS.slice(2048)}\n`, { malformedLines: 1 }],
  ['mesos-split-rest.log', `${ENV}${(FRAMEWORK + 'A'.repeat(3000)).slice(0, 2048)}\n${ENV}${FORGED}\n`, { malformedLines: 1 }],
  // journald 235+ splits a line at a NUL too, and marks the piece (a short one) in json.
  ['json-split-rest.log', jsonEntry(`${FRAMEWORK}x`, { _LINE_BREAK: 'nul' }) + jsonEntry(FORGED), { malformedLines: 1 }],
  ['json-no-unit.log', `${JSON.stringify({ __REALTIME_TIMESTAMP: '1715677219000000', _HOSTNAME: 'master-1', SYSLOG_IDENTIFIER: 'nginx', _COMM: 'logger', _PID: '4242', _SYSTEMD_CGROUP: '/mesos/6f1c', MESSAGE: AR })}\n`, { unverifiedLines: 1 }],
  ['invalid-utf8.log', (() => {
    const line = mesos('victim', 'iam');
    const at = line.indexOf('role:') + 5;
    return Buffer.concat([Buffer.from(line.slice(0, at)), Buffer.from([0xff]), Buffer.from(`${line.slice(at)}\n`)]);
  })(), { malformedLines: 1 }],
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'a2g-e2e-forged-'));
  for (const [name, text] of files) await writeFile(join(dir, name), text);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(files)('%s', (name, _text, counts) => {
  it('makes no finding, with or without --uid, and counts the line as it is', async () => {
    let first: Record<string, number> | undefined;
    for (const uid of [[], ['--uid', 'attacker'], ['--uid', 'victim']]) {
      const r = await runCli(['scan', join(dir, name), '--format', 'json', ...uid]);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.findings).toEqual([]);
      expect(doc.authFailures).toEqual([]);
      const { elapsedMs: _t, filteredLines: _f, ...stats } = doc.stats;
      expect(stats).toMatchObject({ denyLines: 0, ...counts });
      first ??= stats;
      expect(stats).toEqual(first);
    }
  });
});
