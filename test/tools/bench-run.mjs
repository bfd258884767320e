// Timing helpers of `npm run bench`: whole-process wall time, CPU time and peak RSS of a command
// (GNU time's %U %S %M when /usr/bin/time works, else wall time and VmHWM polled from /proc),
// alternating runs, medians, and a hash of the scan's JSON output.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
const rssFile = join(tmpdir(), `a2g-bench-rss-${process.pid}`);
process.on('exit', () => rmSync(rssFile, { force: true }));

/** stderr kept of a timed run: enough for a warning or an error's message. */
const STDERR_KEPT = 4096;

/**
 * Wall time (ms), CPU time (ms, user+sys, children included; null without GNU time), peak RSS (KiB)
 * and the first STDERR_KEPT bytes of stderr of a command; stdout read from a pipe and discarded, as
 * `| jq` would take it: Node writes a pipe asynchronously, so output written faster than it is read
 * is held in memory (a 10 MB json held whole was 120 MB peak against 91 to /dev/null).
 */
export function timed(cmd, args, env = process.env) {
  return new Promise((resolvePromise, reject) => {
    const [c, a] = gnuTime ? ['/usr/bin/time', ['-f', '%U %S %M', '-o', rssFile, cmd, ...args]] : [cmd, args];
    const t0 = process.hrtime.bigint();
    const child = spawn(c, a, { stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout.resume();
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s) => {
      if (stderr.length < STDERR_KEPT) stderr += s.slice(0, STDERR_KEPT - stderr.length);
    });
    let hwm = 0;
    const poll = gnuTime
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwm = Math.max(hwm, Number(m[1]));
          } catch {
            /* exited */
          }
        }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (poll) clearInterval(poll);
      let cpuMs = null;
      if (gnuTime) {
        const [u, sy, m] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        hwm = m;
        cpuMs = (u + sy) * 1000;
      }
      resolvePromise({ ms, cpuMs, rssKb: hwm, code, stderr });
    });
  });
}

export const median = (xs) => {
  const s = xs.filter((x) => x !== null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Runs each command (`[cmd, args, env?]`) `runs` times, alternating (A B C A B C …) so that load changes hit all of
 * them alike; returns per command the medians of wall and CPU time, the runs, and the peak RSS.
 * What a command says on stderr (a scan's warnings) is printed once, not once a run; all of it
 * when a run fails.
 */
export async function alternate(commands, runs, before = () => {}) {
  const out = commands.map(() => ({ ms: [], cpu: [], rssKb: 0 }));
  const said = new Set();
  for (let i = 0; i < runs; i++) {
    for (const [k, [cmd, args, env]] of commands.entries()) {
      before();
      const r = await timed(cmd, args, env);
      if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}${r.stderr ? `:\n${r.stderr}` : ''}`);
      if (r.stderr && !said.has(r.stderr)) {
        said.add(r.stderr);
        process.stderr.write(`(${[cmd, ...args].join(' ')} said on stderr)\n${r.stderr}`);
      }
      out[k].ms.push(r.ms);
      out[k].cpu.push(r.cpuMs);
      out[k].rssKb = Math.max(out[k].rssKb, r.rssKb);
    }
  }
  return out.map((o) => ({ ...o, medianMs: median(o.ms), medianCpu: median(o.cpu) }));
}

/** The JSON a scan prints, and its hash with the one field that changes from run to run (elapsedMs) blanked. */
export function scanJson(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, env });
  if (r.status !== 0) throw new Error(`scan failed (${r.status}): ${r.stderr}`);
  const doc = JSON.parse(r.stdout);
  const stable = r.stdout.replace(/"elapsedMs": *[0-9.]+/, '"elapsedMs": 0');
  return { doc, hash: createHash('sha256').update(stable).digest('hex').slice(0, 16) };
}

/**
 * The CPU time counters of /proc/stat's first line (all CPUs, in ticks), or null where there is no
 * such file. `steal` is time a virtual CPU was ready to run and the host ran something else: on a
 * busy host it slows every command alike only roughly (a pipeline of three processes and one Node
 * process lose different shares), so a figure taken under it says so.
 */
export function cpuTicks(stat = readProcStat()) {
  const m = stat === null ? null : /^cpu +(.*)$/m.exec(stat);
  if (!m) return null;
  const f = m[1].trim().split(/ +/).map(Number);
  if (f.length < 8 || f.some((x) => !Number.isFinite(x))) return null;
  // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is already in user.
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { steal: f[7], total };
}

function readProcStat() {
  try {
    return readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
}

/** The share of the CPU time between two `cpuTicks` readings that the host took (0..1), or null. */
export function stealShare(before, after) {
  if (!before || !after || after.total <= before.total) return null;
  return (after.steal - before.steal) / (after.total - before.total);
}

/**
 * A fixed piece of pure computation, timed (ms): how fast the CPU the bench runs on is right now. A
 * 2-core VM's virtual CPU ran the same warm loop at 26 ms and at 49-56 ms in the same minutes (the
 * host's core shared with another guest's thread: steal does not count that), and a scan's main
 * thread slows as much; grep's three processes share the two CPUs and slow less.
 */
function probeOnce() {
  const t0 = performance.now();
  probeSink = probeLoop(PROBE_ITERATIONS) ^ probeSink;
  return performance.now() - t0;
}

const PROBE_ITERATIONS = 50_000_000;
let probeSink = 0;
function probeLoop(n) {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + (i & 1023)) | 0;
  return x;
}

/** The CPUs this process may run on (Linux's `taskset -p`), or null where it cannot tell or pin. */
function ownCpus() {
  const r = spawnSync('taskset', ['-c', '-p', String(process.pid)], { encoding: 'utf8' });
  const list = r.status === 0 ? /:\s*([0-9,-]+)\s*$/.exec(r.stdout)?.[1] : undefined;
  if (!list) return null;
  const cpus = list.split(',').flatMap((part) => {
    const [a, b = a] = part.split('-').map(Number);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
  return { list, cpus };
}
const pin = (cpus) => spawnSync('taskset', ['-a', '-c', '-p', cpus, String(process.pid)], { stdio: 'ignore' }).status === 0;

/** Asked and warmed at the first probe, not when the module loads (the tests import it for the rest). */
let allowed;
function probeSetUp() {
  if (allowed !== undefined) return allowed;
  for (let k = 0; k < 30; k++) probeSink ^= probeLoop(1_000_000); // optimized before the first timed probe
  const own = ownCpus();
  allowed = own && own.cpus.length >= 2 ? own : null;
  return allowed;
}

/**
 * The probe on each CPU the bench may use (ms each, in the order of `probeCpus()`), the bench's own
 * threads pinned there in turn; unpinned, one figure, where the CPUs cannot be told apart.
 */
export function speedProbe() {
  const cpus = probeSetUp();
  if (!cpus) return [probeOnce()];
  try {
    return cpus.cpus.map((c) => (pin(String(c)) ? probeOnce() : NaN));
  } finally {
    pin(cpus.list);
  }
}

/** The CPUs speedProbe's figures are of (null: one unpinned figure). */
export const probeCpus = () => probeSetUp()?.cpus ?? null;

/** Output line count of a shell pipeline (the grep side's answer, for the table). */
export function countLines(pipeline) {
  return Number(spawnSync('sh', ['-c', `${pipeline} | wc -l`], { encoding: 'utf8' }).stdout.trim());
}
