// Who a pair's ACE belongs to: an account (`uid`), or a group (`gid`, `--gid`), whose members all get
// what it holds. DC/OS's own `superusers` group already holds everything and is never changed.
import type { GrantPair } from '../types.js';

export const SUPERUSERS_GID = 'superusers';

/** `group ops` or the uid, for messages and result lines. */
export function principalLabel(p: Pick<GrantPair, 'uid' | 'gid'>): string {
  return p.gid !== undefined ? `group ${p.gid}` : p.uid;
}

/** Why no consent can make a change to this pair's group acceptable, or null (not a group pair, or an ordinary group). */
export function groupRule(p: Pick<GrantPair, 'gid'>): string | null {
  if (p.gid === undefined || p.gid.toLowerCase() !== SUPERUSERS_GID) return null;
  return `${p.gid} is DC/OS's own group of superusers: it holds every right already (dcos:superuser), and audit2grant never changes it`;
}
