// The ledger's default place is under the home directory (~/.local/state). Run through sudo with
// the invoking user's home kept (`sudo -E`, or a sudo that keeps HOME), mkdir -p would make
// ~/.local/state there owned by root and 0700: that user's own tools (their `history` and `undo`)
// then fail with EACCES. So a command that writes the ledger refuses that one case before anything
// is created or sent (docs/ledger.md, "Where"). Only that case: a home owned by someone else is
// ordinary elsewhere (a CI container running as root with a mounted home, a random uid under
// OpenShift), and reading creates nothing.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { LedgerError } from './ledgerFile.js';
import { ledgerPath } from './ledger.js';

/** The owner of the deepest directory that exists from `home` down to `dir` (home itself included), or null. */
function nearestOwnerWithin(home: string, dir: string): { path: string; uid: number } | null {
  const rel = relative(home, dir);
  if (rel.startsWith('..') || rel.startsWith(sep)) return null; // the ledger is not under the home
  let found: { path: string; uid: number } | null = null;
  let at = home;
  for (const part of ['', ...rel.split(sep).filter(Boolean)]) {
    at = part ? join(at, part) : at;
    try {
      found = { path: at, uid: statSync(at).uid };
    } catch {
      break;
    }
  }
  return found;
}

/**
 * The ledger's path (ledger.ts ledgerPath), refused (LedgerError) for a command that writes it when
 * it is the default one, the process runs as root through sudo (SUDO_UID names the invoking user),
 * and the home, or the deepest existing directory under it on the way to the ledger's, belongs to
 * that user. `writes` false (history, undo --dry-run): never refused, nothing is created.
 */
export function checkedLedgerPath(env: NodeJS.ProcessEnv = process.env, writes = true): string {
  const path = ledgerPath(env);
  const invoker = Number(env.SUDO_UID);
  const root = typeof process.geteuid === 'function' && process.geteuid() === 0;
  if (!writes || !root || !Number.isInteger(invoker) || invoker === 0 || env.XDG_STATE_HOME?.startsWith('/')) return path;
  const owner = nearestOwnerWithin(env.HOME || homedir(), dirname(path));
  if (owner === null || owner.uid !== invoker) return path;
  throw new LedgerError(
    `the default ledger ${path} is under ${owner.path}, which belongs to uid ${owner.uid}, who ran sudo: as root, it would be made there owned by root, and their own history and undo could not use it: refused`,
    `run without sudo (the ledger is theirs), use \`sudo -H\` (HOME becomes root's), or set XDG_STATE_HOME to a directory of root's (e.g. XDG_STATE_HOME=/root/.local/state)`,
  );
}
