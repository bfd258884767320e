// The file `e` wrote is what the operator hands to an administrator (review r-firstday, finding 2):
// its path shows whole on a 100-column terminal where the message is longer than the line (the words
// before it are cut), and the quit summary, which stays on the terminal, lists it. Real terminal
// (tmux), sandbox IAM over HTTP.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { mesosDeny, ROLES, startLoop, loopFixture } from '../helpers/loop-iam.js';
import { tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';

const server = tmuxServer('a2g-export-path');
const UID = 'svc';

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-export-path', (i, d) => {
  iam = i;
  dir = d;
  iam.addUser(UID, 'svc-pw');
  // The path (~85 columns) makes "exported … to PATH" wider than the terminal's 100.
});

describe.skipIf(!HAVE_TMUX)('an export', () => {
  it('shows the path whole, and the quit summary lists the file', async () => {
    const run = startLoop(server, iam, dir, 'export', UID, ROLES.map(mesosDeny(UID)).join(''), '', { cols: 100, rows: 30 });
    const s = run.s;
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    s.keys('a');
    await s.until('selected', () => s.pane().includes('selected 3 safe'));
    s.keys('e');
    await s.until('the export dialog', () => s.pane().includes('export 3 selected'));
    s.keys('s');
    const path = await s.until('the export message', () => /… (\/\S+-selected\.sh)$/m.exec(s.pane())?.[1]);
    expect(path.startsWith(run.home)).toBe(true);
    expect(existsSync(path)).toBe(true);
    s.keys('q');
    expect(await run.exited()).toBe('0');
    // tmux wraps the summary at 100 columns: compared without line breaks.
    expect(s.history().replace(/\n/g, '')).toContain(`exported 3 selected finding(s) to ${path}`);
  });
});
