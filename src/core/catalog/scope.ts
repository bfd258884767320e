// Over-broad rids: a rid whose scope is missing or covers everything. DC/OS authorizers read
// Marathon groups, Mesos app ids and secret paths hierarchically, so `services:/`, `services://`,
// `services:/dev/..` and `secrets:default:/*` all reach as far as leaving the suffix out does.

/**
 * Whether a scope value (the text after `base:`) names no scope at all: empty, `/`, `*`, `/*`, or
 * any path that resolves to one of them once empty and `.` segments are dropped and `..` applied.
 * With `star` false, `*` is a value like any other (a Mesos role's: the default role).
 */
export function isRootScope(value: string, star = true): boolean {
  const segments = scopeSegments(value);
  return segments.length === 0 || (star && segments.length === 1 && segments[0] === '*');
}

/** The path a scope value resolves to: its segments once empty and `.` ones are dropped and `..` applied. */
export function scopeSegments(value: string): string[] {
  const segments: string[] = [];
  for (const s of value.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(s);
  }
  return segments;
}

/**
 * `rid` (lower case) with its scope after `base` resolved as a path (`…:role:/*` reads `…:role:*`,
 * `…:user:./root` reads `…:user:root`): what a rule about a scope's value is checked against, so
 * that spelling a value as a path does not slip past the rule (the authorizer may resolve it).
 */
export function resolvedRid(base: string, rid: string): string {
  const r = rid.toLowerCase();
  if (!r.startsWith(`${base}:`)) return r;
  return `${base}:${scopeSegments(r.slice(base.length + 1)).join('/')}`;
}

/**
 * Whether `rid` is the unscoped form of a row whose literal start is `base` (lower case): `base`
 * itself, or `base:` followed by a root scope (`star`: as isRootScope). Compared case-insensitively.
 */
export function isUnscopedRid(base: string, rid: string, star = true): boolean {
  const r = rid.toLowerCase();
  if (r === base) return true;
  if (!r.startsWith(`${base}:`)) return false;
  return isRootScope(r.slice(base.length + 1), star);
}
