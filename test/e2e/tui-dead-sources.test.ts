// When every source fails (here: an SSH host that refuses the connection), the loop says so in its
// header with the reason and the retry state, and quitting exits 1 with the reason on stderr, as
// the README promises for a failed source (tmux, 80x24).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, exitCodeWritten, HAVE_TMUX, isolatedEnv, q, tmuxServer } from '../helpers/tmux.js';

const server = tmuxServer('a2g-tui-dead');
const { start, pane, keys, history, until } = server.session('dead');

let dir: string;
let port: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-tui-dead-'));
  // A loopback port nobody listens on: bind one, note it, close it.
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
});
afterAll(() => {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_TMUX)('dead sources', () => {
  it('says every source failed, why, and when it retries; q exits 1', async () => {
    const rc = join(dir, 'rc');
    const src = `ssh://nobody@127.0.0.1:${port}`;
    start(`cd ${q(dir)} && ${isolatedEnv(dir)} DCOS_URL= ${q(process.execPath)} ${q(BIN)} ${q(src)} --uid my-sa; echo $? > ${q(rc)}; sleep 60`, 80, 24);
    // A frame reaches tmux in more than one write: wait for what is asserted, in the same capture.
    const dead = await until('the dead header', () => {
      const p = pane();
      return p.includes('the source failed, nothing is read · retry 1 in') && /ECONNREFUSED|refused/.test(p) && p;
    });
    expect(dead).toMatch(/ECONNREFUSED|refused/);
    expect(pane()).toContain('nothing is being read: check the source (host, credentials, path); r retries now');
    // r retries now: the attempt count moves on.
    keys('r');
    await until('the second retry planned', () => pane().includes('retry 2 in'));
    keys('q');
    await until('the exit', () => exitCodeWritten(rc));
    expect(readFileSync(rc, 'utf8').trim()).toBe('1');
    expect(history()).toMatch(new RegExp(`audit2grant: every source failed: ${src.replace(/[./]/g, '\\$&')}`));
  }, 60_000);
});
