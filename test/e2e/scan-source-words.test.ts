// SOURCEs that are usage errors (exit 2) before anything is read, never a failed source (exit 1):
// stdin named twice, and a command word (README.md: a command word is never read as a SOURCE).
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';

describe.concurrent('scan and unused SOURCE words', () => {
  it.each([
    [['scan', 'fixtures/sample', ''], /^audit2grant: scan: a SOURCE is empty \("": an unset shell variable\?\)\n {2}hint: give a file/],
    [['scan', '-', '-'], /^audit2grant: scan: stdin \(-\) is given more than once: it can be read only once\n {2}hint: give - once/],
    [['scan', 'fixtures/sample', 'grant'], /^audit2grant: scan: "grant" names a command, not a SOURCE .*\n {2}hint: to read a file named grant, write \.\/grant\n$/],
    [['unused', '--uid', 'svc', 'fixtures/sample', 'undo'], /^audit2grant: unused: "undo" names a command, not a SOURCE/],
    [['unused', '--uid', 'svc', '-', '-'], /^audit2grant: unused: stdin \(-\) is given more than once/],
  ])('%j: usage error, exit 2', async (args, message) => {
    const r = await runCli(args, { input: '' });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(message);
  });

  it('./grant is a file name, read as such (here: none)', async () => {
    const r = await runCli(['scan', 'fixtures/sample', './grant'], { input: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no such file or directory: \.\/grant/);
  });

  it('after --, every word is a SOURCE: a file named -x.log is read, a word that was a flag is a file (yargs dropped them all)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'a2g-dashdash-'));
    try {
      copyFileSync(resolve('fixtures/sample/master-1.log'), join(dir, '-m.log'));
      const r = await runCli(['scan', '--json', '--', '-m.log', '--uid'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no such file or directory: --uid/);
      expect(JSON.parse(r.stdout).findings.map((f: { uid: string }) => f.uid)).toContain('kafka-sa');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
