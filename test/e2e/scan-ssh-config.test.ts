// `audit2grant scan` as a process, SSH written the way operators write it, against two real sshd
// (a node with a journal, a bastion) and the real OpenSSH client. Needs `npm run build`.
// - ~/.ssh/config (HOME is a temp dir) reaches the node with exactly `ProxyCommand ssh -W %h:%p
//   bastion`, and has a `Match exec` that must not run: one warning on stderr, findings on stdout.
//   The `ssh` on PATH is a wrapper adding `-F` for the bastion's settings: OpenSSH reads the real
//   home's ~/.ssh (from the password database, not $HOME), which a test must not touch.
// - OpenSSH's spellings on the command line: -p, -J, -oKey=Value (attached), -i, -F none.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratch } from '../helpers/tmp.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from '../integration/sshd.js';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
const FIXTURE = join(import.meta.dirname, '../../fixtures/export/sample.export');
const { tmp } = scratch('a2g-e2e-sshcfg-');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Findings of `--format json`, without their example line (over SSH it is the journal's -o json form). */
const withoutExamples = (stdout: string): unknown[] => (JSON.parse(stdout) as { findings: Array<Record<string, unknown>> }).findings.map(({ example: _e, ...f }) => f);

function run(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr })));
}

describe.skipIf(!HAVE_REAL_SSH || !existsSync('/usr/bin/ssh'))('audit2grant scan over SSH as operators write it', () => {
  let dir: string;
  let node: Sshd;
  let bastion: Sshd;
  let key: string;
  const user = userInfo().username;
  let localFindings: unknown;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-habits-'));
    key = join(dir, 'client_key');
    const pub = keygen(key);
    const journal = buildJournal(dir, readFileSync(FIXTURE));
    [node, bastion] = await Promise.all([startSshd(dir, 'node', pub, journal), startSshd(dir, 'bastion', pub, null)]);
    const local = await run(['scan', journal, '--format', 'json'], { ...process.env, NO_COLOR: '1' });
    expect(local.code, local.stderr).toBe(0);
    localFindings = withoutExamples(local.stdout);
    expect((localFindings as unknown[]).length).toBeGreaterThan(3);
  });

  afterAll(async () => {
    await Promise.all([node?.stop(), bastion?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A temp HOME with ~/.ssh/known_hosts holding the node's key, and a clean environment. */
  function home(): { home: string; env: NodeJS.ProcessEnv } {
    const h = tmp();
    mkdirSync(join(h, '.ssh'), { mode: 0o700 });
    writeFileSync(join(h, '.ssh', 'known_hosts'), knownHostsEntry(node));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: h, NO_COLOR: '1', SHELL: '/bin/sh' };
    delete env.SSH_AUTH_SOCK;
    return { home: h, env };
  }

  it('~/.ssh/config: ProxyCommand ssh -W %h:%p bastion; Match exec warned about, never run', async () => {
    const { home: h, env } = home();
    // The real ssh, told where the bastion is.
    const inner = join(h, 'inner_config');
    writeFileSync(join(h, 'inner_known_hosts'), knownHostsEntry(bastion));
    writeFileSync(inner, `Host bastion\n  HostName 127.0.0.1\n  Port ${bastion.port}\n  User ${user}\n  IdentityFile ${key}\n  UserKnownHostsFile ${join(h, 'inner_known_hosts')}\n  BatchMode yes\n`);
    const wrap = join(h, 'bin');
    mkdirSync(wrap);
    writeFileSync(join(wrap, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F '${inner}' "$@"\n`);
    chmodSync(join(wrap, 'ssh'), 0o755);
    const marker = join(h, 'exec-ran');
    const cfg = join(h, '.ssh', 'config');
    writeFileSync(cfg, `Match exec "touch ${marker}"\n  User nobody\nHost node1\n  HostName 127.0.0.1\n  Port ${node.port}\n  User ${user}\n  IdentityFile ${key}\n  ProxyCommand ssh -W %h:%p bastion\n`);
    const r = await run(['scan', 'ssh://node1', '--format', 'json'], { ...env, PATH: `${wrap}:${env.PATH}` });
    expect(r.code, r.stderr).toBe(0);
    expect(withoutExamples(r.stdout)).toEqual(localFindings);
    // This machine's /etc/ssh/ssh_config is read too (no -F): it may add warnings of its own, nothing else.
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toContain(`audit2grant: warning: ${cfg} line 1: "Match exec" is not evaluated by audit2grant (its command is never run); the block is skipped as if it did not match`);
    expect(lines.filter((l) => !l.startsWith('audit2grant: warning: /etc/ssh/') && !l.startsWith(`audit2grant: warning: ${cfg}`))).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });

  it('-p, -oUser=, -i, -F none, -J, -oStrictHostKeyChecking=accept-new', async () => {
    const { home: h, env } = home();
    const kh = join(h, '.ssh', 'known_hosts');
    writeFileSync(kh, ''); // nothing known: accept-new records both hosts
    const args = ['scan', 'ssh://127.0.0.1', '-p', String(node.port), `-oUser=${user}`, '-i', key, '-F', 'none', '-J', `${user}@127.0.0.1:${bastion.port}`, '-oStrictHostKeyChecking=accept-new', '--format', 'json'];
    const r = await run(args, env);
    expect(r.code, r.stderr).toBe(0);
    expect(withoutExamples(r.stdout)).toEqual(localFindings);
    expect(readFileSync(kh, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')[0]).sort()).toEqual([`[127.0.0.1]:${bastion.port}`, `[127.0.0.1]:${node.port}`].sort());
    // Now known: strict works, and -o StrictHostKeyChecking=no is refused as a usage error.
    expect((await run(args.filter((a) => !a.startsWith('-oStrict')), env)).code).toBe(0);
    const no = await run([...args.filter((a) => !a.startsWith('-oStrict')), '-o', 'StrictHostKeyChecking=no'], env);
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(/^audit2grant: -o StrictHostKeyChecking=no: audit2grant never turns host key checking off/);
  });
});
