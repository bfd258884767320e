// "No permission denials found." is a verdict only for journal output with audit lines. The built
// CLI as a process (`npm run build` first), on real files, directories, binaries and pipes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, runCli, type CliRun } from '../helpers/cli.js';
import { ar, mesos, plain } from '../pipeline/lines.js';

const sample = fileURLToPath(new URL('../../fixtures/sample', import.meta.url));
let dir: string;

type Run = CliRun;
const cli = (args: string[], input = ''): Promise<Run> => runCli(args, { input });
const warnings = (r: Run): string[] => r.stderr.split('\n').filter((l) => l.startsWith('audit2grant: warning: '));
const count = (hay: string, needle: string): number => hay.split(needle).length - 1;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-e2e-verdicts-'));
  writeFileSync(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
  mkdirSync(join(dir, 'docs'));
  for (const n of ['README.md', 'INSTALL.md', 'notes.txt']) writeFileSync(join(dir, 'docs', n), `# ${n}\n\nSome text about DC/OS. Nothing from a journal.\n`);
  writeFileSync(join(dir, 'quiet.log'), [plain(1), plain(2), '-- Reboot --', plain(3), ''].join('\n'));
  writeFileSync(join(dir, 'denials.log'), [plain(1), ar({ uid: 'svc1' }), mesos('svc2'), ''].join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a deliberate skip is a warning, not a failed source', () => {
  it('a directory with a link pointing outside it: the rest is read, one warning, exit 0', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'denials.log'), [ar({ uid: 'svc1' }), ''].join('\n'));
    symlinkSync(join(dir, 'passwd'), join(tree, 'README'));
    const r = await cli(['scan', tree, '--json']);
    expect(r.code).toBe(0);
    expect(warnings(r)).toEqual([expect.stringContaining(`${tree}: skipped 1 symbolic link that points outside it`)]);
    expect(count(r.stderr, 'skipped 1 symbolic link')).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([expect.objectContaining({ kind: 'skipped', source: tree })]);
    expect(doc.findings.map((f: { uid: string }) => f.uid)).toEqual(['svc1']);
  });
});

