// The DC/OS permission catalog: match a concrete rid to its pattern, explain it, rate its risk.
import type { Risk } from '../types.js';
import { PERMISSIONS_TSV } from './data.js';
import { explainEntry, explainUnknown, type Explanation } from './explain.js';
import { parseCatalog, type CatalogEntry } from './parse.js';
import { hasUnscopedRule, isUnscopedOf } from './risk.js';


export interface Catalog {
  entries: readonly CatalogEntry[];
  /**
   * The most specific entry matching the rid, case-insensitively (exact rows first, then the most
   * literal characters); else a row with an `unscoped` risk rule whose root form this is
   * (`services:`, `secrets:default://`); else null.
   */
  match(rid: string): CatalogEntry | null;
  explain(rid: string, action: string): Explanation;
  riskOf(rid: string, action: string): Risk;
  isDangerous(rid: string, action?: string): boolean;
}

export function createCatalog(tsv: string = PERMISSIONS_TSV): Catalog {
  const entries = parseCatalog(tsv);
  const exact = new Map(entries.filter((e) => e.exact).map((e) => [e.pattern.toLowerCase(), e]));
  // Most specific first, so the first match wins.
  const patterns = entries.filter((e) => !e.exact).sort((a, b) => b.literalLength - a.literalLength);
  const broad = patterns.filter(hasUnscopedRule);
  const match = (rid: string): CatalogEntry | null =>
    exact.get(rid.toLowerCase()) ?? patterns.find((e) => e.regex.test(rid)) ?? broad.find((e) => isUnscopedOf(e, rid)) ?? null;
  const explain = (rid: string, action: string): Explanation => {
    const entry = match(rid);
    return entry ? explainEntry(entry, rid, action) : explainUnknown(rid);
  };
  return {
    entries,
    match,
    explain,
    riskOf: (rid, action) => explain(rid, action).risk,
    // explain() already rates the always-dangerous rids dangerous, whatever their row says.
    isDangerous: (rid, action = 'full') => explain(rid, action).risk === 'dangerous',
  };
}

let builtIn: Catalog | null = null;
/** The catalog the project ships (built on first use). */
export function defaultCatalog(): Catalog {
  builtIn ??= createCatalog();
  return builtIn;
}

export const matchRid = (rid: string): CatalogEntry | null => defaultCatalog().match(rid);
export const explain = (rid: string, action: string): Explanation => defaultCatalog().explain(rid, action);
export const riskOf = (rid: string, action: string): Risk => defaultCatalog().riskOf(rid, action);
export const isDangerous = (rid: string, action?: string): boolean => defaultCatalog().isDangerous(rid, action);
