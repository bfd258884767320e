// Two nodes read into ONE merged stream (real OpenSSH sshd, real journalctl and grep): node A sends a
// journal line over the 1 MiB line cap, node B a denial while A's line is half sent. B's denial must
// be found and attributed to B, A's line counted as cut, and nothing of A's line may join B's.
// The node's `grep` is the real one piped through a pacer, so the order on the wire is forced:
// A's first 1.25 MiB, then B's denial, then the rest of A's line and A's next line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/types.js';
import { MAX_LINE_BYTES } from '../../src/core/types.js';
import { runScan } from '../../src/pipeline/scan.js';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

/** What node A's pacer sends before it waits for B: past the cap, so the reader has a runaway line in hand. */
const A_FIRST = MAX_LINE_BYTES + (MAX_LINE_BYTES >> 2);

const deny = (uid: string, agent: string): string =>
  `I0514 09:00:20.222534  3708 logfmt.cpp:178] dstip=10.0.0.1 type=audit timestamp=2024-05-14 09:00:20.222481024+00:00 reason="Authorization denied" uid="${uid}" object="dcos:mesos:master:framework:role:${uid}-role" agent="${agent}" authorizer="mesos-master" action="create" result=deny srcip=10.0.4.21 dstport=5050 srcport=51240`;

function entry(host: string, i: number, message: string): string {
  return (
    `__CURSOR=s=0123;i=${i}\n__REALTIME_TIMESTAMP=${1715677200000000 + i * 1_000_000}\n__MONOTONIC_TIMESTAMP=${i}\n` +
    `_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=${host}\nSYSLOG_IDENTIFIER=mesos-master\n_SYSTEMD_UNIT=dcos-mesos-master.service\n_PID=3708\n` +
    `MESSAGE=${message}\n\n`
  );
}

/**
 * Reads all of grep's output, then writes it in the forced order. Each side waits for the other's
 * flag file (and a little more, for the bytes to cross), at most 20 s: a lone node still ends.
 */
const PACER = `
import { existsSync, writeFileSync } from 'node:fs';
const [role, dir] = process.argv.slice(2);
const parts = [];
for await (const c of process.stdin) parts.push(c);
const all = Buffer.concat(parts);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const after = async (flag) => {
  for (let i = 0; i < 1000 && !existsSync(dir + '/' + flag); i++) await sleep(20);
  await sleep(400);
};
const write = (b) => new Promise((r) => process.stdout.write(b, () => r()));
if (role === 'a') {
  await write(all.subarray(0, ${A_FIRST}));
  writeFileSync(dir + '/a-half', '');
  await after('b-done');
  await write(all.subarray(${A_FIRST}));
} else {
  await after('a-half');
  await write(all);
  writeFileSync(dir + '/b-done', '');
}
`;

describe.skipIf(!HAVE_REAL_SSH)('ssh:// merged stream: a line over the cap on one node', () => {
  let dir: string;
  let a: Sshd;
  let b: Sshd;
  let ssh: SshOptions;
  const user = userInfo().username;
  const urls = (): string[] => [`ssh://${user}@127.0.0.1:${a.port}`, `ssh://${user}@127.0.0.1:${b.port}`];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-longline-'));
    const clientPub = keygen(join(dir, 'client_key'));
    writeFileSync(join(dir, 'pace.mjs'), PACER);
    const grep = (role: string): Record<string, string> => ({
      grep: `#!/bin/sh\n/usr/bin/grep "$@" | '${process.execPath}' '${join(dir, 'pace.mjs')}' ${role} '${dir}'\n`,
    });
    // A: a denial whose agent field alone is 1.5 MiB, then an ordinary one; B: one denial.
    const journalA = buildJournal(dir, entry('node-a', 1, deny('svc-long', 'x'.repeat(MAX_LINE_BYTES + (MAX_LINE_BYTES >> 1)))) + entry('node-a', 2, deny('svc-a', 'curl')), 'a.journal');
    const journalB = buildJournal(dir, entry('node-b', 1, deny('svc-b', 'curl')), 'b.journal');
    a = await startSshd(dir, 'a', clientPub, journalA, grep('a'));
    b = await startSshd(dir, 'b', clientPub, journalB, grep('b'));
    const kh = join(dir, 'known_hosts');
    writeFileSync(kh, knownHostsEntry(a) + knownHostsEntry(b));
    ssh = { identity: [join(dir, 'client_key')], knownHosts: kh, agent: null, sshConfigFile: null, defaultKeys: false, askPassphrase: null, home: dir, connectTimeoutMs: 10_000 };
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const scan = (merge: boolean): Promise<ScanResult> => {
    rmSync(join(dir, 'a-half'), { force: true });
    rmSync(join(dir, 'b-done'), { force: true });
    return runScan({ sources: urls(), filter: { uids: [], since: null, until: null }, year: 2024, signal: new AbortController().signal, ssh: { ...ssh, merge } });
  };
  const denied = (r: ScanResult): string[] => r.findings.map((f) => `${f.uid} ${f.hosts.join(',')} ${f.count}`).sort();
  const cut = (r: ScanResult): Array<string | null> => (r.warnings ?? []).filter((w) => w.kind === 'long-lines-cut').map((w) => w.message.match(/: (\d+) line\(s\)/)?.[1] ?? null);

  it.each([
    ['merged', true],
    ['one stream per node', false],
  ])("%s: B's denial is whole and B's, A's long line is counted cut, A's next line is read", async (_name, merge) => {
    const r = await scan(merge);
    expect(r.errors).toEqual([]);
    expect(denied(r)).toEqual(['svc-a node-a 1', 'svc-b node-b 1']);
    expect(cut(r)).toEqual(['1']);
    // The cut line itself (its first MiB, json cut short), as in a file; nothing read unverified.
    expect(r.stats.malformedLines).toBe(1);
    expect(r.stats.unverifiedLines).toBe(0);
  }, 60_000);
});
