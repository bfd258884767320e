import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

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
});
