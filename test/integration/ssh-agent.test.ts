// Real ssh-agent: SSH_AUTH_SOCK points at an OpenSSH ssh-agent started by the test, HOME at an
// empty temp dir (no default keys, no ~/.ssh/config), and the scan over ssh:// against a real sshd
// + journalctl must equal the scan of the same journal file. Also: an agent holding only keys the
// server refuses, a dead or stale SSH_AUTH_SOCK, and an agent that never answers.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/types.js';
import { runScan } from '../../src/pipeline/scan.js';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import { connectOnce } from '../sources/ssh/helpers.js';
import { essence } from './scan-essence.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/export/sample.export');
const HAVE_AGENT = HAVE_REAL_SSH && existsSync('/usr/bin/ssh-agent') && existsSync('/usr/bin/ssh-add');
const PASSPHRASE = 'agent test passphrase';

interface Agent {
  sock: string;
  proc: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `ssh-agent -D -a SOCK`: it prints SSH_AUTH_SOCK=… once the socket listens. */
async function startAgent(sock: string): Promise<Agent> {
  const proc = spawn('ssh-agent', ['-D', '-a', sock], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> =>
    new Promise<void>((r) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return r();
      proc.once('exit', () => r());
      proc.kill(signal);
    });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ssh-agent did not start within 5 s: ${out}`)), 5_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('SSH_AUTH_SOCK=')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ssh-agent exited (${code}): ${out}`));
    });
  }).catch(async (e: unknown) => {
    await stop('SIGKILL');
    throw e;
  });
  return { sock, proc, stop };
}

