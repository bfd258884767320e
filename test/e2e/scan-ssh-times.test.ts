// `--since`/`--until` in journalctl's own syntax reach the remote journalctl: the same parser reads
// them, the node's journalctl gets the window as @EPOCH (no shell or locale surprise) and cuts there,
// so only the wanted entries cross the network. Built CLI, real OpenSSH sshd and journalctl.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../iam/helpers.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from '../integration/sshd.js';

const MIN = 60_000;

function exportEntry(i: number, at: number, uid: string): string {
  const msg = `2024/05/14 09:00:10 [notice] 1240#0: *${i} [lua] auth.lua:186: auditlog(): type=audit timestamp=${new Date(at).toISOString().replace(/\.\d+Z$/, 'Z')} authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.4.21 srcport=40312 request_uri=/mesos uid=${uid}, client: 10.0.4.21, server: master.mesos, request: "GET /mesos HTTP/1.1", host: "10.0.0.1"`;
  return `__CURSOR=s=0123;i=${i}\n__REALTIME_TIMESTAMP=${at * 1000}\n__MONOTONIC_TIMESTAMP=${i}\n_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=m1\nSYSLOG_IDENTIFIER=nginx\n_SYSTEMD_UNIT=dcos-adminrouter.service\nMESSAGE=${msg}\n\n`;
}

describe.skipIf(!HAVE_REAL_SSH)('scan ssh://… --since in journalctl syntax', () => {
  let dir: string;
  let node: Sshd;
  let env: NodeJS.ProcessEnv;
  let base: string[];
  const now = Date.now();
  const user = userInfo().username;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-ssh-times-'));
    const journal = buildJournal(dir, exportEntry(1, now - 180 * MIN, 'svc-old') + exportEntry(2, now - 30 * MIN, 'svc-recent'));
    node = await startSshd(dir, 'node', keygen(join(dir, 'client_key')), journal);
    writeFileSync(join(dir, 'known_hosts'), knownHostsEntry(node));
    const home = join(dir, 'home');
    mkdirSync(home);
    env = cleanEnv(dir, { HOME: home });
    delete env.SSH_AUTH_SOCK;
    base = ['scan', `ssh://${user}@127.0.0.1:${node.port}`, '-i', join(dir, 'client_key'), '--known-hosts', join(dir, 'known_hosts'), '--json'];
  });

  afterAll(async () => {
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [[], ['svc-old', 'svc-recent'], 2],
    [['--since', '1 hour ago'], ['svc-recent'], 1],
    [['--since', '-2h'], ['svc-recent'], 1],
    [['--since', `@${Math.floor((now - 60 * MIN) / 1000)}`], ['svc-recent'], 1],
    [['--since', 'yesterday'], ['svc-old', 'svc-recent'], 2],
    [['--until', '2 hours ago'], ['svc-old'], 1],
    [['--since', '4h', '--until', '-1h'], ['svc-old'], 1],
  ])('%j', async (args, uids, crossed) => {
    const r = await run([...base, ...args], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { findings: { uid: string }[]; stats: { lines: number } };
    expect(doc.findings.map((f) => f.uid).sort()).toEqual(uids);
    // The node's journalctl cut the window: only those entries crossed the network.
    expect(doc.stats.lines).toBe(crossed);
  }, 30_000);
});
