// Denials whose message is not clean UTF-8 text (a client put invalid UTF-8 or control characters
// in a request URI or a User-Agent): journald keeps the bytes, `journalctl -o json` prints such a
// MESSAGE as an array of byte values, `-o short-iso -a` prints the raw bytes. None of them may be
// lost: not in a binary journal, not in saved json or text, not over SSH (where the remote grep
// decides what crosses the network). Real systemd-journal-remote, journalctl and sshd.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanFilter, ScanResult } from '../../src/core/types.js';
import { runScan } from '../../src/pipeline/scan.js';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

const BAD = Buffer.from([0xff, 0xfe, 0x01]); // invalid UTF-8, then a control character

function binField(key: string, value: Buffer): Buffer {
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(value.length));
  return Buffer.concat([Buffer.from(`${key}\n`), len, value, Buffer.from('\n')]);
}

function entry(i: number, ident: string, unit: string, message: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`__CURSOR=s=0123;i=${i}\n__REALTIME_TIMESTAMP=${1715677200000000 + i * 1_000_000}\n__MONOTONIC_TIMESTAMP=${i}\n`),
    Buffer.from(`_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=master-1\nSYSLOG_IDENTIFIER=${ident}\n_SYSTEMD_UNIT=${unit}\n_PID=1240\n`),
    binField('MESSAGE', message),
    Buffer.from('\n'),
  ]);
}

const arDeny = (conn: number, uid: string, uri: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(`2024/05/14 09:00:10 [notice] 1240#0: *${conn} [lua] auth.lua:186: auditlog(): type=audit timestamp=2024-05-14T09:00:10Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.4.21 srcport=40312 request_uri=`),
    uri,
    Buffer.from(` uid=${uid}, client: 10.0.4.21, server: master.mesos, request: "GET `),
    uri,
    Buffer.from(' HTTP/1.1", host: "10.0.0.1"'),
  ]);

const mesosDeny = (uid: string, agent: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(`I0514 09:00:20.222534  3708 logfmt.cpp:178] dstip=10.0.0.1 type=audit timestamp=2024-05-14 09:00:20.222481024+00:00 reason="Authorization denied" uid="${uid}" object="dcos:mesos:master:framework:role:cassandra-role" agent="`),
    agent,
    Buffer.from('" authorizer="mesos-master" action="create" result=deny srcip=10.0.4.21 dstport=5050 srcport=51240'),
  ]);

const EXPORT = Buffer.concat([
  entry(1, 'nginx', 'dcos-adminrouter.service', arDeny(11, 'svc-bytes', Buffer.concat([Buffer.from('/mesos/'), BAD, Buffer.from('x')]))),
  entry(2, 'mesos-master', 'dcos-mesos-master.service', mesosDeny('svc-ctl', Buffer.from('curl/7.1\u001b[31m'))),
  entry(3, 'nginx', 'dcos-adminrouter.service', arDeny(12, 'svc-plain', Buffer.from('/mesos/plain'))),
  entry(4, 'systemd', 'dcos-checks.service', Buffer.from('noise with a control character \u0007 and no audit')),
]);

const ALL: ScanFilter = { uids: [], since: null, until: null };
const scan = (sources: string[], ssh?: SshOptions, filter: ScanFilter = ALL): Promise<ScanResult> =>
  runScan({ sources, filter, year: 2024, signal: new AbortController().signal, ssh });
const denied = (r: ScanResult) => r.findings.map((f) => `${f.uid} ${f.rid} ${f.action} ${f.count}`).sort();
const WANT = [
  'svc-bytes dcos:adminrouter:ops:mesos full 1',
  'svc-ctl dcos:mesos:master:framework:role:cassandra-role create 1',
  'svc-plain dcos:adminrouter:ops:mesos full 1',
];