/** `ssh-add FILE`, the passphrase (if any) given by an SSH_ASKPASS script, never by a terminal. */
function sshAdd(agent: Agent, file: string, askpass: string): void {
  execFileSync('ssh-add', [file], {
    env: { PATH: process.env.PATH, SSH_AUTH_SOCK: agent.sock, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', A2G_TEST_PASS: PASSPHRASE },
    stdio: 'ignore',
    timeout: 5_000,
  });
}

function agentKeys(agent: Agent): string[] {
  const out = execFileSync('ssh-add', ['-L'], { env: { PATH: process.env.PATH, SSH_AUTH_SOCK: agent.sock }, timeout: 5_000 }).toString();
  return out.trim().split('\n').map((l) => l.split(' ').slice(0, 2).join(' '));
}

const pubOf = (file: string): string => readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');

describe.skipIf(!HAVE_AGENT)('ssh:// authenticated by a real ssh-agent', () => {
  let dir: string;
  let home: string;
  let journal: string;
  let node: Sshd;
  let jump: Sshd;
  let plainAgent: Agent; // holds the unencrypted authorized key
  let encAgent: Agent; // holds the passphrase-protected authorized key
  let wrongAgent: Agent; // holds a key the server does not accept
  let staleSock: string; // socket file of a killed agent: ECONNREFUSED
  let hungSock: string; // accepts connections, never answers
  let hung: net.Server;
  const hungConns = new Set<net.Socket>();
  let local: ScanResult;
  let plainKey: string;
  let encKey: string;
  let url: string;
  const saved = { SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK, HOME: process.env.HOME };
  const user = userInfo().username;
  const prompts: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-agent-'));
    home = join(dir, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
    process.env.HOME = home;
    plainKey = join(dir, 'plain_key');
    encKey = join(dir, 'enc_key');
    const wrongKey = join(dir, 'wrong_key');
    const authorized = [keygen(plainKey), encryptedKeygen(encKey)].join('\n');
    keygen(wrongKey);
    const askpass = join(dir, 'askpass.sh');
    writeFileSync(askpass, '#!/bin/sh\nprintf "%s\\n" "$A2G_TEST_PASS"\n');
    chmodSync(askpass, 0o700);

    journal = buildJournal(dir, readFileSync(FIXTURE));
    [node, jump, plainAgent, encAgent, wrongAgent] = await Promise.all([
      startSshd(dir, 'node', authorized, journal),
      startSshd(dir, 'jump', authorized, null),
      startAgent(join(dir, 'plain.sock')),
      startAgent(join(dir, 'enc.sock')),
      startAgent(join(dir, 'wrong.sock')),
    ]);
    sshAdd(plainAgent, plainKey, askpass);
    sshAdd(encAgent, encKey, askpass);
    sshAdd(wrongAgent, wrongKey, askpass);
    expect(agentKeys(plainAgent)).toEqual([pubOf(plainKey)]);
    expect(agentKeys(encAgent)).toEqual([pubOf(encKey)]);
    expect(agentKeys(wrongAgent)).toEqual([pubOf(wrongKey)]);

    // A stale socket: the agent was killed, its socket file stays and refuses connections.
    const stale = await startAgent(join(dir, 'stale.sock'));
    await stale.stop('SIGKILL');
    staleSock = stale.sock;
    expect(existsSync(staleSock)).toBe(true);

    hungSock = join(dir, 'hung.sock');
    hung = net.createServer((c) => hungConns.add(c)); // reads nothing, answers nothing
    await new Promise<void>((r) => hung.listen(hungSock, r));

    writeFileSync(join(home, '.ssh', 'known_hosts'), knownHostsEntry(node) + knownHostsEntry(jump));
    url = `ssh://${user}@127.0.0.1:${node.port}`;
    local = await runScan({ sources: [journal], filter: { uids: [], since: null, until: null }, year: null, signal: new AbortController().signal });
    expect(local.errors).toEqual([]);
    expect(local.findings.length).toBeGreaterThan(3);
  });

  afterAll(async () => {
    process.env.SSH_AUTH_SOCK = saved.SSH_AUTH_SOCK;
    if (saved.SSH_AUTH_SOCK === undefined) delete process.env.SSH_AUTH_SOCK;
    process.env.HOME = saved.HOME;
    for (const c of hungConns) c.destroy();
    await Promise.all([node?.stop(), jump?.stop(), plainAgent?.stop(), encAgent?.stop(), wrongAgent?.stop(), new Promise<void>((r) => (hung ? hung.close(() => r()) : r()))]);
    for (const a of [plainAgent, encAgent, wrongAgent]) if (a) expect(a.proc.exitCode ?? a.proc.signalCode).not.toBeNull();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Scan with SSH_AUTH_SOCK = `sock` and the defaults otherwise: agent from the environment, keys
   * and known_hosts under HOME. Every passphrase prompt is recorded and refused.
   */
  const scan = (sock: string | undefined, extra: SshOptions = {}): Promise<ScanResult> => {
    if (sock === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = sock;
    const ssh: SshOptions = {
      askPassphrase: (file) => {
        prompts.push(file);
        return Promise.reject(new Error('no passphrase in this test'));
      },
      connectTimeoutMs: 4_000,
      // This machine's /etc/ssh files are not part of the test.
      systemSshConfigFile: null,
      globalKnownHosts: [],
      ...extra,
    };
    return runScan({ sources: [url], filter: { uids: [], since: null, until: null }, year: null, signal: new AbortController().signal, ssh });
  };

  it('an agent-held key alone gets in (no identity file, no default key): the scan equals the file scan', async () => {
    // Both read SSH_AUTH_SOCK at once; the second authenticates the jump host through the agent too.
    const [direct, jumped] = await Promise.all([scan(plainAgent.sock), scan(plainAgent.sock, { jump: `${user}@127.0.0.1:${jump.port}` })]);
    expect(essence(direct)).toEqual(essence(local));
    expect(essence(jumped)).toEqual(essence(local));
    expect(prompts).toEqual([]);
  });

  it('an encrypted identity file whose key is in the agent is used through the agent, without a prompt', async () => {
    // Alongside: without an agent (agent: null = no SSH_AUTH_SOCK) the same file needs its
    // passphrase: the prompt is asked, refused, and reported.
    const [remote, alone] = await Promise.all([scan(encAgent.sock, { identity: [encKey] }), scan(encAgent.sock, { identity: [encKey], agent: null })]);
    expect(essence(remote)).toEqual(essence(local));
    expect(prompts).toEqual([encKey]); // the agent-less scan's only
    prompts.length = 0;
    expect(alone.findings).toEqual([]);
    expect(alone.errors).toHaveLength(1);
    expect(alone.errors[0]?.message).toContain(`identity ${encKey}: no passphrase in this test`);
  });

  it('IdentitiesOnly: the agent offers only keys of the identity files (matched by FILE.pub), as OpenSSH does', async () => {
    // The agent holds the authorized plain key, but only wrong_key is named: it must not be offered.
    const wrongKey = join(dir, 'wrong_key');
    const [refused, viaAgent] = await Promise.all([
      scan(plainAgent.sock, { identity: [wrongKey], identitiesOnly: true }),
      // The encrypted key is named and is in the agent: the agent signs, no prompt.
      scan(encAgent.sock, { identity: [encKey], identitiesOnly: true }),
    ]);
    expect(refused.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^authentication failed for .*: tried ssh-agent \(IdentitiesOnly: only keys of the identity files\), .*wrong_key/)]);
    expect(essence(viaAgent)).toEqual(essence(local));
    expect(prompts).toEqual([]);
    // Without IdentitiesOnly the same agent gets in (the control).
    expect(essence(await scan(plainAgent.sock, { identity: [wrongKey] }))).toEqual(essence(local));
  });

  it('an agent holding no authorized key: a clear auth failure naming the user, host and port', async () => {
    const r = await scan(wrongAgent.sock);
    expect(r.findings).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.source).toBe(url);
    expect(r.errors[0]?.message).toMatch(new RegExp(`^authentication failed for ${user}@127\\.0\\.0\\.1:${node.port}: tried ssh-agent, default keys; `));
    expect(r.errors[0]?.message).toContain('authorized_keys');
    // The same failure as an error: an authentication failure, which no reconnect cures (scan() set SSH_AUTH_SOCK).
    const e = await connectOnce(url, { askPassphrase: null, connectTimeoutMs: 4_000, systemSshConfigFile: null, globalKnownHosts: [] });
    expect(e).toMatchObject({ kind: 'auth', retriable: false, message: r.errors[0]?.message });
  });

  it('an agent with a refused key falls through to -i', async () => {
    const remote = await scan(wrongAgent.sock, { identity: [plainKey] });
    expect(essence(remote)).toEqual(essence(local));
  });

  for (const kind of ['missing', 'stale'] as const) {
    it(`SSH_AUTH_SOCK pointing to a ${kind} socket: falls back to -i, and without one says why`, async () => {
      const sock = kind === 'missing' ? join(dir, 'no-such.sock') : staleSock;
      const t0 = Date.now();
      // A handshake timeout far above the run's own time: a loaded CI machine must not reach the bound by accident.
      const [remote, failed] = await Promise.all([scan(sock, { identity: [plainKey], connectTimeoutMs: 10_000 }), scan(sock, { connectTimeoutMs: 10_000 })]);
      expect(Date.now() - t0).toBeLessThan(7_000); // well below the 10 s handshake timeout
      expect(essence(remote)).toEqual(essence(local));
      expect(failed.errors).toHaveLength(1);
      expect(failed.errors[0]?.message).toMatch(new RegExp(`^authentication failed for ${user}@127\\.0\\.0\\.1:${node.port}: tried ssh-agent, default keys \\(ssh-agent at ${sock}: `));
      expect(failed.errors[0]?.message).toContain(`ssh-agent at ${sock}: cannot connect (${kind === 'missing' ? 'ENOENT' : 'ECONNREFUSED'}: a stale SSH_AUTH_SOCK?)`);
    });
  }

  it('an agent that never answers: -i still gets in, and without -i the failure says so, well before the handshake timeout', async () => {
    const t0 = Date.now();
    // Listing the agent's keys is bounded by a quarter of the handshake timeout (here 2 s of 8): 4 s
    // of room between the bound and the handshake's end, so load cannot pass the one for the other.
    const [remote, failed] = await Promise.all([scan(hungSock, { identity: [plainKey], connectTimeoutMs: 8_000 }), scan(hungSock, { connectTimeoutMs: 8_000 })]);
    expect(Date.now() - t0).toBeLessThan(6_000);
    expect(essence(remote)).toEqual(essence(local));
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors[0]?.message).toMatch(new RegExp(`^authentication failed for ${user}@127\\.0\\.0\\.1:${node.port}: `));
    expect(failed.errors[0]?.message).toContain(`ssh-agent at ${hungSock}: no answer within 2.0 s`);
    expect(hungConns.size).toBeGreaterThan(0); // the agent was asked, and did not answer
  });
});

/** ssh-keygen with a passphrase (the helper in sshd.ts makes unencrypted keys). */
function encryptedKeygen(file: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-C', 'a2g-test-enc', '-f', file], { stdio: 'ignore' });
  return readFileSync(`${file}.pub`, 'utf8').trim();
}
