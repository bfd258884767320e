// The built CLI as a child process (`npm run build` first): its exit code and whole output. Bounded:
// a run that outlives `timeoutMs` is killed, so a hung CLI fails its test instead of the suite.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI. */
export const BIN = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The whole environment (default: this process's); `NO_COLOR=1` is added unless it sets NO_COLOR. */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin (a string as UTF-8), then closed; without it stdin is /dev/null. */
  input?: string | Buffer;
  cwd?: string;
  timeoutMs?: number;
}

export function runCli(args: readonly string[], o: CliOptions = {}): Promise<CliRun> {
  const env = o.env ?? process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: o.cwd,
      env: 'NO_COLOR' in env ? env : { ...env, NO_COLOR: '1' },
      stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 25_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (o.input !== undefined) child.stdin?.end(o.input);
  });
}
