// Whole-program runs whose stdout or stderr fails (needs `npm run build`): a reader that left (`| head`)
// stops the output quietly and keeps the exit code of the work done; any other write error (a full
// disk) is one line on stderr and exit 1, never a stack trace or a green CI step (src/commands/stdio.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_DEV_FULL, runWithSinks } from '../helpers/closed-output.js';
import { cleanEnv, run, sandboxSuite, tempDir } from '../iam/helpers.js';

const ROLE = 'dcos:mesos:master:framework:role:r';
const pairs = (n: number) => Array.from({ length: n }, (_, i) => [`${ROLE}${i}`, 'create']).flat();
const FAILED_LINE = /^audit2grant: the output could not be written to stdout \(ENOSPC: [^\n]*\): it is incomplete\n$/;
const NO_STACK = /Unhandled|node:events|\n\s+at /;
const SCAN = ['scan', 'fixtures/sample', '--uid', 'cassandra-sa'];

describe.skipIf(!HAS_DEV_FULL).concurrent('stdout on a full disk: one line, exit 1', () => {
  const env = cleanEnv(tempDir('a2g-sinks-').dir);

  it.each([
    [[...SCAN, '--json']],
    [[...SCAN, '--format', 'terraform']],
    [['history', '--json']],
    [['completion', 'bash']],
    [['scan', '--help']],
    [['--version']],
    [['grant', '--cluster-url', 'https://127.0.0.1:1', '--uid', 'svc', ...pairs(3), '--dry-run']],
  ])('%j', async (args) => {
    const r = await runWithSinks(args, env, { stdout: 'full', stderr: 'read' });
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('audit2grant: the output')).join('\n') + '\n').toMatch(FAILED_LINE);
    expect(r.code).toBe(1);
  });

  it('scan --fail-on-findings keeps 3 (it fails the run too) and says the output is incomplete', async () => {
    const r = await runWithSinks([...SCAN, '--fail-on-findings'], env, { stdout: 'full', stderr: 'read' });
    expect([r.code, r.stderr]).toEqual([3, expect.stringMatching(FAILED_LINE)]);
  });

  it('a stderr that cannot be written fails the run (its notes are lost); stdout is whole', async () => {
    // A --uid never seen: its warning is lost.
    const r = await runWithSinks([...SCAN, '--uid', 'svc-never-seen', '--json'], env, { stdout: 'read', stderr: 'full' });
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    expect(r.code).toBe(1);
  });

  it('a stderr that cannot be written, but nothing was to be written there: exit 0', async () => {
    const r = await runWithSinks([...SCAN, '--json'], env, { stdout: 'read', stderr: 'full' });
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    expect(r.code).toBe(0);
  });
});

describe.concurrent('a reader gone (closed pipe): quiet, exit code kept', () => {
  const env = cleanEnv(tempDir('a2g-sinks-').dir);
  const dry = ['grant', '--cluster-url', 'https://127.0.0.1:1', '--uid', 'svc', ...pairs(1500), '--dry-run'];

  it.each([
    ['grant --dry-run, stdout closed', dry, 'closed', 'read'],
    ['grant --dry-run --json, stdout closed', [...dry, '--json'], 'closed', 'read'],
    ['revoke --dry-run, stdout closed', ['revoke', ...dry.slice(1)], 'closed', 'read'],
    ['grant --dry-run, both closed (2>&1 | head)', dry, 'closed', 'closed'],
    ['history, both closed', ['history'], 'closed', 'closed'],
    ['scan, stdout closed', SCAN, 'closed', 'read'],
  ] as const)('%s', async (_name, args, stdout, stderr) => {
    const r = await runWithSinks(args, env, { stdout, stderr });
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).not.toMatch(/could not be written/);
    expect(r.code).toBe(0);
  });

  it('a usage error to a closed stderr: exit 2, no crash (the streams are guarded before parsing)', async () => {
    const r = await runWithSinks(['scan', '--bogus-flag', ...pairs(3000)], env, { stdout: 'read', stderr: 'closed' });
    expect(r.code).toBe(2);
  });

  it('grant --dry-run, only stderr closed: stdout whole, exit 0', async () => {
    const r = await runWithSinks(dry, env, { stdout: 'read', stderr: 'closed' });
    expect(r.stdout.split('\n').filter((l) => l.startsWith('# grant'))).toHaveLength(1500);
    expect(r.code).toBe(0);
  });
});

describe.concurrent('a read that may never end stops when its output can no longer be written', () => {
  const env = cleanEnv(tempDir('a2g-sinks-').dir);
  const log = readFileSync('fixtures/sample/master-1.log', 'utf8');

  it('scan --follow --format ndjson | head: the reader left after a finding, the scan ends, exit 0', async () => {
    const r = await runWithSinks(['scan', 'fixtures/sample/master-1.log', '--follow', '--format', 'ndjson'], env, { stdout: 'closed', stderr: 'read' });
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).not.toMatch(/interrupted|could not be written/);
    expect(r.code).toBe(0); // before: followed until the harness's kill (null)
  });

  it('scan --follow to a full disk: one line, exit 1', async () => {
    const r = await runWithSinks(['scan', 'fixtures/sample/master-1.log', '--follow', '--format', 'ndjson'], env, { stdout: 'full', stderr: 'read' });
    expect(r.stderr.split('\n').filter((l) => l.startsWith('audit2grant: the output')).join('\n') + '\n').toMatch(FAILED_LINE);
    expect(r.code).toBe(1);
  });

  it('scan - of a stdin that never ends (journalctl -f |), its reader gone: ends, exit 0', async () => {
    const r = await runWithSinks(['scan', '-', '--format', 'ndjson'], env, { stdout: 'closed', stderr: 'read', stdin: log });
    expect(r.stderr).not.toMatch(/interrupted|could not be written/);
    expect(r.code).toBe(0);
  });
});

const sb = sandboxSuite('a2g-sinks-iam-', (iam) => iam.addUser('svc', 'svc-pw'));

describe('a real grant and undo whose reader left: sent, recorded, exit 0', () => {
  it('grant | head -0, then undo --yes | head -0', async () => {
    const g = await runWithSinks(['grant', '--uid', 'svc', ...pairs(40), ...sb.flags()], sb.env, { stdout: 'closed', stderr: 'read' });
    expect(g.stderr).not.toMatch(NO_STACK);
    expect(g.code).toBe(0);
    expect(sb.aces('svc')).toHaveLength(40);
    const h = await run(['history', '--json'], sb.env);
    expect(JSON.parse(h.stdout).filter((x: { outcome: string }) => x.outcome === 'granted')).toHaveLength(40);

    const u = await runWithSinks(['undo', '--yes', ...sb.flags()], sb.env, { stdout: 'closed', stderr: 'closed' });
    expect(u.code).toBe(0);
    expect(sb.aces('svc')).toEqual([]);
  });
});
