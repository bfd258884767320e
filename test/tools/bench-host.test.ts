import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
// @ts-expect-error plain .mjs script without types
import { cpuTicks, probeCpus, speedProbe, stealShare } from './bench-run.mjs';

// The bench says what the host did to its figures: how much of the machine's CPU time it took (a
// VM's steal, from /proc/stat's first line, all CPUs together), and how fast each CPU ran a fixed
// loop before every run.
const STAT = (user: number, steal: number) =>
  `cpu  ${user} 0 100 1000 5 0 2 ${steal} 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\nintr 1 2 3\n`;

describe('bench: the host steal share', () => {
  it('reads steal and the total of the first eight counters (guest time is inside user)', () => {
    expect(cpuTicks(STAT(500, 40))).toEqual({ steal: 40, total: 500 + 100 + 1000 + 5 + 2 + 40 });
  });

  it('takes the share of the time between two readings', () => {
    const a = cpuTicks(STAT(500, 40));
    const b = cpuTicks(STAT(700, 140)); // +200 user, +100 steal
    expect(stealShare(a, b)).toBeCloseTo(100 / 300, 10);
  });

  it('says nothing where the machine does not (no file, another layout, no time passed)', () => {
    expect(cpuTicks(null)).toBeNull();
    expect(cpuTicks('intr 1 2 3\n')).toBeNull();
    expect(cpuTicks('cpu  1 2 3\n')).toBeNull();
    const a = cpuTicks(STAT(500, 40));
    expect(stealShare(a, a)).toBeNull();
    expect(stealShare(null, a)).toBeNull();
  });

  it('reads this machine\'s file when it has one', () => {
    const t = cpuTicks();
    if (t === null) return; // not Linux
    expect(t.total).toBeGreaterThan(0);
    expect(t.steal).toBeGreaterThanOrEqual(0);
  });
});

describe('bench: the CPU speed probe', () => {
  const mask = (): string | null => {
    const r = spawnSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.split(':').pop()!.trim() : null;
  };

  it('times the loop once per CPU it can pin itself to (else once), and leaves its CPUs as they were', () => {
    const before = mask();
    const ms = speedProbe() as number[];
    const cpus = probeCpus() as number[] | null;
    expect(ms).toHaveLength(cpus === null ? 1 : cpus.length);
    for (const x of ms) expect(x).toBeGreaterThan(0);
    expect(mask()).toBe(before);
  });
});
