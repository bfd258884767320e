// The built CLI as a process: `npm run build` first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ar, marathon, mesos, noAuthNotice, plain } from '../pipeline/lines.js';

const cli = (args: string[], input?: string, env: Record<string, string> = {}) => runCli(args, { input: input ?? '', env: { ...process.env, NO_COLOR: '', ...env } });
let dir: string;
let log: string;


beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'a2g-e2e-scan-'));
  log = join(dir, 'journal.log');
  await writeFile(
    log,
    [plain(1), ar({ uid: 'svc1' }), ar({ uid: 'svc1', result: 'allow', conn: 8 }), noAuthNotice(10), ar({ uid: null, conn: 10 }), mesos('svc2'), marathon('svc1'), ar({ uid: 'late', t: '2019-03-05T00:00:00Z' }), ''].join('\n'),
  );
  await writeFile(join(dir, 'clean.log'), [plain(1), ar({ uid: 'svc1', result: 'allow' }), ''].join('\n'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('audit2grant scan', () => {
  it('prints json v1 and exits 0', async () => {
    const r = await cli(['scan', log, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['version', 'findings', 'authFailures', 'stats', 'errors', 'warnings']); // warnings: additive
    expect(doc.version).toBe(1);
    for (const f of doc.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['uid', 'rid', 'action', 'kind', 'count', 'firstSeen', 'lastSeen', 'hosts', 'components', 'risk', 'catalog', 'example']));
      expect(['permission', 'derived', 'non-rid']).toContain(f.kind);
      expect(['normal', 'sensitive', 'dangerous', 'unknown']).toContain(f.risk);
      expect(f.firstSeen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    }
    expect(doc.findings.map((f: { uid: string }) => f.uid).sort()).toEqual(['late', 'svc1', 'svc1', 'svc2']);
    expect(doc.authFailures).toEqual([expect.objectContaining({ cause: 'no token', count: 1 })]);
    expect(doc.stats).toMatchObject({ sources: 1, lines: 8, auditLines: 6, allowLines: 1, denyLines: 5, malformedLines: 0 });
    expect(doc.errors).toEqual([]);
  });

  it('filters by --uid, --since and --until', async () => {
    const byUid = JSON.parse((await cli(['scan', log, '--json', '--uid', 'svc2', '--uid', 'late'])).stdout);
    expect(byUid.findings.map((f: { uid: string }) => f.uid).sort()).toEqual(['late', 'svc2']);
    const since = JSON.parse((await cli(['scan', log, '--format', 'json', '--since', '2019-03-04'])).stdout);
    expect(since.findings.map((f: { uid: string }) => f.uid)).toEqual(['late']);
    const until = JSON.parse((await cli(['scan', log, '--json', '--until', '2019-03-01T12:00:01Z'])).stdout);
    expect(until.findings.map((f: { uid: string; rid: string }) => `${f.uid} ${f.rid}`)).toEqual(['svc1 dcos:adminrouter:ops:mesos']);
  });

  it('exits 3 with --fail-on-findings when findings exist, 0 when none', async () => {
    expect((await cli(['scan', log, '--fail-on-findings', '--format', 'dcos'])).code).toBe(3);
    const clean = await cli(['scan', join(dir, 'clean.log'), '--fail-on-findings']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).not.toMatch(/\u001b\[/); // no colour when stdout is not a terminal
  });

  it('exits 1 on a missing file and still reports the good one', async () => {
    const r = await cli(['scan', join(dir, 'nope.log'), log, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`audit2grant: no such file or directory: ${join(dir, 'nope.log')}\n`); // the source named once
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.length).toBe(4);
    expect(doc.errors).toEqual([{ source: join(dir, 'nope.log'), message: expect.stringMatching(/no such file/) }]);
  });

  it.each([
    [['scan'], /needs at least one SOURCE/],
    // The bare command is the loop's, not scan's: said so, with how to start.
    [[], /^audit2grant: no SOURCE given: without a terminal the default command \(the interactive review-and-grant loop\) runs as `scan`, which needs one\n {2}hint: usage: audit2grant \[SOURCE\.\.\.\] --uid UID on a terminal \(the loop\), audit2grant scan SOURCE\.\.\. \(headless\), audit2grant demo .*--help`\n$/],
    [['--uid', 'svc'], /^audit2grant: no SOURCE given: without a terminal the default command/],
    [['scan', 'x.log', '--since', 'the day before'], /--since: cannot read "the day before"/],
    [['scan', 'x.log', '--format', 'xml'], /format/],
    [['scan', 'x.log', '--year', 'soon'], /--year/],
  ])('exits 2 on a usage error: %j', async (args, msg) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stdout).toBe('');
  });

  it('prints ndjson: findings as they appear, stats last', async () => {
    const r = await cli(['scan', log, '--format', 'ndjson']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'finding')).toHaveLength(4);
    expect(lines.at(-1)).toMatchObject({ type: 'stats', denyLines: 5 });
    expect(lines.findIndex((l) => l.type === 'stats')).toBe(lines.length - 1);
  });

  it('ndjson ends with every finding in its final state, as json has it; first sightings are marked not final', async () => {
    const twice = join(dir, 'twice.log');
    await writeFile(twice, [ar({ uid: 'svc1', host: 'master-1' }), ar({ uid: 'svc1', host: 'master-2', conn: 8, t: '2026-03-01T10:05:00Z' }), ''].join('\n'));
    const lines = (await cli(['scan', twice, '--format', 'ndjson'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const first = lines.filter((l) => l.type === 'finding');
    expect(first).toEqual([expect.objectContaining({ final: false, count: 1, hosts: ['master-1'] })]);
    const { findings } = JSON.parse((await cli(['scan', twice, '--json'])).stdout);
    const final = lines.filter((l) => l.type === 'findingFinal').map(({ type: _t, ...f }) => f);
    expect(final).toEqual(findings);
    expect(final[0]).toMatchObject({ count: 2, hosts: ['master-1', 'master-2'], lastSeen: '2026-03-01T10:05:00.000Z' });
    expect(lines.findIndex((l) => l.type === 'findingFinal')).toBeGreaterThan(lines.findLastIndex((l) => l.type === 'finding'));
  });

  it('prints dcos grant commands and a curl script', async () => {
    const dcos = await cli(['scan', log, '--format', 'dcos', '--uid', 'svc1']);
    expect(dcos.stdout).toMatch(/^dcos security org users grant svc1 dcos:adminrouter:ops:mesos full$/m);
    const curl = await cli(['scan', log, '--format', 'curl', '--uid', 'svc1']);
    expect(curl.stdout).toContain('%252F');
    expect(curl.stdout).toContain('DCOS_ACS_TOKEN');
  });

  it('reads stdin through -', async () => {
    const r = await cli(['scan', '-', '--json'], `${ar({ uid: 'piped' })}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { uid: string }) => f.uid)).toEqual(['piped']);
  });

  it('shows help with examples', async () => {
    const r = await cli(['scan', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--fail-on-findings', 'bundle.zip', "journalctl -u \"dcos-*\" -o short-iso --all' | audit2grant scan - --uid svc", 'Exit codes']) expect(r.stdout).toContain(s);
  });

  it('prints a table by default', async () => {
    const r = await cli(['scan', log, '--uid', 'svc2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dcos:mesos:master:framework:role:cassandra-role');
  });
});
