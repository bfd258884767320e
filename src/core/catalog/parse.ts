// Parses the permission catalog (permissions.tsv beside this file) into entries with compiled rid patterns.
// Pattern syntax (see iam-api.md): `<name>` placeholder, `[...]` optional part (leaving it out covers
// all values), every other character literal (including `*`, as in `dcos:cluster:linker:*`).
import type { Risk } from '../types.js';

export interface CatalogEntry {
  /** The rid pattern as the catalog writes it. */
  pattern: string;
  /** Actions the authorizer checks on this rid. */
  actions: string[];
  component: string;
  since: string;
  notes: string;
  /** Compiled matcher for concrete rids. */
  regex: RegExp;
  /** Literal characters in the pattern: more = more specific. */
  literalLength: number;
  /** No placeholders and no optional part: an exact rid. */
  exact: boolean;
  /** The rid the pattern gives when every optional part is left out (only if that has no placeholder). */
  unscoped: string | null;
  /** Risk as the notes state it, possibly conditional on the suffix. */
  riskRule: RiskRule;
}

export type RiskRule =
  | { kind: 'always'; risk: Risk }
  /** Risk applies when the rid ends with one of `suffixes` (e.g. `:root`) or, if `unscoped`, has no suffix. */
  | { kind: 'when'; risk: Risk; suffixes: string[]; unscoped: boolean };

/**
 * What a placeholder may contain. Most values are paths (so `/` is allowed) but never `:`;
 * ids and user names are single segments; an Admin Router service endpoint may use the 1.10 `group:name` form.
 */
const SEGMENT = '[^:/]+';
const PATH = '[^:]+';
const PLACEHOLDER_CLASS: Record<string, string> = {
  'linux-user-name': SEGMENT,
  'service-account-id': SEGMENT,
  'cluster-id': SEGMENT,
  'pool-name': SEGMENT,
  'service-endpoint': '.+',
};

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles one pattern; throws on an unbalanced bracket (the catalog is ours, so that is a bug). */
export function compilePattern(pattern: string): { regex: RegExp; literalLength: number; exact: boolean; unscoped: string | null } {
  let re = '';
  let literalLength = 0;
  let depth = 0;
  let hasPlaceholder = false;
  let hasOptional = false;
  let unscoped = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '[') {
      depth++;
      hasOptional = true;
      re += '(?:';
    } else if (c === ']') {
      if (depth === 0) throw new Error(`catalog pattern ${pattern}: unbalanced ']'`);
      depth--;
      re += ')?';
    } else if (c === '<') {
      const end = pattern.indexOf('>', i);
      if (end < 0) throw new Error(`catalog pattern ${pattern}: unclosed '<'`);
      const name = pattern.slice(i + 1, end);
      re += `(${PLACEHOLDER_CLASS[name] ?? PATH})`;
      hasPlaceholder = true;
      if (depth === 0) unscoped = '\u0000'; // a mandatory placeholder: no unscoped form
      i = end;
    } else {
      re += escapeRe(c);
      literalLength++;
      if (depth === 0) unscoped += c;
    }
  }
  if (depth !== 0) throw new Error(`catalog pattern ${pattern}: unbalanced '['`);
  return {
    regex: new RegExp(`^${re}$`),
    literalLength,
    exact: !hasPlaceholder && !hasOptional,
    unscoped: unscoped.includes('\u0000') ? null : unscoped,
  };
}

/** Reads the risk words of the notes, including the conditional forms the catalog uses. */
export function riskRuleFromNotes(notes: string): RiskRule {
  const risk: Risk | null = /\bDANGEROUS\b/.test(notes) ? 'dangerous' : /\bSENSITIVE\b/.test(notes) ? 'sensitive' : null;
  if (!risk) return { kind: 'always', risk: 'normal' };
  // "':root' is SENSITIVE", "':root' or no suffix (= any user) is SENSITIVE"
  const suffix = /'(:[^']+)'( or no suffix[^.]*?)? is (?:SENSITIVE|DANGEROUS)/.exec(notes);
  if (suffix) return { kind: 'when', risk, suffixes: [suffix[1]], unscoped: Boolean(suffix[2]) };
  // "Unscoped = can tear down any framework. SENSITIVE."
  if (/\bUnscoped = [^.]*\.\s*(?:SENSITIVE|DANGEROUS)/.test(notes)) return { kind: 'when', risk, suffixes: [], unscoped: true };
  return { kind: 'always', risk };
}

/** Parses the TSV (header row first). Rows with too few columns are skipped. */
export function parseCatalog(tsv: string): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  const lines = tsv.split(/\r?\n/);
  for (let n = 1; n < lines.length; n++) {
    const cols = lines[n].split('\t');
    if (cols.length < 5 || !cols[0].trim()) continue;
    const [pattern, actions, component, since, ...rest] = cols.map((c) => c.trim());
    const notes = rest.join(' ');
    entries.push({
      pattern,
      actions: actions.split(',').map((a) => a.trim()).filter(Boolean),
      component,
      since,
      notes,
      ...compilePattern(pattern),
      riskRule: riskRuleFromNotes(notes),
    });
  }
  return entries;
}