describe.skipIf(!HAVE_REAL_SSH)('messages journalctl prints as bytes', () => {
  let dir: string;
  let journal: string;
  let json: string;
  let node: Sshd;
  let ssh: SshOptions;
  const user = userInfo().username;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-bytes-'));
    journal = buildJournal(dir, EXPORT);
    json = execFileSync('journalctl', ['--file', journal, '-o', 'json', '--all', '--no-pager'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'saved.json'), json);
    writeFileSync(join(dir, 'saved.log'), execFileSync('journalctl', ['--file', journal, '-o', 'short-iso', '--all', '--no-pager']));
    // systemd before v240 (CentOS 7) spaced its json: `{ "K" : "v", "MESSAGE" : [ 116, 121, … ] }`.
    const old = json
      .trim()
      .split('\n')
      .map((l) => {
        const o = JSON.parse(l) as Record<string, unknown>;
        const fields = Object.entries(o).map(([k, v]) => `"${k}" : ${Array.isArray(v) ? `[ ${v.join(', ')} ]` : JSON.stringify(v)}`);
        return `{ ${fields.join(', ')} }`;
      });
    writeFileSync(join(dir, 'saved-old.json'), `${old.join('\n')}\n`);
    const clientPub = keygen(join(dir, 'client_key'));
    node = await startSshd(dir, 'node', clientPub, journal);
    const kh = join(dir, 'known_hosts');
    writeFileSync(kh, knownHostsEntry(node));
    ssh = { identity: [join(dir, 'client_key')], knownHosts: kh, agent: null, sshConfigFile: null, defaultKeys: false, askPassphrase: null, home: dir, connectTimeoutMs: 10_000 };
  });

  afterAll(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the real journalctl does print those messages as byte arrays', () => {
    const lines = json.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => l.includes('"MESSAGE":['))).toHaveLength(3);
    expect(lines[2]).toContain('"MESSAGE":"2024/05/14'); // the clean one stays a string
  });

  it.each([
    ['the binary journal', 'x.journal'],
    ['saved journalctl -o json', 'saved.json'],
    ['saved json of systemd before v240', 'saved-old.json'],
    ['saved journalctl -o short-iso --all', 'saved.log'],
  ])('finds every denial in %s', async (_what, file) => {
    const r = await scan([join(dir, file)]);
    expect(r.errors).toEqual([]);
    expect(denied(r)).toEqual(WANT);
    expect(r.stats).toMatchObject({ auditLines: 3, denyLines: 3, malformedLines: 0 });
  });

  it('shows the invalid bytes escaped, not as replacement characters', async () => {
    const r = await scan([join(dir, 'saved.log')]);
    const ex = r.findings.find((f) => f.uid === 'svc-bytes')!.example;
    expect(ex).toContain('request_uri=/mesos/\\xff\\xfe\u0001x uid=svc-bytes');
    expect(ex).not.toContain('\ufffd');
    const fromJournal = await scan([journal]);
    expect(fromJournal.findings.find((f) => f.uid === 'svc-ctl')!.example).toContain('agent="curl/7.1\u001b[31m"');
  });

  it('over SSH the remote filter lets them through: the same denials as the file', async () => {
    const remote = await scan([`ssh://${user}@127.0.0.1:${node.port}`], ssh);
    expect(remote.errors).toEqual([]);
    expect(denied(remote)).toEqual(WANT);
    expect(remote.stats).toMatchObject({ auditLines: 3, denyLines: 3, malformedLines: 0 });
    // …and only the audit lines crossed: the noise entry (bytes too) stayed on the node.
    expect(remote.stats.lines).toBe(3);
  });

  it('over SSH with --uid, the byte-array denial of the wanted uid is found', async () => {
    const remote = await scan([`ssh://${user}@127.0.0.1:${node.port}`], ssh, { uids: ['svc-bytes'], since: null, until: null });
    expect(denied(remote)).toEqual(['svc-bytes dcos:adminrouter:ops:mesos full 1']);
  });
});
