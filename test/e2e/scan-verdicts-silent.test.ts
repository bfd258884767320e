// Silence that is not a verdict (docs/verdicts.md): audit lines all malformed, all outside the
// window, a file of a directory that is no log, `[N blob data]` placeholders, an interrupted scan.
// The built CLI as a process (`npm run build` first): what a script sees (headline, json
// `warnings`, the exit code with --fail-on-findings).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { utf32le, xzMagicFile } from '../helpers/silent.js';
import { BIN, runCli, type CliRun } from '../helpers/cli.js';
import { ar, mesos, plain } from '../pipeline/lines.js';

const bundle = fileURLToPath(new URL('../../fixtures/bundle/bundle-new.zip', import.meta.url));
let dir: string;
const cli = (args: string[], input?: string): Promise<CliRun> => runCli(args, { input });
const warnings = (r: CliRun): string[] => r.stderr.split('\n').filter((l) => l.startsWith('audit2grant: warning: '));
const kinds = (r: CliRun): string[] => (JSON.parse(r.stdout) as { warnings: { kind: string }[] }).warnings.map((w) => w.kind);

/** A Mesos deny cut before its result (a logger's length limit): malformed. */
const cutMesos = (): string => mesos('svc2').replace(/result=deny.*$/, 'result=');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-silent-'));
  writeFileSync(join(dir, 'malformed.log'), [plain(1), cutMesos(), cutMesos(), ''].join('\n'));
  writeFileSync(join(dir, 'blob.log'), [plain(1), '2019-03-01T12:00:01+0000 m1 nginx[1240]: [1.1K blob data]', ar({ uid: 'svc1', result: 'allow' }), ''].join('\n'));
  mkdirSync(join(dir, 'mix'));
  writeFileSync(join(dir, 'mix', 'master-1.log'), [plain(1), ar({ uid: 'svc1', result: 'allow' }), ''].join('\n'));
  writeFileSync(join(dir, 'mix', 'master-2.log'), utf32le(`${mesos('svc2')}\n`));
  mkdirSync(join(dir, 'mix2'));
  writeFileSync(join(dir, 'mix2', 'master-1.log'), [plain(1), ar({ uid: 'svc1', result: 'allow' }), ''].join('\n'));
  xzMagicFile(join(dir, 'mix2', 'master-2.log.xz'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every audit line read was malformed', () => {
  it('no verdict: a warning, the headline, exit 1 with --fail-on-findings', async () => {
    const r = await cli(['scan', join(dir, 'malformed.log'), '--fail-on-findings']);
    expect(r.code).toBe(1);
    expect(warnings(r)).toEqual([expect.stringContaining('every audit line read (2) was malformed')]);
    expect(r.stdout).toMatch(/^No verdict: every audit line read was malformed/);
    expect(r.stdout).not.toContain('No permission denials found');
    const j = await cli(['scan', join(dir, 'malformed.log'), '--json']);
    expect(j.code).toBe(0);
    expect(kinds(j)).toEqual(['untrusted-audit-lines']);
  });

  it('one good allow among them is a verdict', async () => {
    const r = await cli(['scan', '-', '--fail-on-findings'], [cutMesos(), ar({ uid: 'svc1', result: 'allow' }), ''].join('\n'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No permission denials found\./);
  });
});

describe('a time window that excludes every line', () => {
  it('--since 1h on an old bundle: a warning, no verdict, exit 1', async () => {
    const r = await cli(['scan', bundle, '--since', '1h', '--fail-on-findings', '--json']);
    expect(r.code).toBe(1);
    expect(kinds(r)).toEqual(['outside-window']);
    const t = await cli(['scan', bundle, '--since', '1h']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^No verdict: every audit line read falls outside --since\/--until/);
  });

  it('a window that holds the denials is unchanged (findings, exit 3)', async () => {
    const r = await cli(['scan', bundle, '--since', '2000-01-01', '--fail-on-findings', '--json']);
    expect(r.code).toBe(3);
    expect(kinds(r)).toEqual([]);
  });
});

describe('a directory where one file is no log of a known form', () => {
  it.each([
    ['UTF-32', 'mix', 'master-2.log'],
    ['xz', 'mix2', 'master-2.log.xz'],
  ])('%s: the file named in a warning, no verdict, exit 1 with --fail-on-findings', async (_what, sub, file) => {
    const r = await cli(['scan', join(dir, sub), '--fail-on-findings', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.warnings).toEqual([{ kind: 'unreadable-file', source: join(dir, sub, file), message: expect.stringContaining('binary, encoded or compressed') }]);
    expect(warnings(r)).toEqual([expect.stringContaining(join(dir, sub, file))]);
    const t = await cli(['scan', join(dir, sub)]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^No verdict: some files could not be read as a log/);
  });
});

describe('journalctl [N blob data] placeholders', () => {
  it('are counted and warned of (use --all or -o json); no verdict, exit 1 with --fail-on-findings', async () => {
    const r = await cli(['scan', join(dir, 'blob.log'), '--fail-on-findings', '--json']);
    expect(r.code).toBe(1);
    expect(kinds(r)).toEqual(['blob-data']);
    expect(warnings(r)).toEqual([expect.stringMatching(/^audit2grant: warning: journal messages were printed as \[N blob data\] \(journalctl without --all; 1 in the first MiB.*journalctl --all/)]);
    const t = await cli(['scan', join(dir, 'blob.log')]);
    expect(t.stdout).toMatch(/^No verdict: journal messages were hidden/);
  });
});

describe('an interrupted scan', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s: json says interrupted, no clean verdict, exit non-zero', async (sig) => {
    const child = spawn(process.execPath, [BIN, 'scan', '-', '--json'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Fill the pipe, then wait for it to drain: the CLI is then reading, its signal handlers set
    // (cli.ts sets them before any source opens). Bounded: a pipe holds far less than 4 MB.
    const line = `${ar({ uid: 'svc1', result: 'allow' })}\n`;
    let full = false;
    for (let sent = 0; !full && sent < 4 << 20; sent += line.length) full = !child.stdin.write(line);
    expect(full).toBe(true);
    await once(child.stdin, 'drain');
    child.kill(sig);
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).not.toBe(0);
    expect(JSON.parse(stdout).warnings).toEqual([expect.objectContaining({ kind: 'interrupted' })]);
    expect(stderr).toContain('interrupted');
  });
});
