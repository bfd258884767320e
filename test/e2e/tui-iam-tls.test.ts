// The IAM reached over HTTPS with --insecure: the warning printed before the loop scrolls away under
// it, so the loop's banner keeps a short form in view for the whole run, and a small terminal keeps
// it as it keeps the sources' warnings (before the quiet banner: frame.ts). The sandbox IAM over real HTTPS.
import { describe, expect, it } from 'vitest';
import type { SandboxIam } from '../../src/sandbox/iam/index.js';
import { grantAll, mesosDeny, ROLES, startLoop, type LoopOptions, loopFixture } from '../helpers/loop-iam.js';
import { tmuxServer, HAVE_TMUX } from '../helpers/tmux.js';

const server = tmuxServer('a2g-iam-tls');
const NOTE = "warning: the IAM's TLS certificate is not verified (--insecure)";
const QUIET = 'No new denials for 1 s';

let iam: SandboxIam;
let dir: string;
loopFixture(server, 'a2g-iam-tls', (i, d) => {
  iam = i;
  dir = d;
  for (const uid of ['svc', 'svc2', 'svc3']) iam.addUser(uid, 'svc-pw');
});

const loop = (name: string, uid: string, o: LoopOptions) => startLoop(server, iam, dir, name, uid, ROLES.map(mesosDeny(uid)).join(''), '', o);

/** The pane's lines, without the trailing empty ones. */
const lines = (pane: string): string[] => pane.replace(/\s+$/, '').split('\n');

describe.skipIf(!HAVE_TMUX)('the loop against an IAM whose certificate is not checked', () => {
  it('keeps the warning in the banner under the header while it runs', async () => {
    const { s, exited } = loop('wide', 'svc', { insecure: true });
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    expect(lines(s.pane())[3]).toBe(NOTE);
    s.keys('q');
    expect(await exited()).toBe('0');
  });

  it('a terminal with room for one banner line keeps it, not the quiet banner', async () => {
    const { s, exited } = loop('small', 'svc2', { insecure: true, args: ' --quiet-period 1', cols: 120, rows: 40 });
    await grantAll(s);
    await s.until('the quiet banner after the grants', () => s.pane().includes(QUIET));
    expect(s.pane()).toContain(NOTE);
    // 10 rows: header, one optional line, the list, the status line and the key bar (layout.ts).
    s.resize(80, 10);
    await s.until('the frame at 80x10', () => {
      const ls = lines(s.pane());
      return ls.length === 9 && /^audit2grant {2}round \d+/.test(ls[0] ?? '') && ls.at(-1)?.endsWith('q quit') && ls;
    });
    expect(lines(s.pane())[3]).toBe(NOTE);
    expect(s.pane()).not.toContain(QUIET);
    s.keys('q');
    expect(await exited()).toBe('0');
  });

  it('over plain HTTP there is nothing to warn about', async () => {
    const { s, exited } = loop('plain', 'svc3', {});
    await s.until('the findings', () => ROLES.every((r) => s.pane().includes(r)));
    expect(s.pane()).not.toContain('TLS certificate');
    s.keys('q');
    expect(await exited()).toBe('0');
  });
});
