// Which held grant covers a use: the same rid, or a parent whose scope the authorizer reads down a
// path (docs/usage.md). The action rule is the one the loop already uses (`full` on a rid covers
// every action there: core/policy/covers.ts), not a second copy.
import { actionCovers } from '../policy/covers.js';

/**
 * Rid families whose last part is a path that DC/OS authorizers read hierarchically (Marathon
 * service groups, Metronome job groups, Mesos app ids and roles, secret paths). Admin Router
 * service rids are not among them: `dcos:adminrouter:service:a` does not cover `…:a/b`.
 */
const HIERARCHICAL: readonly RegExp[] = [
  /^dcos:service:marathon:[^:]+:services:/i,
  /^dcos:service:metronome:[^:]+:jobs:/i,
  /^dcos:mesos:(master|agent):[a-z_:]*:app_id:?/i,
  /^dcos:mesos:(master|agent):[a-z_]+:role:/i,
  /^dcos:secrets:default:/i,
];

/** The scope part of a hierarchical rid (after its family prefix), or null when the rid has none. */
function scopeOf(rid: string): { family: string; scope: string } | null {
  for (const re of HIERARCHICAL) {
    const m = re.exec(rid);
    if (m) return { family: m[0].toLowerCase(), scope: rid.slice(m[0].length) };
  }
  return null;
}

/** Path segments of a scope: `/dev/app` and `dev/app` alike; Metronome job ids use dots. */
function segments(scope: string, family: string): string[] {
  const sep = family.includes(':jobs:') ? /[./]/ : /\//;
  return scope.split(sep).filter((s) => s !== '' && s !== '.');
}

/**
 * How the held rid covers a used rid: `same` (equal, compared without case as the policy compares
 * rids), `child` (a path below the held one, in a family read hierarchically; a root or `*` scope
 * covers every path of its family), or null.
 */
export function ridCovers(held: string, used: string): 'same' | 'child' | null {
  if (held.toLowerCase() === used.toLowerCase()) return 'same';
  const h = scopeOf(held);
  const u = scopeOf(used);
  if (!h || !u || h.family !== u.family) return null;
  const hs = segments(h.scope, h.family);
  if (hs.length > 0 && hs[hs.length - 1] === '*') hs.pop();
  const us = segments(u.scope, u.family);
  if (us.length <= hs.length) return null;
  for (let i = 0; i < hs.length; i++) if (hs[i] !== us[i]) return null;
  return 'child';
}

/** Does a held (rid, action) cover a use of (rid, action)? The rid rule above, then the action rule. */
export function grantCovers(held: { rid: string; action: string }, used: { rid: string; action: string }): 'same' | 'child' | null {
  const how = ridCovers(held.rid, used.rid);
  if (how === null) return null;
  return actionCovers(held.action, used.action) ? how : null;
}
