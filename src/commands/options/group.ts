// `--gid GROUP`: grant to (or revoke from, or undo for) a group instead of an account. One
// definition for scan's scripts, grant, revoke, undo and the interactive loop.
import type { Argv } from 'yargs';
import { groupRule, validateGid } from '../../core/policy/index.js';
import { UsageError } from '../../errors.js';

export interface GidArgs {
  gid?: string;
}

export function withGidOption<T>(y: Argv<T>, describe: string, group = 'Cluster options:'): Argv<T & GidArgs> {
  return y.option('gid', { type: 'string', group, describe }) as unknown as Argv<T & GidArgs>;
}

/** The checked group id, or undefined when none was given; a usage error for a bad one. */
export function gidOf(a: GidArgs): string | undefined {
  if (a.gid === undefined) return undefined;
  const gid = String(a.gid);
  const bad = validateGid(gid) ?? groupRule({ gid });
  if (bad) throw new UsageError(`--gid: ${bad}`, 'give the id of a DC/OS group, e.g. --gid ops (see `dcos security org groups list`)');
  return gid;
}
