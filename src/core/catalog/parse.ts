// Parses the permission catalog (permissions.tsv beside this file) into entries with compiled rid patterns.
// Pattern syntax (see docs/permission-catalog.md): `<name>` placeholder, `[...]` optional part (leaving it out covers
// all values), every other character literal (including `*`, as in `dcos:cluster:linker:*`).
// Rids compare case-insensitively: `dcos:SuperUser` is the same row as `dcos:superuser`.
import type { Risk } from '../types.js';

export interface CatalogEntry {
  /** The rid pattern as the catalog writes it. */
  pattern: string;
  /** Actions the authorizer checks on this rid. */
  actions: string[];
  component: string;
  since: string;
  notes: string;
  /** Compiled matcher for concrete rids (case-insensitive). */
  regex: RegExp;
  /** Literal characters in the pattern: more = more specific. */
  literalLength: number;
  /** No placeholders and no optional part: an exact rid. */
  exact: boolean;
  /**
   * The literal start of the pattern, before its first placeholder or optional part, without a
   * trailing `:` or `/` (`dcos:service:marathon:marathon:services`): what an unscoped rid is made of.
   */
  base: string;
  /**
   * The variable part starts with an optional `[…]`: the row's unscoped form (`base`, or `base:`
   * and a root scope: scope.ts) leaves the scope out, which covers every value of the row.
   */
  optionalScope: boolean;
  /**
   * The optional scope is a Mesos role (`<role-name>`): there `*` names the default role (the
   * catalog's notes, docs/permission-catalog.md), it is not every role, so it is no unscoped form.
   */
  starIsValue: boolean;
  /** Risk rules from the `risk` column, in the order written. */
  riskRules: RiskRule[];
}

/** Which rids of a row a risk rule covers. */
export type RiskScope =
  /** Every rid of the row. */
  | { kind: 'always' }
  /** The rid has no scope: the variable part is left out, empty, `/`, `*`, or a path resolving to them. */
  | { kind: 'unscoped' }
  /** The rid ends with this suffix (e.g. `:root`), compared case-insensitively. */
  | { kind: 'suffix'; suffix: string };

export interface RiskRule {
  scope: RiskScope;
  /** Only these actions (null = every action). */
  actions: string[] | null;
  risk: Exclude<Risk, 'unknown'>;
  /** Why this rid is rated so, for the explanation (null = the notes say it). */
  why: string | null;
}

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

/** Characters with a meaning in a regex, escaped where a pattern has them literally: a test per character, not a regex run (building the catalog: 2.6 -> 1.4 ms, cold). */
const REGEX_SYNTAX = '.*+?^${}()|[]\\';

/** Compiles one pattern; throws on an unbalanced bracket (the catalog is ours, so that is a bug). */
export function compilePattern(pattern: string): { regex: RegExp; literalLength: number; exact: boolean; base: string; optionalScope: boolean; starIsValue: boolean } {
  let re = '';
  let literalLength = 0;
  let depth = 0;
  let hasPlaceholder = false;
  let hasOptional = false;
  let base: string | null = null;
  let optionalScope = false;
  let scopeName: string | null = null;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '[') {
      depth++;
      hasOptional = true;
      if (base === null) optionalScope = true;
      base ??= pattern.slice(0, i);
      re += '(?:';
    } else if (c === ']') {
      if (depth === 0) throw new Error(`catalog pattern ${pattern}: unbalanced ']'`);
      depth--;
      re += ')?';
    } else if (c === '<') {
      const end = pattern.indexOf('>', i);
      if (end < 0) throw new Error(`catalog pattern ${pattern}: unclosed '<'`);
      const name = pattern.slice(i + 1, end);
      scopeName ??= name;
      re += `(${PLACEHOLDER_CLASS[name] ?? PATH})`;
      hasPlaceholder = true;
      base ??= pattern.slice(0, i);
      i = end;
    } else {
      re += REGEX_SYNTAX.includes(c) ? `\\${c}` : c;
      literalLength++;
    }
  }
  if (depth !== 0) throw new Error(`catalog pattern ${pattern}: unbalanced '['`);
  return {
    regex: new RegExp(`^${re}$`, 'i'),
    literalLength,
    exact: !hasPlaceholder && !hasOptional,
    base: (base ?? pattern).replace(/[:/]+$/, '').toLowerCase(),
    optionalScope,
    starIsValue: optionalScope && scopeName === 'role-name',
  };
}

const RULE_HEAD = /^(?:(unscoped|'[^'\s]+')(?:\(([a-z,]+)\))?\s+)?(normal|sensitive|dangerous)$/;

/**
 * The `risk` column: rules separated by `;`, each `[SCOPE[(ACTIONS)] ]RISK[: why]` where SCOPE is
 * `unscoped` or a quoted suffix (`':root'`), absent for every rid of the row, and RISK is normal,
 * sensitive or dangerous. Example: `sensitive; unscoped dangerous: no path = every secret`.
 * Throws on a rule it cannot read (the catalog is ours: a test reads every row).
 */
export function parseRiskRules(column: string, pattern = '?'): RiskRule[] {
  const rules: RiskRule[] = [];
  for (const text of column.split(';').map((s) => s.trim()).filter(Boolean)) {
    const sep = text.indexOf(': ');
    const head = (sep < 0 ? text : text.slice(0, sep)).trim();
    const why = sep < 0 ? null : text.slice(sep + 2).trim() || null;
    const m = RULE_HEAD.exec(head);
    if (!m) throw new Error(`catalog pattern ${pattern}: cannot read the risk rule ${JSON.stringify(text)}`);
    const [, scope, actions, risk] = m;
    rules.push({
      scope: !scope ? { kind: 'always' } : scope === 'unscoped' ? { kind: 'unscoped' } : { kind: 'suffix', suffix: scope.slice(1, -1).toLowerCase() },
      actions: actions ? actions.split(',') : null,
      risk: risk as RiskRule['risk'],
      why,
    });
  }
  return rules;
}

/**
 * Parses the TSV (header row first): rid_pattern, actions, component, since_version, notes, risk.
 * Rows with too few columns are skipped; a missing risk column means normal.
 */
export function parseCatalog(tsv: string): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  const lines = tsv.split(/\r?\n/);
  for (const line of lines.slice(1)) {
    const cols = line.split('\t').map((c) => c.trim());
    const [pattern = '', actions = '', component = '', since = '', notes = '', risk = ''] = cols;
    if (cols.length < 5 || !pattern) continue;
    entries.push({
      pattern,
      actions: actions.split(',').map((a) => a.trim()).filter(Boolean),
      component,
      since,
      notes,
      ...compilePattern(pattern),
      riskRules: parseRiskRules(risk, pattern),
    });
  }
  return entries;
}
