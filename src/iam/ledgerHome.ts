// The ledger's default place is under the home directory (~/.local/state). Run as another user with
// that home kept (`sudo -E`, or a sudo that keeps HOME), mkdir -p would make ~/.local and
// ~/.local/state there owned by that other user (root, 0700): the home's owner then cannot use them
// (their tools, their own `history` and `undo` fail with EACCES). So, with no XDG_STATE_HOME to say
// where, a home that is not ours is refused before anything is created or sent (docs/ledger.md).
import { statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { LedgerError } from './ledgerFile.js';
import { ledgerPath } from './ledger.js';

/** The owner of `p`, or of its nearest existing ancestor, with the path found; null when none can be read. */
function nearestOwner(p: string): { path: string; uid: number } | null {
  for (let at = p; ; at = dirname(at)) {
    try {
      return { path: at, uid: statSync(at).uid };
    } catch {
      if (dirname(at) === at) return null;
    }
  }
}

/** Where the effective user's own state directory is, for the hint (undefined: unknown). */
function ownStateHome(): string | undefined {
  try {
    return join(userInfo().homedir, '.local', 'state');
  } catch {
    return undefined;
  }
}

/**
 * The ledger's path (ledger.ts ledgerPath), refused (LedgerError) when it is the default one under the
 * home directory and that home, or the nearest existing directory on the way to the ledger's, belongs
 * to another user: nothing would be created in someone else's home. XDG_STATE_HOME set is the user's
 * explicit choice and is checked as any ledger directory is (ledgerFile.ts).
 */
export function checkedLedgerPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = ledgerPath(env);
  const me = typeof process.geteuid === 'function' ? process.geteuid() : null;
  if (me === null || (env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/'))) return path;
  const home = env.HOME || homedir();
  const dir = dirname(path);
  for (const p of [home, dir]) {
    const owner = nearestOwner(p);
    if (owner === null || owner.uid === me) continue;
    const own = ownStateHome();
    throw new LedgerError(
      `the default ledger ${path} is under ${owner.path}, which belongs to uid ${owner.uid}, not to you (uid ${me}): refused, so that nothing is created in another user's home`,
      `set XDG_STATE_HOME to a directory of your own${own ? ` (e.g. XDG_STATE_HOME=${own})` : ''}, or run without \`sudo -E\` (\`sudo -H\` sets HOME to the target user's)`,
    );
  }
  return path;
}