describe('a source that holds no journal output', () => {
  it.each([
    ['a text file that is not a log', () => join(dir, 'passwd'), () => join(dir, 'passwd'), 'no journal output of any known form: nothing was checked; expected journalctl output'],
    // Named as a binary file of a directory is.
    ['a program binary', () => '/bin/sh', () => '/bin/sh', 'binary, encoded or compressed data of no known form (UTF-32, .xz, …): it was not checked'],
    ['a directory of READMEs', () => join(dir, 'docs'), () => join(dir, 'docs'), 'no journal output of any known form: nothing was checked; expected journalctl output'],
  ])('%s: one warning naming it, no "No permission denials found", exit 0', async (_what, src, named, said) => {
    const r = await cli(['scan', src()]);
    expect(r.code).toBe(0);
    expect(warnings(r)).toEqual([expect.stringContaining(`${named()} holds ${said}`)]);
    expect(r.stdout).not.toContain('No permission denials found');
    expect(r.stdout).toMatch(/^No verdict: no journal output was read/);
  });

  it('--fail-on-findings does not pass on it: exit 1 (documented), and json carries the warning', async () => {
    const r = await cli(['scan', join(dir, 'passwd'), '--json', '--fail-on-findings']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings).toEqual([]);
    expect(doc.warnings).toEqual([{ kind: 'no-journal-output', source: join(dir, 'passwd'), message: expect.stringContaining('holds no journal output') }]);
    const help = (await cli(['scan', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('exit 1 when a source holds no journal output');
    expect(help).toContain('with --fail-on-findings, a source held no journal output');
  });

  it('an empty pipe because the journalctl before it failed: named as stdin, and CI fails', async () => {
    const sh = spawnSync('sh', ['-c', `journalctl --file /nonexistent/x.journal 2>/dev/null | "${process.execPath}" "${BIN}" scan - --fail-on-findings`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 25_000 });
    const r: Run = { code: sh.status, stdout: sh.stdout, stderr: sh.stderr };
    expect(r.code).toBe(1);
    expect(warnings(r)).toEqual(['audit2grant: warning: stdin is empty (did the command before the pipe fail?): nothing was checked; ' + "expected journalctl output (e.g. journalctl -u 'dcos-*' -o json --all, or -o short-iso --all), a diagnostics bundle or a binary .journal"]);
  });

  it('mixed with a real log: the findings are shown, the other source is noted once, CI still sees the findings (3)', async () => {
    const r = await cli(['scan', join(dir, 'passwd'), join(dir, 'denials.log'), '--fail-on-findings']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('svc1');
    expect(r.stdout).toContain('1 source(s) held no journal output: not checked (see the warnings on stderr)');
    expect(count(r.stderr, 'passwd holds no journal output')).toBe(1);
    expect(count(r.stdout, 'passwd holds no journal output')).toBe(0);
  });

  it('ndjson carries it as a {"type":"warning"} line before the stats', async () => {
    const r = await cli(['scan', join(dir, 'docs'), '--format', 'ndjson']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['warning', 'stats']);
    expect(lines[0]).toMatchObject({ kind: 'no-journal-output', source: join(dir, 'docs') });
  });
});

describe('journal output without audit lines', () => {
  it('says so, with the hint that audit lines come from the dcos-* units', async () => {
    const r = await cli(['scan', join(dir, 'quiet.log'), '--json']);
    expect(r.code).toBe(0);
    expect(warnings(r)).toEqual([expect.stringMatching(/holds no audit line \(type=audit\): nothing to find; audit lines come from the dcos-\* units .* on masters and agents/)]);
    expect(JSON.parse(r.stdout).warnings).toEqual([expect.objectContaining({ kind: 'no-audit-lines', source: null })]);
    const table = await cli(['scan', join(dir, 'quiet.log')]);
    expect(table.stdout).toMatch(/^No verdict: the journal output holds no audit lines/);
    expect(table.stdout).not.toContain('No permission denials found');
  });

  it("journalctl's own `-- No entries --` on a node without dcos units", async () => {
    const r = await cli(['scan', '-'], '-- No entries --\n');
    expect(warnings(r)).toEqual([expect.stringContaining('holds no audit line')]);
  });

  it('audit lines that are all allows: a real verdict', async () => {
    const r = await cli(['scan', '-'], `${ar({ uid: 'svc1', result: 'allow' })}\n`);
    expect(warnings(r)).toEqual([]);
    expect(r.stdout).toMatch(/^No permission denials found\./);
  });
});

describe('--uid that matches nothing', () => {
  it('names the principals that were denied, with counts, and the close one', async () => {
    const r = await cli(['scan', sample, '--uid', 'casandra-sa']);
    expect(r.code).toBe(0);
    expect(warnings(r)).toEqual([
      'audit2grant: warning: --uid casandra-sa was never denied, but 17 denial(s) of other principals were read: cassandra-sa (14), jenkins-sa (2), kafka-sa (1); did you mean --uid cassandra-sa?',
    ]);
    // Every allow read: never seen, and close to a name that was: likely mistyped (docs/verdicts.md).
    expect(r.stdout).toMatch(/^No verdict: --uid casandra-sa may be mistyped \(did you mean --uid cassandra-sa\?\); see the warning on stderr\./);
  });

  it('says nothing when the uid was denied (even outside the time window)', async () => {
    const r = await cli(['scan', sample, '--uid', 'cassandra-sa', '--until', '2000-01-01T00:00:00Z']);
    // No uid-not-seen; the window itself excludes every line (outside-window, docs/verdicts.md).
    expect(warnings(r)).toEqual([expect.stringContaining('fall outside --until 2000-01-01T00:00:00.000Z')]);
    // Its count is of the lines whose time was read: with --uid, not those of other principals (said).
    expect(warnings(r)[0]).toMatch(/timed audit line\(s\) read \(with --uid, the lines of other principals are counted without their time\) fall outside/);
    const all = await cli(['scan', sample, '--until', '2000-01-01T00:00:00Z']);
    expect(warnings(all)).toEqual([expect.not.stringContaining('with --uid')]);
  });

  it('the stats are the same with and without --uid', async () => {
    const stats = async (extra: string[]) => {
      const s = JSON.parse((await cli(['scan', sample, '--json', ...extra])).stdout).stats;
      delete s.elapsedMs;
      return s;
    };
    const all = await stats([]);
    expect(all.malformedLines).toBeGreaterThan(0);
    expect(await stats(['--uid', 'cassandra-sa'])).toEqual(all);
    expect(await stats(['--uid', 'nobody-at-all'])).toEqual(all);
  });
});

describe('errors are printed once, on stderr', () => {
  it('a missing file: its error on stderr only; the table counts it', async () => {
    const missing = join(dir, 'nope.log');
    const r = await cli(['scan', missing, join(dir, 'denials.log')]);
    expect(r.code).toBe(1);
    expect(count(r.stderr, `no such file or directory: ${missing}`)).toBe(1);
    expect(r.stdout).not.toContain('no such file');
    expect(r.stdout).toMatch(/· 1 source failed \(see stderr\)\n$/);
  });

  it('nothing readable at all: no verdict, not "No permission denials found"', async () => {
    const r = await cli(['scan', join(dir, 'nope.log')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^No verdict: no source could be read/);
  });
});
