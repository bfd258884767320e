// The loop on real terminals of different sizes (tmux): the demo at 80x24, resized to 200x60 and
// back, then quit. Everything the program writes is piped raw to a file: it must never clear the
// screen or the scrollback (ESC[2J, ESC[3J), and with NO_COLOR it writes no colour or style at all;
// FORCE_COLOR is honoured. Keys go only after the pane shows their precondition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditLines, CASSANDRA_STAGES } from '../../src/sandbox/service/index.js';
import { BIN, exitCodeWritten, FULL_CLEAR, HAVE_TMUX, isolatedEnv, q, SGR, tmuxServer, waitForSignal } from '../helpers/tmux.js';
import { nth } from '../helpers/nth.js';

const server = tmuxServer('a2g-tui-term');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-tui-term-'));
});
afterAll(() => {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** The pane's lines without the trailing empty ones (the cursor line). */
const lines = (pane: string): string[] => pane.replace(/\s+$/, '').split('\n');

/** Header first, key bar (with ? help and q quit) last, the status line above it, one frame only. */
function wholeFrame(pane: string, rows: number): boolean {
  const ls = lines(pane);
  return (
    ls.length <= rows - 1 &&
    /^audit2grant {2}round \d+/.test(ls[0] ?? '') &&
    ls.at(-1)!.includes('? help') &&
    ls.at(-1)!.includes('q quit') &&
    ls.length >= 3 &&
    ls.at(-2)!.trim().length > 0 &&
    ls.filter((l) => l.startsWith('audit2grant  round')).length === 1
  );
}

describe.skipIf(!HAVE_TMUX)('the loop on real terminals', () => {
  it('80x24 → 200x60 → 80x24: whole frames, a grant batch, the help; never a full clear; NO_COLOR: no styles at all', async () => {
    const s = server.session('small');
    const raw = join(dir, 'raw-small.out');
    const rc = join(dir, 'rc-small');
    const state = join(dir, 'state-small.json');
    const cmd = `cd ${q(dir)} && ${waitForSignal('go-small')}${isolatedEnv(dir)} NO_COLOR=1 ${q(process.execPath)} ${q(BIN)} demo --retry-ms 300 --quiet-period 60 --state-file ${q(state)}; echo $? > ${q(rc)}; sleep 60`;
    s.start(cmd, 80, 24);
    s.pipe(raw);
    s.signal('go-small');

    await s.until('the first denial in a whole frame', () => s.pane().includes('framework:role:cassandra-role') && wholeFrame(s.pane(), 24));
    expect(lines(s.pane()).at(-1)).toBe('space select · a safe · g grant · u undo · v unused · / filter · ? help · q quit');
    s.keys('a');
    await s.until('the selection', () => s.pane().includes('selected 1 safe finding'));
    s.keys('g');
    await s.until('the question', () => s.pane().includes('grant 1 permission(s) to cassandra-sa'));
    expect(wholeFrame(s.pane(), 24)).toBe(true);
    s.keys('y');
    await s.until('round 2 in a whole frame, the batch result and the header agreeing', () =>
      s.pane().includes('round 2') && s.pane().includes('batch 1: granted 1 for cassandra-sa') && s.pane().includes('granted 1 ·') && wholeFrame(s.pane(), 24),
    );
    // The grant's propagation tail is not "still denied".
    expect(s.pane()).not.toMatch(/DENY|DENIED|still denied/);

    s.keys('?');
    // The demo's status line leaves the help 17 lines: its keys fit in two columns, each wrapped
    // whole in its column, under the header, above the key bar (which says any key closes).
    await s.until('the help, whole', () => s.pane().includes('quit while a request is in flight') && /^audit2grant {2}round 2/.test(lines(s.pane())[0] ?? ''));
    expect(lines(s.pane()).length).toBeLessThanOrEqual(23);
    for (const t of ['list', 'grant and undo questions (g, u)', 'export (e)', 'pair in flight, quit']) expect(s.pane()).toContain(t);
    expect(s.pane()).not.toContain('(↑↓ scroll)');
    s.keys('x');
    await s.until('back to the list', () => !s.pane().includes('quit while a request is in flight') && wholeFrame(s.pane(), 24));

    s.resize(200, 60);
    await s.until('the wide frame', () => wholeFrame(s.pane(), 60) && s.pane().includes('r re-read') && /granted {18}normal/.test(s.pane()));
    s.resize(80, 24);
    await s.until('the small frame again', () => wholeFrame(s.pane(), 24) && !s.pane().includes('r re-read'));

    s.keys('q');
    await s.until('the exit', () => exitCodeWritten(rc));
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
    expect(s.history()).toMatch(/granted\s+cassandra-sa dcos:mesos:master:framework:role:cassandra-role create/);

    const out = readFileSync(raw, 'latin1');
    expect(out.length).toBeGreaterThan(10_000); // frames were captured
    expect(out).not.toMatch(FULL_CLEAR);
    expect(out).not.toMatch(SGR);
  }, 90_000);

  it('FORCE_COLOR is honoured (even with NO_COLOR), still without full clears', async () => {
    const s = server.session('color');
    const raw = join(dir, 'raw-color.out');
    const rc = join(dir, 'rc-color');
    const log = join(dir, 'journal.log');
    const ctx = { uid: 'cassandra-sa', now: Date.now() - 60_000, host: 'master-1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq: 1 };
    writeFileSync(log, auditLines(ctx, nth(nth(CASSANDRA_STAGES, 0).checks, 0), 'deny').join('\n') + '\n');
    const env = `${isolatedEnv(dir)} NO_COLOR=1 FORCE_COLOR=1 DCOS_URL=`;
    s.start(`cd ${q(dir)} && ${waitForSignal('go-color')}${env} ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid cassandra-sa; echo $? > ${q(rc)}; sleep 60`, 200, 60);
    s.pipe(raw);
    s.signal('go-color');
    await s.until('the finding, read-only', () => s.pane().includes('framework:role:cassandra-role') && s.pane().includes('no cluster: read-only') && wholeFrame(s.pane(), 60));
    s.keys('q');
    await s.until('the exit', () => exitCodeWritten(rc));
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
    const out = readFileSync(raw, 'latin1');
    expect(out).toMatch(/\u001b\[3\dm/); // colours
    expect(out).not.toMatch(FULL_CLEAR);
  }, 60_000);
});
