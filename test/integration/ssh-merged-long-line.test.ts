// Two nodes read into ONE merged stream (real OpenSSH sshd, real journalctl and grep): node A sends a
// journal line over the 1 MiB line cap, node B a denial while A's line is half sent. B's denial must
// be found and attributed to B, A's line counted as cut, and nothing of A's line may join B's.
// The node's `grep` is the real one piped through a pacer, so the order on the wire is forced:
// A's first 1.25 MiB, then B's denial, then the rest of A's line and A's next line. Each pacer
// waits for the test's go, given on what the scan reports it has read (no sleeps).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
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
 * Reads all of grep's output, then writes it in the forced order. Each side waits for the test's
 * `go` (a line on a connection to the test, on 127.0.0.1), at most 20 s: a lone node, or a test that
 * went away (the connection fails or closes), still ends.
 */
const PACER = `
import net from 'node:net';
const [role, port] = process.argv.slice(2);
const go = new Promise((resolve) => {
  const c = net.connect(Number(port), '127.0.0.1', () => c.write(role + '\\n'));
  const done = () => {
    clearTimeout(timer);
    c.destroy();
    resolve();
  };
  const timer = setTimeout(done, 20000);
  c.on('data', (d) => String(d).includes('go') && done());
  c.on('error', done);
  c.on('close', done);
});
const parts = [];
for await (const c of process.stdin) parts.push(c);
const all = Buffer.concat(parts);
const write = (b) => new Promise((r) => process.stdout.write(b, () => r()));
if (role === 'a') {
  await write(all.subarray(0, ${A_FIRST}));
  await go;
  await write(all.subarray(${A_FIRST}));
} else {
  await go;
  await write(all);
}
`;

/**
 * The test's side of the pacers: each connects and names its role; `open(role)` sends it its go
 * (at once if it connects later). `opened` says which gates opened, in order, for the assertion.
 */
async function startGates(): Promise<{ port: number; open(role: 'a' | 'b'): void; reset(): void; opened: string[]; close(): Promise<void> }> {
  const pacers = new Map<string, net.Socket>();
  const conns = new Set<net.Socket>();
  const opened: string[] = [];
  const server = net.createServer((c) => {
    conns.add(c);
    c.on('close', () => conns.delete(c));
    c.on('error', () => undefined);
    c.once('data', (d) => {
      const role = d.toString().trim();
      pacers.set(role, c);
      if (opened.includes(role)) c.write('go\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    opened,
    open(role) {
      if (opened.includes(role)) return;
      opened.push(role);
      pacers.get(role)?.write('go\n');
    },
    reset() {
      opened.length = 0;
      pacers.clear();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const c of conns) c.destroy();
        server.close(() => r());
      }),
  };
}

describe.skipIf(!HAVE_REAL_SSH)('ssh:// merged stream: a line over the cap on one node', () => {
  let dir: string;
  let a: Sshd;
  let b: Sshd;
  let ssh: SshOptions;
  let gates: Awaited<ReturnType<typeof startGates>>;
  const user = userInfo().username;
  const urls = (): string[] => [`ssh://${user}@127.0.0.1:${a.port}`, `ssh://${user}@127.0.0.1:${b.port}`];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-longline-'));
    const clientPub = keygen(join(dir, 'client_key'));
    writeFileSync(join(dir, 'pace.mjs'), PACER);
    gates = await startGates();
    const grep = (role: string): Record<string, string> => ({
      grep: `#!/bin/sh\n/usr/bin/grep "$@" | '${process.execPath}' '${join(dir, 'pace.mjs')}' ${role} ${gates.port}\n`,
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
    await Promise.all([a?.stop(), b?.stop(), gates?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  // B goes once the scan has a MiB of A's line (only its cut head reaches the scanner, so A's reader
  // is past the cap; B has sent nothing yet); A goes on once B's node is read to its end.
  const scan = (merge: boolean): Promise<ScanResult> => {
    gates.reset();
    return runScan({
      sources: urls(),
      filter: { uids: [], since: null, until: null },
      year: 2024,
      signal: new AbortController().signal,
      ssh: { ...ssh, merge },
      onCounts: (c) => c.bytes >= MAX_LINE_BYTES && gates.open('b'),
      onProgress: (p) => p.label === urls()[1] && p.state === 'done' && gates.open('a'),
    });
  };
  const denied = (r: ScanResult): string[] => r.findings.map((f) => `${f.uid} ${f.hosts.join(',')} ${f.count}`).sort();
  const cut = (r: ScanResult): Array<string | null> => (r.warnings ?? []).filter((w) => w.kind === 'long-lines-cut').map((w) => w.message.match(/: (\d+) line\(s\)/)?.[1] ?? null);

  it.each([
    ['merged', true],
    ['one stream per node', false],
  ])("%s: B's denial is whole and B's, A's long line is counted cut, A's next line is read", async (_name, merge) => {
    const r = await scan(merge);
    // Both pacers went on the scan's evidence, in the forced order (not on their own 20 s limit).
    expect(gates.opened).toEqual(['b', 'a']);
    expect(r.errors).toEqual([]);
    expect(denied(r)).toEqual(['svc-a node-a 1', 'svc-b node-b 1']);
    expect(cut(r)).toEqual(['1']);
    // The cut line itself (its first MiB, json cut short), as in a file; nothing read unverified.
    expect(r.stats.malformedLines).toBe(1);
    expect(r.stats.unverifiedLines).toBe(0);
  }, 60_000);
});
