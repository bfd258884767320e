// End to end: `audit2grant scan --all-nodes --jump USER@JUMP` as a process. The sandbox cluster API
// lists one master, 127.0.0.1; the CLI logs in, discovers it, and reads its journal with a real
// OpenSSH sshd (+ real journalctl) through a second sshd used as the jump host. The findings must
// equal those of the same journal file read locally. Needs `npm run build`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { cleanEnv, run } from '../iam/helpers.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from '../integration/sshd.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/export/sample.export');

interface Json {
  findings: Array<{ uid: string; rid: string; action: string; count: number }>;
  stats: { sources: number; denyLines: number };
  errors: unknown[];
}

describe.skipIf(!HAVE_REAL_SSH)('scan --all-nodes through a jump sshd (real OpenSSH, built CLI)', () => {
  let dir: string;
  let journal: string;
  let node: Sshd;
  let jump: Sshd;
  let iam: SandboxIam;
  let env: NodeJS.ProcessEnv;
  const user = userInfo().username;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-allnodes-'));
    const clientPub = keygen(join(dir, 'client_key'));
    journal = buildJournal(dir, readFileSync(FIXTURE));
    [node, jump, iam] = await Promise.all([
      startSshd(dir, 'node', clientPub, journal),
      startSshd(dir, 'jump', clientPub, null),
      startSandboxIam({ nodes: [{ ip: '127.0.0.1', role: 'master' }] }),
    ]);
    // The discovered node is ssh://USER@127.0.0.1 (port 22): ~/.ssh/config says where it listens,
    // as an operator's config would for a non-standard port.
    const home = join(dir, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'config'), `Host 127.0.0.1\n  Port ${node.port}\n`);
    writeFileSync(join(dir, 'known_hosts'), knownHostsEntry(node) + knownHostsEntry(jump));
    env = cleanEnv(dir, { DCOS_PASSWORD: iam.superuser.password, HOME: home });
    delete env.SSH_AUTH_SOCK;
  });

  afterAll(async () => {
    await Promise.all([node?.stop(), jump?.stop(), iam?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('discovers the node, reads it through the jump host, finds what the local file shows', async () => {
    const local = await run(['scan', journal, '--format', 'json'], env);
    expect(local.code).toBe(0);
    const want = JSON.parse(local.stdout) as Json;
    expect(want.findings.length).toBeGreaterThan(3);

    const r = await run(
      [
        'scan', '--all-nodes', '--jump', `${user}@127.0.0.1:${jump.port}`,
        '--cluster-url', iam.httpsUrl, '--ca-cert', iam.caPath, '--login-uid', iam.superuser.uid,
        '-i', join(dir, 'client_key'), '--known-hosts', join(dir, 'known_hosts'), '--format', 'json',
      ],
      env,
    );
    if (r.code !== 0) console.error(r.stderr, r.stdout.slice(0, 2000));
    expect(r.stderr).toContain('audit2grant: discovered 1 master, 0 agents (GET /system/health/v1/nodes)');
    expect(r.stderr).toContain(`as ${user} through ${user}@127.0.0.1:${jump.port}`);
    expect(r.stderr).not.toContain(iam.superuser.password);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as Json;
    expect(got.errors).toEqual([]);
    expect(got.stats.sources).toBe(1);
    const key = (j: Json) => j.findings.map((f) => `${f.uid} ${f.rid} ${f.action} ${f.count}`).sort();
    expect(key(got)).toEqual(key(want));
    expect(iam.requests.some((q) => q.rawPath === '/system/health/v1/nodes' && q.status === 200)).toBe(true);
  }, 30_000);

  it('a refused token: exit 1, one line saying which step failed, nothing read', async () => {
    const r = await run(['scan', '--all-nodes', '--cluster-url', iam.httpUrl, '--token', 'expired-token-xyz'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^audit2grant: --all-nodes: listing the nodes of http:\/\/127\.0\.0\.1:\d+: the cluster refused the auth token from --token \(401/);
    expect(r.stderr).not.toContain('expired-token-xyz');
    expect(r.stdout).toBe('');
  });
});
