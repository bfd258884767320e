// The loop on narrow terminals (tmux, the sandbox IAM over HTTPS with --insecure, so the warnings line
// shows): started small, and shrunk while it runs in each state it can be in (findings, a grant batch
// in flight, the undo question, the held-not-used list). Each frame drawn for a size keeps the header
// on the first line and the key bar on the last, one line shorter than the terminal, no line wider
// than it (docs/loop-display.md). On a shrink tmux first reflows the old, wider frame (its key bar
// on two lines, the header pushed off) until the loop redraws: the test waits for that redraw.
import { describe, expect, it } from 'vitest';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { grantAll, holdNext, mesosDeny, ROLES, startLoop, type LoopOptions, loopFixture } from '../helpers/loop-iam.js';
import { tmuxServer, HAVE_TMUX, type TmuxSession } from '../helpers/tmux.js';

const server = tmuxServer('a2g-narrow');
/** The warnings line, as much of it as 40 columns keep. */
const WARNING = /^warning: the IAM's TLS certificate/;
const LIST_BAR = /\? help · q quit$/;
/** Each narrower and shorter than the one before: an older frame can never pass for the new one. */
const SIZES: Array<[number, number]> = [[70, 24], [50, 12], [40, 10]];

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-narrow', (i, d) => {
  iam = i;
  dir = d;
  for (const uid of ['svc', 'svc70', 'svc40']) iam.addUser(uid, 'svc-pw');
});

const loop = (name: string, uid: string, o: LoopOptions) =>
  startLoop(server, iam, dir, name, uid, ROLES.map(mesosDeny(uid)).join(''), '', { insecure: true, ...o });

/** The pane's lines with wrapped ones joined (tmux -J), without trailing blanks: a wrapped line shows longer than the pane. */
const joinedLines = (name: string): string[] =>
  server.tmux('capture-pane', '-p', '-J', '-t', name).replace(/\s+$/, '').split('\n').map((l) => l.trimEnd());

/**
 * Waits for the frame drawn for `cols`x`rows` (the header first, the key bar `bar` last, `text`
 * shown), then checks it whole: rows - 1 lines, none wider than the pane, the warnings line kept.
 */
async function frameAt(s: TmuxSession, name: string, cols: number, rows: number, bar: RegExp, text: string): Promise<void> {
  const ls = await s.until(`the frame at ${cols}x${rows}`, () => {
    const l = joinedLines(name);
    return /^audit2grant {2}round \d+/.test(l[0] ?? '') && bar.test(l.at(-1) ?? '') && l.some((x) => x.includes(text)) && l;
  });
  expect(ls.filter((l) => l.length > cols), `${cols}x${rows}:\n${ls.join('\n')}`).toEqual([]);
  expect(ls).toHaveLength(rows - 1);
  expect(ls[3]).toMatch(WARNING);
}

/** Shrinks the terminal through SIZES, checking the frame at each. */
async function shrink(s: TmuxSession, name: string, bar: RegExp, text: string): Promise<void> {
  for (const [cols, rows] of SIZES) {
    s.resize(cols, rows);
    await frameAt(s, name, cols, rows, bar, text);
  }
  s.resize(160, 40);
}

describe.skipIf(!HAVE_TMUX)('the loop on a narrow terminal', () => {
  it.each([[70, 24], [40, 10]])('started at %ix%i: header and key bar in view, no line wrapped', async (cols, rows) => {
    const name = `start${cols}`;
    const { s, exited } = loop(name, `svc${cols}`, { cols, rows });
    await frameAt(s, name, cols, rows, LIST_BAR, 'findings 1/3');
    s.keys('q');
    expect(await exited()).toBe('0');
  });

  it('shrunk while it runs: the findings, a batch in flight, the undo question, the held-not-used list', async () => {
    const name = 'shrunk';
    const { s, exited } = loop(name, 'svc', {});
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    // A pane dragged narrower: many resizes in a row, the frame judged after the last.
    for (let cols = 150; cols > 70; cols -= 10) s.resize(cols, 24);
    await shrink(s, name, LIST_BAR, 'findings 1/3');

    const gate = holdNext(iam, 'PUT', `${ROLES[1]}/users/svc`);
    await grantAll(s);
    await gate.hit;
    await shrink(s, name, LIST_BAR, 'granting 3 permission(s)');
    gate.release();
    await s.until('the batch answered', () => s.pane().includes('batch 1: granted 3'));

    s.keys('u');
    await s.until('the undo question', () => s.pane().includes('undo batch 1'));
    // Where the question does not fit, the dialog says how large the terminal must be (it names the batch too).
    await shrink(s, name, /^y\/Enter revoke · n\/Esc keep them/, 'undo batch 1');
    s.keys('n');
    await s.until('undo cancelled', () => s.pane().includes('undo cancelled'));

    s.keys('v');
    await s.until('the held-not-used list', () => s.pane().includes('held by svc, not used'));
    await shrink(s, name, LIST_BAR, 'held by svc');
    s.keys('q');
    expect(await exited()).toBe('0');
  }, 60_000);
});
