// The default command on a real terminal (tmux, read-only) given flags only `scan` uses: the loop
// starts, and stderr has said first that they are ignored and how to run headless (finding M3).
// Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, exitCodeWritten, HAVE_TMUX, isolatedEnv, q, tmuxServer } from '../helpers/tmux.js';
import { mesos } from '../pipeline/lines.js';

const server = tmuxServer('a2g-tui-headless');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-tui-headless-'));
  writeFileSync(join(dir, 'journal.log'), `${mesos('svc1')}\n`);
});
afterAll(() => {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_TMUX)('headless-only flags on a terminal', () => {
  it('--format json --fail-on-findings: one line on stderr naming them, then the loop', async () => {
    const s = server.session('flags');
    const [rc, err] = [join(dir, 'rc'), join(dir, 'stderr')];
    s.start(`cd ${q(dir)} && ${isolatedEnv(dir)} DCOS_URL= NO_COLOR=1 ${q(process.execPath)} ${q(BIN)} journal.log --uid svc1 --no-follow --format json --fail-on-findings 2> ${q(err)}; echo $? > ${q(rc)}; sleep 60`, 80, 24);
    await s.until('the loop', () => s.pane().includes('? help'));
    s.keys('q');
    await s.until('the exit', () => exitCodeWritten(rc));
    const lines = readFileSync(err, 'utf8').split('\n').filter((l) => l.includes('ignored'));
    expect(lines).toEqual([expect.stringMatching(/^audit2grant: --format json and --fail-on-findings are ignored on a terminal .*audit2grant scan SOURCE\.\.\. --format json --fail-on-findings/)]);
    // The loop's exit code, not scan's 3 for findings.
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
  }, 60_000);
});
