// `scan --follow FILE` with the built CLI (`npm run build` first): findings stream out as ndjson
// while the file grows; SIGINT ends it with the stats and exit code 0.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ar, plain } from '../pipeline/lines.js';
import { scratch } from '../helpers/tmp.js';
import { untilWith } from '../helpers/wait.js';

const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
const { tmp } = scratch('a2g-e2e-follow-');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
const until = untilWith({ timeoutMs: 10_000, intervalMs: 10 });

function run(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const out = { stdout: '', stderr: '', code: null as number | null, closed: false };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  child.on('close', (code) => {
    out.code = code;
    out.closed = true;
  });
  const records = () => out.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, out, records };
}

describe('audit2grant scan --follow FILE', () => {
  it('prints new findings as the file grows, and ends on SIGINT with the stats, exit 0', async () => {
    const f = join(tmp(), 'journal.log');
    writeFileSync(f, `${plain(1)}\n${ar({ uid: 'svc1' })}\n`);
    const p = run(['scan', '--follow', '--format', 'ndjson', f]);
    const first = await until(`the first finding (stderr: ${p.out.stderr})`, () => p.records().find((r) => r.type === 'finding'));
    expect(first).toMatchObject({ uid: 'svc1', rid: 'dcos:adminrouter:ops:mesos', action: 'full' });
    appendFileSync(f, `${ar({ uid: 'svc2', rid: 'dcos:adminrouter:ops:metadata', path: '/metadata', conn: 9 })}\n`);
    const second = await until('the appended finding', () => p.records().find((r) => r.type === 'finding' && r.uid === 'svc2'));
    expect(second).toMatchObject({ rid: 'dcos:adminrouter:ops:metadata' });
    expect(p.out.closed).toBe(false); // still following
    p.child.kill('SIGINT');
    await until('the exit', () => p.out.closed);
    expect(p.out.code).toBe(0);
    const stats = p.records().find((r) => r.type === 'stats');
    expect(stats).toMatchObject({ sources: 1, lines: 3, denyLines: 2 });
    expect(p.records().filter((r) => r.type === 'finding')).toHaveLength(2);
    expect(p.out.stderr).not.toMatch(/partial|Error/);
  });

  it('table format prints a row per new finding, then the table', async () => {
    const f = join(tmp(), 'journal.log');
    writeFileSync(f, '');
    const p = run(['scan', '--follow', f]);
    appendFileSync(f, `${ar({ uid: 'svc3' })}\n`);
    await until(`the row (stderr: ${p.out.stderr})`, () => p.out.stdout.includes('new: svc3  dcos:adminrouter:ops:mesos  full'));
    p.child.kill('SIGINT');
    await until('the exit', () => p.out.closed);
    expect(p.out.code).toBe(0);
    expect(p.out.stdout.split('new: svc3').length).toBe(2); // printed once, live
    expect(p.out.stdout).toMatch(/dcos:adminrouter:ops:mesos[\s\S]*svc3|svc3[\s\S]*dcos:adminrouter:ops:mesos/);
  });

  it('a new finding\'s row shows log text escaped: no terminal controls reach the screen', async () => {
    const f = join(tmp(), 'journal.log');
    writeFileSync(f, '');
    const p = run(['scan', '--follow', f]);
    appendFileSync(f, `${ar({ uid: 'svc4', rid: 'dcos:adminrouter:ops:x\u001b]0;OWNED\u0007\u001b[2J' })}\n`);
    await until(`the row (stderr: ${p.out.stderr})`, () => p.out.stdout.includes('new: svc4  '));
    p.child.kill('SIGINT');
    await until('the exit', () => p.out.closed);
    const row = p.out.stdout.split('\n').find((l) => l.startsWith('new: svc4'))!;
    expect(row).toContain('x\\x1b]0;OWNED\\x07');
    expect(p.out.stdout).not.toMatch(/\u001b/);
  });

  it('where no source can be followed (a directory\'s files are read once): ends, and says so; a followed file does not', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'journal.log'), `${plain(1)}\n${ar({ uid: 'svc1' })}\n`);
    const p = run(['scan', '--follow', '--format', 'json', dir]);
    await until('the end of the scan', () => p.out.closed);
    expect(p.out.code).toBe(0);
    expect(p.out.stderr).toContain('audit2grant: --follow: none of these sources can be followed (plain files named or globbed, ssh:// and dcos:// sources are;');
    expect(JSON.parse(p.out.stdout).findings).toHaveLength(1);
    const f = run(['scan', '--follow', '--format', 'ndjson', join(dir, 'journal.log')]);
    await until('the finding of the followed file', () => f.records().find((r) => r.type === 'finding'));
    f.child.kill('SIGINT');
    await until('the end of the followed scan', () => f.out.closed);
    expect(f.out.stderr).not.toContain('can be followed');
  });
});
