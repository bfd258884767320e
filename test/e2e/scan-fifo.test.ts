// `audit2grant scan LOG FIFO` with the built CLI (`npm run build` first) when nothing ever writes
// to the FIFO: the first SIGINT or SIGTERM ends the scan at once with its summary (what LOG
// showed) and exit 1, the code of an interrupted scan (README, Commands).
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ar, plain } from '../pipeline/lines.js';
import { scratch } from '../helpers/tmp.js';
import { untilWith } from '../helpers/wait.js';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
const { tmp } = scratch('a2g-e2e-fifo-');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
const until = untilWith({ timeoutMs: 10_000, intervalMs: 10 });

/** Whether process `pid` holds `path` open (Linux: /proc/PID/fd): the CLI got past open(). */
function holdsOpen(pid: number, path: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

describe.skipIf(process.platform !== 'linux')('audit2grant scan on a FIFO nobody writes to', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s ends it at once with the summary of what was read, exit 1', async (signal) => {
    const dir = tmp();
    const log = join(dir, 'journal.log');
    writeFileSync(log, `${plain(1)}\n${ar({ uid: 'svc1' })}\n`);
    const fifo = join(dir, 'node.fifo');
    execFileSync('mkfifo', [fifo]);
    const child = spawn(process.execPath, [bin, 'scan', '--format', 'json', log, fifo], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const out = { stdout: '', stderr: '', code: null as number | null, closed: false };
    child.stdout.on('data', (d) => (out.stdout += d));
    child.stderr.on('data', (d) => (out.stderr += d));
    child.on('close', (code) => {
      out.code = code;
      out.closed = true;
    });
    await until(`the CLI to open the FIFO (stderr: ${out.stderr})`, () => holdsOpen(child.pid!, fifo));
    expect(out.closed).toBe(false); // waiting for a writer
    const t0 = performance.now();
    child.kill(signal);
    await until('the exit after one signal', () => out.closed, 5_000);
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(out.code, out.stderr).toBe(1);
    const doc = JSON.parse(out.stdout) as { findings: Array<{ uid: string }>; stats: { sources: number; lines: number } };
    expect(doc.findings.map((f) => f.uid)).toEqual(['svc1']);
    expect(doc.stats).toMatchObject({ sources: 2, lines: 2 });
    expect(out.stderr).toMatch(/^audit2grant: interrupted: the results above are partial$/m);
  });
});
