// The built CLI with stdout or stderr that fails: a pipe whose reader left before the first write
// (what `| head -1` becomes) or /dev/full (a full disk). Bounded like helpers/cli.ts.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { BIN } from './cli.js';

/** Where a stream goes: read to the end, a closed pipe, or a device that is always full. */
export type Sink = 'read' | 'closed' | 'full';

export interface SinkRun {
  code: number | null;
  /** What was read from the streams given as 'read' ('' for the others). */
  stdout: string;
  stderr: string;
}

/** Whether /dev/full exists (Linux, and most Unix systems; not macOS). */
export const HAS_DEV_FULL = existsSync('/dev/full');

/** `stdin`: text written to the child's stdin, which then stays open (a `journalctl -f` that never ends). */
export function runWithSinks(args: readonly string[], env: NodeJS.ProcessEnv, sinks: { stdout: Sink; stderr: Sink; stdin?: string }): Promise<SinkRun> {
  const fds: number[] = [];
  const target = (s: Sink) => (s === 'full' ? (fds.push(openSync('/dev/full', 'w')), fds[fds.length - 1] as number) : 'pipe');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: [sinks.stdin === undefined ? 'ignore' : 'pipe', target(sinks.stdout), target(sinks.stderr)] });
    for (const fd of fds) closeSync(fd); // the child holds its own copies
    if (sinks.stdin !== undefined) {
      child.stdin?.on('error', () => undefined); // the child may exit while it is written
      child.stdin?.write(sinks.stdin);
    }
    const text = { stdout: '', stderr: '' };
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = child[name];
      if (!stream) continue;
      // Closed before the child starts: its first write gets EPIPE, as after `head` exits.
      if (sinks[name] === 'closed') stream.destroy();
      else stream.on('data', (d: Buffer) => (text[name] += d.toString()));
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ...text });
    });
  });
}
