// Which held grant covers a use: the same rid, a row's unscoped form (leaving the optional scope
// out covers every value: the catalog says which rows), or a parent whose scope the authorizer
// reads down a path (docs/usage.md). The action rule is the one the loop already uses (`full` on
// a rid covers every action there: core/policy/covers.ts), not a second copy.
import { defaultCatalog, isUnscopedOf, type CatalogEntry } from '../catalog/index.js';
import { actionCovers } from '../policy/covers.js';

let scopeRows: readonly CatalogEntry[] | null = null;
/** The catalog rows whose scope may be left out (`dcos:mesos:master:task:app_id`). */
function optionalScopeRows(): readonly CatalogEntry[] {
  scopeRows ??= defaultCatalog().entries.filter((e) => e.optionalScope);
  return scopeRows;
}

// A handful of held rids, each compared with every use: remember which base each is the unscoped form of.
const unscopedOf = new Map<string, string | null>();
/** The base of the row whose unscoped form `rid` (lower case) is, or null. */
function unscopedBase(rid: string): string | null {
  let base = unscopedOf.get(rid);
  if (base === undefined) {
    // The risk rules' reading: a role row's `*` is the default role, not every role.
    base = optionalScopeRows().find((e) => isUnscopedOf(e, rid))?.base ?? null;
    if (unscopedOf.size >= 1024) unscopedOf.clear();
    unscopedOf.set(rid, base);
  }
  return base;
}

/**
 * Rid families whose last part is a path that DC/OS authorizers read hierarchically (Marathon
 * service groups, Metronome job groups, Mesos app ids and roles, secret paths and listings), each
 * up to the `:` before its scope. Admin Router service rids are not among them:
 * `dcos:adminrouter:service:a` does not cover `…:a/b`.
 */
const HIERARCHICAL: readonly RegExp[] = [
  /^dcos:service:marathon:[^:]+:services:/i,
  /^dcos:service:metronome:[^:]+:jobs:/i,
  /^dcos:mesos:(master|agent):[a-z_:]*:app_id:/i,
  /^dcos:mesos:(master|agent):[a-z_]+:role:/i,
  /^dcos:secrets:default:/i,
  /^dcos:secrets:list:default:/i,
];

const isRoleFamily = (family: string): boolean => family.endsWith(':role:');

/** The scope part of a hierarchical rid (after its family prefix), or null when the rid has none. */
function scopeOf(rid: string): { family: string; scope: string } | null {
  for (const re of HIERARCHICAL) {
    const m = re.exec(rid);
    // Without case, as whole rids are compared: a grant on `/Dev` is read as covering `/dev/app`
    // (the broader reading: one wrongly called unused gets revoked).
    if (m) return { family: m[0].toLowerCase(), scope: rid.slice(m[0].length).toLowerCase() };
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
 * rids), `child` (the held rid is a catalog row's unscoped form and the used one extends its base
 * at a `:`; or a path below the held one, in a family read hierarchically), or null.
 */
export function ridCovers(held: string, used: string): 'same' | 'child' | null {
  const heldLc = held.toLowerCase();
  const usedLc = used.toLowerCase();
  if (heldLc === usedLc) return 'same';
  // The superuser's permission is consulted for every authorization: it covers each use there is.
  if (heldLc === 'dcos:superuser') return 'child';
  const base = unscopedBase(heldLc);
  if (base !== null && (usedLc === base || usedLc.startsWith(`${base}:`))) return 'child';
  const h = scopeOf(held);
  const u = scopeOf(used);
  if (!h || !u || h.family !== u.family) return null;
  const hs = segments(h.scope, h.family);
  // `/svc/*` covers what is below `/svc`; a role named `*` is the default role, below which nothing is.
  if (hs.length > 0 && hs[hs.length - 1] === '*' && !isRoleFamily(h.family)) hs.pop();
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
