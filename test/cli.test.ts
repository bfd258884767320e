import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = fileURLToPath(new URL('../bin/audit2grant.js', import.meta.url));
const run = promisify(execFile);

describe('cli frame', () => {
  it('prints help listing every command of the contract', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    for (const c of ['scan', 'grant', 'revoke', 'undo', 'history', 'demo', 'sandbox']) expect(stdout).toContain(`audit2grant ${c}`);
  });

  it('exits 2 with a one-line error on an unknown flag', async () => {
    const err = await run(process.execPath, [bin, 'scan', '--bogus-flag']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/^audit2grant: .*bogus-flag/m);
  });

  it("--version is this package's, wherever it is run from (it was the working directory's package.json, or unknown)", async () => {
    const own = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    const dir = mkdtempSync(join(tmpdir(), 'a2g-version-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"name":"other","version":"9.9.9"}');
      expect((await run(process.execPath, [bin, '--version'], { cwd: dir })).stdout).toBe(`${own}\n`);
      expect((await run(process.execPath, [bin, '--version'], { cwd: tmpdir() })).stdout).toBe(`${own}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
