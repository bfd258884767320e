// A ledger others may read (0644) on a read-only file system (a bind mount, a backup) cannot be
// tightened to 0600. Reading it (`history`, `undo --dry-run`) goes on with a warning when nobody else
// can write it; a file others may write is still refused, and so is anything that writes
// (docs/ledger.md, "Who may touch the file"). The built CLI (needs `npm run build`) on a real
// read-only bind mount: needs root and mount(8), skipped elsewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerLine } from '../../src/iam/ledger.js';
import { cleanEnv, run, tempDir } from '../iam/helpers.js';

const t = tempDir('a2g-ledger-ro-');
const src = join(t.dir, 'src');
const mnt = join(t.dir, 'mnt');
/** Bound read-only at `mnt`: false when this host does not let us mount. */
let mounted = false;
beforeAll(() => {
  mkdirSync(join(src, 'audit2grant'), { recursive: true, mode: 0o700 });
  mkdirSync(mnt);
  try {
    execFileSync('mount', ['--bind', src, mnt], { stdio: 'ignore' });
    mounted = true;
    execFileSync('mount', ['-o', 'remount,bind,ro', mnt], { stdio: 'ignore' });
  } catch {
    if (mounted) execFileSync('umount', [mnt]);
    mounted = false;
  }
});
afterAll(() => {
  if (mounted) execFileSync('umount', [mnt]);
  t.cleanup();
});

const RID = 'dcos:mesos:master:log';
const rec: LedgerLine = { time: '2024-05-02T10:00:00.000Z', cluster: 'https://127.0.0.1:1', session: 'S1', uid: 'svc', rid: RID, action: 'read', op: 'grant', outcome: 'granted', aclCreated: false };
const path = join(mnt, 'audit2grant', 'ledger.jsonl');
/** Writes the ledger through the writable side, with `mode`. */
function ledger(mode: number): void {
  const p = join(src, 'audit2grant', 'ledger.jsonl');
  writeFileSync(p, `${JSON.stringify(rec)}\n`);
  chmodSync(p, mode);
}
const env = () => cleanEnv(t.dir, { XDG_STATE_HOME: mnt });

describe('a ledger on a read-only file system', () => {
  it('0644 (others may read it, not write it): history and undo --dry-run read it with a warning; grant and undo refuse', async (ctx) => {
    if (!mounted) ctx.skip();
    ledger(0o644);
    const warning = `warning: the ledger ${path} can be read by others (mode 0644), and its file system is read-only, so its mode was not tightened: read as it is\n`;
    const h = await run(['history'], env());
    expect([h.code, h.stderr]).toEqual([0, warning]);
    expect(h.stdout).toMatch(new RegExp(`grant +granted +svc +${RID} +read`));
    const doc = JSON.parse((await run(['history', '--format', 'json-doc'], env())).stdout) as { records: unknown[]; warnings: string[] };
    expect([doc.records.length, doc.warnings]).toEqual([1, [warning.slice('warning: '.length, -1)]]);
    const dry = await run(['undo', '--dry-run'], env());
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`DELETE https://127.0.0.1:1/acs/api/v1/acls/${RID}/users/svc/read\n`);

    // Writing refuses before any request (the cluster URL answers nothing: a request would say so).
    const g = await run(['grant', '--uid', 'svc', RID, 'read', '--token', 't', '--cluster-url', 'https://127.0.0.1:1'], env());
    expect(g.code).toBe(1);
    const refused = `audit2grant: cannot open the ledger ${path} (EROFS)\n  hint: its file system is read-only: remount it read-write, or point XDG_STATE_HOME to a directory of your own\n`;
    expect(g.stderr).toBe(refused);
    const u = await run(['undo', '--session', 'S1', '--token', 't', '--cluster-url', 'https://127.0.0.1:1'], env());
    expect([u.code, u.stdout, u.stderr]).toEqual([1, '', warning + refused]);
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  for (const octal of ['664', '646']) it(`mode 0${octal} (others may write it) is still refused for reading, with a hint that can work there`, async (ctx) => {
    if (!mounted) ctx.skip();
    const mode = parseInt(octal, 8);
    ledger(mode);
    const h = await run(['history'], env());
    expect(h.code).toBe(1);
    expect(h.stdout).toBe('');
    expect(h.stderr).toBe(
      `audit2grant: the ledger ${path} may be read or written by others (mode 0${mode.toString(8)}) and cannot be tightened (EROFS): refused\n` +
        '  hint: others may write it: move it to a directory of your own and run `chmod 600` on it there, or point XDG_STATE_HOME to a directory of your own\n',
    );
  });
});
