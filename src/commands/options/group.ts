// `--gid GROUP`: grant to (or revoke from, or undo for) a group instead of an account. One
// definition for scan's scripts, grant, revoke, undo and the interactive loop; history filters by it.
import type { Argv } from 'yargs';
import { groupRule, ID_SHAPE, validateGid } from '../../core/policy/index.js';
import { UsageError } from '../../errors.js';

export interface GidArgs {
  gid?: string;
}

export function withGidOption<T>(y: Argv<T>, describe: string, group = 'Cluster options:'): Argv<T & GidArgs> {
  return y.option('gid', { type: 'string', group, describe }) as unknown as Argv<T & GidArgs>;
}

const GROUPS_LIST = 'see `dcos security org groups list`';

/**
 * A `--gid` value, checked as grant checks it; a usage error saying what a group id looks like.
 * `a,b` or `a b` (groups listed in one value) gets a hint for the repeated flag when `repeats`
 * (history), else for one run per group.
 */
export function checkedGid(gid: string, op: string, repeats: boolean): string {
  const bad = validateGid(gid);
  if (!bad) return gid;
  // Only valid gids are echoed in the hint: the message itself shows the value escaped.
  const parts = gid.split(/[\s,;]+/).filter(Boolean);
  const listed = parts.length > 1 && parts.every((p) => validateGid(p) === null);
  const hint = !listed
    ? `a group id is ${ID_SHAPE}, e.g. --gid ops (${GROUPS_LIST})`
    : repeats
      ? `--gid takes one value and repeats: ${parts.map((p) => `--gid ${p}`).join(' ')}`
      : `${op} takes one group: run it once per group (--gid ${parts[0]}, then --gid ${parts[1]})`;
  throw new UsageError(`--gid: ${bad}`, hint);
}

/** The checked group id, or undefined when none was given; a usage error for a bad one, or for two. */
export function gidOf(a: GidArgs, op: string): string | undefined {
  const given: unknown = a.gid;
  if (given === undefined) return undefined;
  // yargs makes the flag given twice an array, which String() would join as one bad id "a,b".
  if (Array.isArray(given)) throw new UsageError(`${op} takes one --gid only (got ${given.length})`, `give --gid once: run ${op} once per group`);
  const gid = checkedGid(String(given), op, false);
  const refused = groupRule({ gid });
  if (refused) throw new UsageError(`--gid: ${refused}`, `give the id of another group, e.g. --gid ops (${GROUPS_LIST})`);
  return gid;
}
