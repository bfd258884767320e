// The loop on input it cannot judge, on a real terminal (tmux, 80x24, read-only): a followed log
// whose every audit line is malformed says so (the verdict of what was read so far), and a UTF-32
// file read once gives the CLI's "No verdict" headline; neither says it waits for audit lines.
// Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, exitCodeWritten, HAVE_TMUX, isolatedEnv, q, tmuxServer } from '../helpers/tmux.js';
import { mesos, plain } from '../pipeline/lines.js';
import { utf32le } from '../helpers/silent.js';

const server = tmuxServer('a2g-tui-verdict');
const WAITING = 'waiting for audit lines';
/** A Mesos deny cut before its result (a logger's length limit): malformed. */
const cut = (uid: string): string => mesos(uid).replace(/result=deny.*$/, 'result=');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-tui-verdict-'));
  writeFileSync(join(dir, 'malformed.log'), [plain(1), cut('svc1'), cut('svc2'), ''].join('\n'));
  writeFileSync(join(dir, 'utf32.log'), utf32le(`${plain(1)}\n${mesos('svc1')}\n`));
});
afterAll(() => {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the loop on `args`; returns the session and the file its exit code goes to. */
function loop(name: string, args: string) {
  const s = server.session(name);
  const rc = join(dir, `${name}.rc`);
  s.start(`cd ${q(dir)} && ${isolatedEnv(dir)} DCOS_URL= NO_COLOR=1 ${q(process.execPath)} ${q(BIN)} ${args}; echo $? > ${q(rc)}; sleep 60`, 80, 24);
  return { ...s, rc };
}

describe.skipIf(!HAVE_TMUX)('the loop gives the verdict on input it cannot judge', () => {
  it('a followed log of malformed audit lines: the verdict so far and its warning, not the wait', async () => {
    const s = loop('malformed', `${q(join(dir, 'malformed.log'))} --uid svc1`);
    // A frame reaches tmux in more than one write: wait for what is asserted, in the same capture.
    const p = await s.until('the verdict so far', () => {
      const t = s.pane();
      return t.includes('so far: No verdict: every audit line read was malformed') && t.includes('warning: every audit line read (2) was') && t;
    });
    expect(p).not.toContain(WAITING);
    expect(p).toMatch(/malformed\.log following/);
    s.keys('q');
    await s.until('the exit', () => exitCodeWritten(s.rc));
  }, 60_000);

  it('a UTF-32 file read once: the CLI\'s headline, the warning naming the file, the status says the scan ended', async () => {
    const s = loop('utf32', `${q(join(dir, 'utf32.log'))} --uid svc1 --no-follow`);
    const p = await s.until('the headline', () => {
      const t = s.pane();
      return t.includes('No verdict: no journal output was read (see the warning below).') && t.includes('the scan ended') && t;
    });
    expect(p).toMatch(/warning: \S*utf32\.log holds binary, encoded or\s+compressed data of no known form \(UTF-32/);
    expect(p).not.toContain(WAITING);
    expect(p).not.toContain('waiting for denials');
    s.keys('q');
    await s.until('the exit', () => exitCodeWritten(s.rc));
  }, 60_000);
});
