// Without --uid, distinct findings are kept up to a memory bound (src/core/findings/bound.ts): one
// principal past its share of it. The built CLI as a process (`npm run build` first): the warning,
// the partial verdict in each format, the exit codes, and --uid, which is never bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli, type CliRun } from '../helpers/cli.js';
import { untilWith } from '../helpers/wait.js';
import { ar } from '../pipeline/lines.js';

/** Distinct rids one account is denied: past its share (a quarter of the budget, ~2,200 of these lines). */
const FLOOD = 3000;
let dir: string;
let log: string;
const warnings = (r: CliRun): string[] => r.stderr.split('\n').filter((l) => l.startsWith('audit2grant: warning: '));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-bound-'));
  log = join(dir, 'flood.log');
  const lines = Array.from({ length: FLOOD }, (_, i) => ar({ uid: 'mallory', rid: `dcos:adminrouter:service:probe-${i}`, path: `/service/probe-${i}`, conn: i }));
  // A real service account denied after the flood: the share leaves it room.
  lines.push(ar({ uid: 'svc-real', rid: 'dcos:adminrouter:ops:mesos' }), ar({ uid: 'svc-real', rid: 'dcos:adminrouter:ops:metadata', path: '/metadata' }), '');
  writeFileSync(log, lines.join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('distinct findings past the memory bound', () => {
  it('table: one named warning on stderr, the summary says partial, the later account is kept, exit 0', async () => {
    const r = await runCli(['scan', log]);
    expect(r.code).toBe(0);
    expect(warnings(r)).toEqual([expect.stringMatching(/distinct finding\(s\) \(\d+ denial\(s\) of 1 principal\(s\): mallory \(\d+\)\) were counted but not kept.*--uid UID/)]);
    expect(r.stdout).toContain('svc-real  (2 findings)');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/ · partial: \d+ not kept$/);
    expect(r.stdout).not.toContain('No permission denials found');
  });

  it('json: the warning kind and exact totals (kept counts plus not kept = every denial)', async () => {
    const r = await runCli(['scan', log, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      findings: { uid: string; count: number }[];
      findingsNotKept: { findings: number; denials: number; top: { uid: string }[] };
      stats: { denyLines: number };
      warnings: { kind: string }[];
    };
    expect(doc.warnings.map((w) => w.kind)).toEqual(['findings-not-kept']);
    const kept = doc.findings.filter((f) => f.uid === 'mallory').length;
    expect(kept).toBeGreaterThan(1000);
    expect(doc.findingsNotKept).toMatchObject({ findings: FLOOD - kept, denials: FLOOD - kept, top: [{ uid: 'mallory' }] });
    expect(doc.findings.reduce((n, f) => n + f.count, 0) + doc.findingsNotKept.denials).toBe(doc.stats.denyLines);
  });

  it('--fail-on-findings: findings were found (3), the warning still printed', async () => {
    const r = await runCli(['scan', log, '--fail-on-findings']);
    expect(r.code).toBe(3);
    expect(warnings(r)).toHaveLength(1);
  });

  it('--format dcos: the script says PARTIAL before its first grant', async () => {
    const r = await runCli(['scan', log, '--format', 'dcos']);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/^# PARTIAL: \d+ distinct finding\(s\)/);
    expect(lines.findIndex((l) => l.startsWith('dcos security org users grant'))).toBeGreaterThan(1);
  });

  it('--uid: the account named is never bounded, every finding kept, no warning', async () => {
    const r = await runCli(['scan', log, '--uid', 'mallory', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { findings: unknown[]; warnings: unknown[] };
    expect(doc.findings).toHaveLength(FLOOD);
    expect(doc).not.toHaveProperty('findingsNotKept');
    expect(doc.warnings).toEqual([]);
    expect(warnings(r)).toEqual([]);
  });
});

describe('scan --follow past the memory bound', () => {
  it('says so on stderr when it happens, not only at the end', async () => {
    const child = spawn(process.execPath, [BIN, 'scan', '--follow', '--format', 'ndjson', log], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '', code: null as number | null, closed: false };
    child.stdout.on('data', (d) => (out.stdout += d));
    child.stderr.on('data', (d) => (out.stderr += d));
    child.on('close', (code) => Object.assign(out, { code, closed: true }));
    const until = untilWith({ timeoutMs: 15_000, intervalMs: 20 });
    try {
      await until(`the live warning (stderr: ${out.stderr})`, () => out.stderr.includes('are no longer kept (without --uid)'));
      await until('every finding streamed', () => out.stdout.includes('"uid":"svc-real","rid":"dcos:adminrouter:ops:metadata"'));
      expect(out.closed).toBe(false); // still following
      child.kill('SIGINT');
      await until('the exit', () => out.closed);
      expect(out.code).toBe(0);
      expect(out.stderr).toMatch(/warning: .* were counted but not kept/);
      const records = out.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string });
      expect(records.filter((r) => r.type === 'findingsNotKept')).toHaveLength(1);
    } finally {
      if (!out.closed) child.kill('SIGKILL');
    }
  });
});
