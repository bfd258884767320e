// The real binary on a real terminal: a private tmux server (its own socket, killed in afterAll)
// whose sessions run a shell command; the test reads the pane and sends keys only after the pane
// shows their precondition (bounded polls, no fixed sleeps).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { untilWith } from './wait.js';

/** tmux is there (CI installs it; elsewhere these tests are skipped, not failed). */
export const HAVE_TMUX = spawnSync('tmux', ['-V']).status === 0;

/** The built CLI (`npm run build` first). */
export { BIN } from './cli.js';

/** Single-quotes `s` for a POSIX shell. */
export const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** `env HOME=DIR XDG_STATE_HOME=DIR/xdg DCOS_DIR=DIR/dcos`: nothing of the real user's state or CLI config. */
export const isolatedEnv = (dir: string): string => `env HOME=${q(dir)} XDG_STATE_HOME=${q(join(dir, 'xdg'))} DCOS_DIR=${q(join(dir, 'dcos'))}`;

/**
 * A shell prefix that waits until the test calls `signal(channel)` (tmux's `wait-for`, on the pane's
 * own server; a signal sent first is kept), so a pipe can be attached before the program starts.
 */
export const waitForSignal = (channel: string): string => `tmux wait-for ${q(channel)}; `;

/** ESC[2J (clear screen) or ESC[3J (clear scrollback) in raw terminal output. */
export const FULL_CLEAR = /\u001b\[[23]J/;
/** Any SGR sequence (colour, bold, dim, inverse) in raw terminal output. */
export const SGR = /\u001b\[[0-9;]*m/;

/** True once a command's `echo $? > FILE` has written the whole exit code. */
export const exitCodeWritten = (file: string): boolean => existsSync(file) && readFileSync(file, 'utf8').endsWith('\n');

export interface TmuxSession {
  /** Starts the session detached, `cols`×`rows`, running `cmd` in a shell. */
  start(cmd: string, cols?: number, rows?: number): void;
  /** What the pane shows now. */
  pane(): string;
  /** The pane with up to 400 lines of scrollback (e.g. a summary printed at exit). */
  history(): string;
  keys(...keys: string[]): void;
  /** Appends everything the program writes to the pane (escape sequences included) to `file`. */
  pipe(file: string): void;
  /** Wakes the pane's `waitForSignal(channel)` (now, or at once when it comes to it). */
  signal(channel: string): void;
  /** Resizes the window (and so the pane and the program's terminal). */
  resize(cols: number, rows: number): void;
  /** Bounded wait (15 s by default); the timeout message shows the pane. */
  until<T>(what: string, fn: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  kill(): void;
}

export interface TmuxServer {
  /** `tmux -L SOCKET ARGS…`, returning its stdout. */
  tmux(...args: string[]): string;
  session(name: string): TmuxSession;
  /** Kills the server and its sessions (for afterAll); fine if it never started. */
  kill(): void;
}

/** A tmux server on socket `${prefix}-${pid}` (one per test file and process). */
export function tmuxServer(prefix: string): TmuxServer {
  const socket = `${prefix}-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  return {
    tmux,
    session(name) {
      const pane = () => tmux('capture-pane', '-p', '-t', name);
      return {
        start: (cmd, cols = 160, rows = 50) => {
          const args = ['new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), cmd];
          // tmux exits when its last session ends; a new session that meets that exit half-way fails with
          // "server exited unexpectedly" (seen under load). Starting again then gets a fresh server.
          for (let attempt = 1; ; attempt++) {
            try {
              return void tmux(...args);
            } catch (e) {
              if (attempt >= 3 || !String((e as { stderr?: unknown }).stderr ?? e).includes('server exited unexpectedly')) throw e;
            }
          }
        },
        pane,
        history: () => tmux('capture-pane', '-p', '-t', name, '-S', '-400'),
        keys: (...keys) => void tmux('send-keys', '-t', name, ...keys),
        pipe: (file) => void tmux('pipe-pane', '-o', '-t', name, `cat >> ${q(file)}`),
        signal: (channel) => void tmux('wait-for', '-S', channel),
        resize: (cols, rows) => void tmux('resize-window', '-t', name, '-x', String(cols), '-y', String(rows)),
        until: untilWith({ timeoutMs: 15_000, intervalMs: 20, detail: () => `\n--- pane:\n${pane()}` }),
        kill: () => void tmux('kill-session', '-t', name),
      };
    },
    kill() {
      try {
        execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      } catch {
        /* not started, or already gone */
      }
    },
  };
}
