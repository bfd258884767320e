// Real OpenSSH for tests: an sshd on a free 127.0.0.1 port with a temporary host key and authorized
// key, whose sessions see a `journalctl` that is the real binary pointed at a journal file built
// by systemd-journal-remote (ForceCommand puts a wrapper first on PATH, then runs the client's command).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';
export const JOURNAL_REMOTE = '/lib/systemd/systemd-journal-remote';
export const HAVE_REAL_SSH = existsSync(SSHD) && existsSync(JOURNAL_REMOTE) && existsSync('/usr/bin/ssh-keygen') && existsSync('/usr/bin/journalctl');

export function keygen(file: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'a2g-test', '-f', file], { stdio: 'ignore' });
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

/** Build a binary journal from export-format text with the real systemd-journal-remote. */
export function buildJournal(dir: string, exportText: Buffer | string, name = 'x.journal'): string {
  const input = join(dir, `${name}.export`);
  const out = join(dir, name);
  writeFileSync(input, exportText);
  execFileSync(JOURNAL_REMOTE, ['-o', out, input], { stdio: 'ignore' });
  return out;
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface Sshd {
  port: number;
  hostKeyPub: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Start `sshd -D -e -f CONFIG`. `journal` (optional): sessions run the client's command with a
 * `journalctl` wrapper first on PATH that adds `--file=JOURNAL` and execs the real /usr/bin/journalctl.
 * `tools` (with a journal): more scripts by name put on that PATH (a test's `grep` that paces its output).
 */
export async function startSshd(dir: string, name: string, authorizedKeys: string, journal: string | null, tools: Record<string, string> = {}): Promise<Sshd> {
  const base = join(dir, name);
  mkdirSync(base, { recursive: true });
  const hostKeyPub = keygen(join(base, 'host_key'));
  writeFileSync(join(base, 'authorized_keys'), authorizedKeys + '\n');
  const lines = [
    `ListenAddress 127.0.0.1`,
    `HostKey ${join(base, 'host_key')}`,
    `PidFile ${join(base, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(base, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'AllowTcpForwarding yes',
    'LogLevel INFO',
  ];
  if (journal) {
    const bin = join(base, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'journalctl'), `#!/bin/sh\nexec /usr/bin/journalctl --file='${journal}' "$@"\n`);
    chmodSync(join(bin, 'journalctl'), 0o755);
    for (const [tool, script] of Object.entries(tools)) {
      writeFileSync(join(bin, tool), script);
      chmodSync(join(bin, tool), 0o755);
    }
    writeFileSync(join(base, 'force.sh'), `#!/bin/sh\nPATH='${bin}':/usr/bin:/bin\nexport PATH\nexec /bin/sh -c "$SSH_ORIGINAL_COMMAND"\n`);
    chmodSync(join(base, 'force.sh'), 0o755);
    lines.push(`ForceCommand ${join(base, 'force.sh')}`);
  }
  // sshd as root needs its privilege separation directory (the Debian service creates it at start).
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const cfg = join(base, 'sshd_config');
    writeFileSync(cfg, [`Port ${port}`, ...lines].join('\n') + '\n');
    const proc = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const ok = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      proc.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('Server listening on')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (ok) {
      return {
        port,
        hostKeyPub,
        proc,
        stop: () =>
          new Promise<void>((r) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return r();
            proc.once('exit', () => r());
            proc.kill('SIGTERM');
          }),
      };
    }
    proc.kill('SIGKILL');
    if (attempt >= 2 || !/Address already in use|Bind to port/.test(log)) throw new Error(`sshd did not start: ${log.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

/** The known_hosts line of `s` (`[127.0.0.1]:PORT TYPE KEY`), newline-terminated. */
export function knownHostsEntry(s: Sshd): string {
  return `[127.0.0.1]:${s.port} ${s.hostKeyPub.split(' ').slice(0, 2).join(' ')}\n`;
}
