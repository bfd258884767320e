// Risk of a concrete rid under its catalog row: the highest of the row's rules that apply, and why.
import type { Risk } from '../types.js';
import type { CatalogEntry, RiskRule } from './parse.js';
import { isRootScope, isUnscopedRid, resolvedRid, scopeSegments } from './scope.js';

/** From least to most care needed; `unknown` sits below `sensitive` but is never treated as `normal`. */
export const RISK_ORDER: Record<Risk, number> = { normal: 0, unknown: 1, sensitive: 2, dangerous: 3 };

export const maxRisk = (a: Risk, b: Risk): Risk => (RISK_ORDER[b] > RISK_ORDER[a] ? b : a);

/**
 * Rids that are dangerous whatever the catalog says (also when no row matches): `dcos:superuser`,
 * `dcos:adminrouter:acs` (superuser-equivalent), running tasks as root, and the unscoped
 * `task:user` (= any user, root included). Case-insensitive: `dcos:SuperUser` is the same rid.
 */
export function isAlwaysDangerous(rid: string): boolean {
  const r = rid.toLowerCase();
  if (r === 'dcos:superuser' || r === 'dcos:adminrouter:acs') return true;
  // No user, or one that resolves to none or to root as a path (`:/root`, `:./root`, `:/`).
  const user = /(?:^|:)task:user(?::(.*))?$/.exec(r);
  if (!user) return false;
  const value = user[1] ?? '';
  return isRootScope(value) || scopeSegments(value).join('/') === 'root';
}

/** Whether `rid` is the row's unscoped form (for a role row, `*` is the default role: a scope). */
export const isUnscopedOf = (entry: CatalogEntry, rid: string): boolean => isUnscopedRid(entry.base, rid, !entry.starIsValue);

function applies(rule: RiskRule, entry: CatalogEntry, rid: string, action: string): boolean {
  // `full` allows every action on its rid (docs/iam-api.md): a rule for any action applies to it too.
  if (rule.actions && action !== 'full' && !rule.actions.includes(action)) return false;
  switch (rule.scope.kind) {
    case 'always':
      return true;
    case 'unscoped':
      return isUnscopedOf(entry, rid);
    case 'suffix':
      return resolvedRid(entry.base, rid).endsWith(rule.scope.suffix) && !isUnscopedOf(entry, rid);
  }
}

export interface RatedRid {
  risk: Risk;
  /** Why, when a scoped rule (unscoped, a suffix) raised the risk and says so; else null. */
  why: string | null;
}

/** The row's rating for this rid and action: its most severe applicable rule (normal when none). */
export function rateEntry(entry: CatalogEntry, rid: string, action: string): RatedRid {
  let out: RatedRid = { risk: 'normal', why: null };
  for (const rule of entry.riskRules) {
    if (!applies(rule, entry, rid, action) || RISK_ORDER[rule.risk] < RISK_ORDER[out.risk]) continue;
    const why = rule.scope.kind === 'always' ? null : rule.why;
    // Same risk: keep the first reason, unless only the later one says something specific.
    if (rule.risk !== out.risk || (out.why === null && why !== null)) out = { risk: rule.risk, why };
  }
  if (isAlwaysDangerous(rid) && out.risk !== 'dangerous') out = { risk: 'dangerous', why: 'superuser-equivalent, or tasks as root on the agents' };
  return out;
}

/** Whether any rule of the row is about unscoped rids (so its root forms belong to it). */
export const hasUnscopedRule = (entry: CatalogEntry): boolean => entry.riskRules.some((r) => r.scope.kind === 'unscoped');
