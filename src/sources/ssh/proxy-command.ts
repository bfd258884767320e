// ProxyCommand run as OpenSSH runs it (sshconnect.c): `exec COMMAND` through `$SHELL -c` (else
// /bin/sh), its stdin and stdout the SSH transport, its stderr kept (the last lines, for the error
// message) rather than interleaved with the scan's output. The host key is still checked by the SSH
// handshake that runs over it, against the target's name. Destroying the stream kills the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';
import { remoteText } from '../../core/text.js';

const STDERR_TAIL = 4096;
const KILL_GRACE_MS = 2000;

export class ProxyStream extends Duplex {
  private readonly child: ChildProcess;
  private readonly shell: string;
  private stderrTail = '';
  private spawnError: NodeJS.ErrnoException | null = null;
  /** Set once the process exited and its output was read. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  /**
   * `from` names it in messages (`~/.ssh/config line 4`): the command itself is not repeated, it
   * may hold a secret.
   */
  constructor(
    command: string,
    private readonly from: string,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    super({ allowHalfOpen: false });
    this.shell = env.SHELL || '/bin/sh';
    const child = spawn(this.shell, ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => {
      if (!this.push(d)) child.stdout!.pause();
    });
    child.stderr!.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-STDERR_TAIL);
    });
    // Writes after the process exited fail with EPIPE: its exit status tells the story instead.
    child.stdin!.on('error', () => undefined);
    child.on('error', (e: NodeJS.ErrnoException) => {
      this.spawnError = e;
      this.destroy(new Error(this.describe()));
    });
    // 'close': exited and every output read, so the status is known when the transport ends.
    child.on('close', (code, signal) => {
      this.exit = { code, signal };
      this.push(null);
    });
  }

  override _read(): void {
    this.child.stdout?.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (!this.child.stdin?.writable) return cb();
    this.child.stdin.write(chunk, () => cb());
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.child.stdin?.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.kill();
    cb(err);
  }

  /** SIGTERM, then SIGKILL if it is still there after a grace period. */
  kill(): void {
    const c = this.child;
    if (c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return;
    c.stdin?.destroy();
    c.kill('SIGTERM');
    const t = setTimeout(() => {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }, KILL_GRACE_MS);
    t.unref();
    c.once('exit', () => clearTimeout(t));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last non-empty line the command wrote on stderr, control characters escaped. */
  lastStderrLine(): string | null {
    const lines = this.stderrTail.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const last = lines.at(-1);
    if (last === undefined) return null;
    return remoteText(last);
  }

  /** One line: why the transport ended (spawn failure, exit status, last stderr line). */
  describe(): string {
    if (this.spawnError) return `cannot run ProxyCommand (${this.from}) through ${this.shell}: ${this.spawnError.code ?? this.spawnError.message}`;
    const last = this.lastStderrLine();
    const how = !this.exit ? 'ended' : this.exit.signal ? `was killed by ${this.exit.signal}` : `exited with status ${this.exit.code}`;
    return `ProxyCommand (${this.from}) ${how}${last ? `: ${last}` : ''}`;
  }
}
