// Run as root with another user's home kept (`sudo -E`), the default ledger (~/.local/state) would be
// made inside that home, root-owned: the user's own tools and their `history`/`undo` then fail. With
// no XDG_STATE_HOME, a home (or the nearest existing directory on the way to the ledger) that is not
// ours is refused before anything is created or sent (docs/ledger.md, "Where"). Real directories
// chowned to another uid (needs root: skipped elsewhere), the built CLI (needs `npm run build`).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ledgerPath } from '../../src/iam/ledger.js';
import { checkedLedgerPath } from '../../src/iam/ledgerHome.js';
import { cleanEnv, run, tempDir } from './helpers.js';

const isRoot = process.geteuid?.() === 0;
const NOBODY = 65534;

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir('a2g-ledger-home-')));
afterEach(() => t.cleanup());

/** The environment of `sudo -E`: HOME is another user's, XDG_STATE_HOME is not set. */
function sudoEnv(home: string): NodeJS.ProcessEnv {
  const env = cleanEnv(t.dir, { HOME: home });
  delete env.XDG_STATE_HOME;
  return env;
}
const theirHome = (): string => {
  const home = join(t.dir, 'theirs');
  mkdirSync(home, { mode: 0o755 });
  chownSync(home, NOBODY, NOBODY);
  return home;
};
const refusal = (home: string, under: string): string =>
  `audit2grant: the default ledger ${join(home, '.local', 'state', 'audit2grant', 'ledger.jsonl')} is under ${under}, which belongs to uid ${NOBODY}, not to you (uid 0): refused, so that nothing is created in another user's home\n` +
  `  hint: set XDG_STATE_HOME to a directory of your own (e.g. XDG_STATE_HOME=${join(userInfo().homedir, '.local', 'state')}), or run without \`sudo -E\` (\`sudo -H\` sets HOME to the target user's)\n`;
// Nothing answers there: a request would fail with ECONNREFUSED, not with the refusal.
const NOWHERE = ['--token', 't', '--cluster-url', 'https://127.0.0.1:1'];

describe.skipIf(!isRoot)('the default ledger in a home owned by another user', () => {
  it('grant, revoke, undo, undo --dry-run and history refuse before any request, and create nothing in that home', async () => {
    const home = theirHome();
    const env = sudoEnv(home);
    const runs = [
      ['grant', '--uid', 'svc', 'dcos:mesos:master:log', 'read', ...NOWHERE],
      ['revoke', '--uid', 'svc', 'dcos:mesos:master:log', 'read', ...NOWHERE],
      ['undo', ...NOWHERE],
      ['undo', '--session', 'S1', ...NOWHERE],
      ['undo', '--dry-run'],
      ['history'],
    ];
    for (const args of runs) {
      const r = await run(args, env);
      expect([args.join(' '), r.code, r.stdout, r.stderr]).toEqual([args.join(' '), 1, '', refusal(home, home)]);
    }
    expect(readdirSync(home)).toEqual([]);
  });

  it('a home of ours whose .local belongs to another user: refused at .local, nothing made inside it', async () => {
    const home = join(t.dir, 'mine');
    mkdirSync(join(home, '.local'), { recursive: true, mode: 0o755 });
    chownSync(join(home, '.local'), NOBODY, NOBODY);
    const r = await run(['grant', '--uid', 'svc', 'dcos:mesos:master:log', 'read', ...NOWHERE], sudoEnv(home));
    expect([r.code, r.stderr]).toEqual([1, refusal(home, join(home, '.local'))]);
    expect(readdirSync(join(home, '.local'))).toEqual([]);
  });

  it('a home of our own, or XDG_STATE_HOME set (the user\'s choice), is used as before', () => {
    const home = join(t.dir, 'root-home');
    mkdirSync(home, { mode: 0o700 });
    expect(checkedLedgerPath(sudoEnv(home))).toBe(join(home, '.local', 'state', 'audit2grant', 'ledger.jsonl'));
    const chosen = { ...sudoEnv(theirHome()), XDG_STATE_HOME: join(t.dir, 'state') };
    expect(checkedLedgerPath(chosen)).toBe(ledgerPath(chosen));
    expect(existsSync(join(t.dir, 'state'))).toBe(false); // checking creates nothing
  });
});
