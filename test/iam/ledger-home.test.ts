// Run through sudo with the invoking user's home kept (`sudo -E`), the default ledger (~/.local/state)
// would be made inside that home, root-owned: the user's own tools and their `history`/`undo` then
// fail. A command that writes the ledger refuses exactly that case (root, SUDO_UID naming the home's
// owner, no XDG_STATE_HOME) before anything is created or sent; reading is never refused, and a home
// owned by another user without sudo (a CI container running as root with a mounted home) is
// ordinary (docs/ledger.md, "Where"). Real directories chowned to another uid (needs root: skipped
// elsewhere), the built CLI (needs `npm run build`).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ledgerPath } from '../../src/iam/ledger.js';
import { checkedLedgerPath } from '../../src/iam/ledgerHome.js';
import { cleanEnv, run, tempDir } from './helpers.js';

const isRoot = process.geteuid?.() === 0;
const NOBODY = 65534;

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir('a2g-ledger-home-')));
afterEach(() => t.cleanup());

/** The environment of `sudo -E` run by uid NOBODY (`sudo` false: root's own, with that home): HOME is theirs, XDG_STATE_HOME is not set. */
function sudoEnv(home: string, sudo = true): NodeJS.ProcessEnv {
  const env = cleanEnv(t.dir, { HOME: home, ...(sudo ? { SUDO_UID: String(NOBODY), SUDO_USER: 'nobody' } : {}) });
  if (!sudo) delete env.SUDO_UID;
  delete env.XDG_STATE_HOME;
  return env;
}
const theirHome = (name = 'theirs'): string => {
  const home = join(t.dir, name);
  mkdirSync(home, { mode: 0o755 });
  chownSync(home, NOBODY, NOBODY);
  return home;
};
const refusal = (home: string, under: string): string =>
  `audit2grant: the default ledger ${join(home, '.local', 'state', 'audit2grant', 'ledger.jsonl')} is under ${under}, which belongs to uid ${NOBODY}, who ran sudo: as root, it would be made there owned by root, and their own history and undo could not use it: refused\n` +
  `  hint: run without sudo (the ledger is theirs), use \`sudo -H\` (HOME becomes root's), or set XDG_STATE_HOME to a directory of root's (e.g. XDG_STATE_HOME=/root/.local/state)\n`;
// Nothing answers there: a request would fail with ECONNREFUSED, not with the refusal.
const NOWHERE = ['--token', 't', '--cluster-url', 'https://127.0.0.1:1'];

describe.skipIf(!isRoot)('the default ledger in the home of the user who ran sudo -E', () => {
  it('grant, revoke and undo refuse before any request and create nothing there; history and undo --dry-run read', async () => {
    const home = theirHome();
    const env = sudoEnv(home);
    const writers = [
      ['grant', '--uid', 'svc', 'dcos:mesos:master:log', 'read', ...NOWHERE],
      ['revoke', '--uid', 'svc', 'dcos:mesos:master:log', 'read', ...NOWHERE],
      ['undo', ...NOWHERE],
      ['undo', '--session', 'S1', ...NOWHERE],
    ];
    for (const args of writers) {
      const r = await run(args, env);
      expect([args.join(' '), r.code, r.stdout, r.stderr]).toEqual([args.join(' '), 1, '', refusal(home, home)]);
    }
    for (const args of [['history'], ['undo', '--dry-run']]) {
      const r = await run(args, env);
      expect(r.stderr).not.toContain('refused');
    }
    expect(readdirSync(home)).toEqual([]);
  });

  it('a home of root\'s whose .local belongs to the sudo user: refused at .local, nothing made inside it', async () => {
    const home = join(t.dir, 'mine');
    mkdirSync(join(home, '.local'), { recursive: true, mode: 0o755 });
    chownSync(join(home, '.local'), NOBODY, NOBODY);
    const r = await run(['grant', '--uid', 'svc', 'dcos:mesos:master:log', 'read', ...NOWHERE], sudoEnv(home));
    expect([r.code, r.stderr]).toEqual([1, refusal(home, join(home, '.local'))]);
    expect(readdirSync(join(home, '.local'))).toEqual([]);
  });

  it('ordinary elsewhere: another user\'s home without sudo (a CI container), a home that does not exist yet, XDG_STATE_HOME set', () => {
    const home = theirHome();
    expect(checkedLedgerPath(sudoEnv(home, false))).toBe(join(home, '.local', 'state', 'audit2grant', 'ledger.jsonl'));
    const missing = join(t.dir, 'no-such-home');
    expect(checkedLedgerPath(sudoEnv(missing))).toBe(join(missing, '.local', 'state', 'audit2grant', 'ledger.jsonl'));
    const chosen = { ...sudoEnv(theirHome('theirs-2')), XDG_STATE_HOME: join(t.dir, 'state') };
    expect(checkedLedgerPath(chosen)).toBe(ledgerPath(chosen));
    expect(existsSync(join(t.dir, 'state'))).toBe(false); // checking creates nothing
  });
});
