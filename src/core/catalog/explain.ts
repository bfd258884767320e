// Turns a catalog match into what a user reads: risk, a one-line explanation, warnings.
import type { Risk } from '../types.js';
import type { CatalogEntry } from './parse.js';

export interface Explanation {
  /** The catalog pattern that matched, or null. */
  pattern: string | null;
  risk: Risk;
  explanation: string;
  warnings: string[];
  /** Whether the pattern lists this action (false: a grant may have no effect). */
  honoured: boolean;
}

/**
 * Rids that are dangerous whatever the catalog says: the IAM rails refuse them without
 * --allow-dangerous. `dcos:superuser`, `dcos:adminrouter:acs` (superuser-equivalent), running tasks
 * as root, and the unscoped `task:user` (= any user, root included).
 */
export function isAlwaysDangerous(rid: string): boolean {
  if (rid === 'dcos:superuser' || rid === 'dcos:adminrouter:acs') return true;
  return /(?:^|:)task:user(?::root)?$/.test(rid);
}

/** Risk from the entry's notes for this concrete rid. */
export function entryRisk(entry: CatalogEntry, rid: string): Risk {
  const rule = entry.riskRule;
  if (rule.kind === 'always') return rule.risk;
  if (rule.unscoped && rid === entry.unscoped) return rule.risk;
  if (rule.suffixes.some((s) => rid.endsWith(s) && rid !== entry.unscoped)) return rule.risk;
  return 'normal';
}

/** Sentences of the notes; `e.g.`/`i.e.` do not end a sentence. */
function sentences(notes: string): string[] {
  const out: string[] = [];
  const re = /\.(\s|$)/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(notes))) {
    const before = notes.slice(Math.max(start, m.index - 3), m.index);
    if (/(?:e\.g|i\.e)$/.test(before)) continue;
    out.push(notes.slice(start, m.index + 1).trim());
    start = m.index + 1;
  }
  if (notes.slice(start).trim()) out.push(notes.slice(start).trim());
  return out;
}

/** The first sentence of the notes, with the second when the first is too short to say much. */
export function firstSentence(notes: string): string {
  const [first = '', second] = sentences(notes);
  return first.length < 40 && second ? `${first} ${second}` : first;
}

function hierarchyHint(entry: CatalogEntry, sentence: string): string | null {
  if (/hierarch|inherit/i.test(sentence)) return null;
  if (/\bHIERARCHICAL\b/.test(entry.notes)) return 'Hierarchical: a grant on a group covers everything below it.';
  if (/\bNOT inherited\b/.test(entry.notes)) return 'Not inherited: nested services need their own grant.';
  return null;
}

/** What an entry says whatever the rid and action: worked out once per entry (a scan explains thousands of findings). */
const entryText = new WeakMap<CatalogEntry, { explanation: string; authOnly: boolean }>();

function textOf(entry: CatalogEntry): { explanation: string; authOnly: boolean } {
  let t = entryText.get(entry);
  if (!t) {
    const sentence = firstSentence(entry.notes).replace(/^HIERARCHICAL\b/, 'Hierarchical');
    const hint = hierarchyHint(entry, sentence);
    t = {
      explanation: hint ? `${sentence} ${hint}` : sentence,
      authOnly: /only checks authentication|Authentication only|only authenticates/i.test(entry.notes),
    };
    entryText.set(entry, t);
  }
  return t;
}

export function explainEntry(entry: CatalogEntry, rid: string, action: string): Explanation {
  const risk = isAlwaysDangerous(rid) ? 'dangerous' : entryRisk(entry, rid);
  const { explanation, authOnly } = textOf(entry);
  const warnings: string[] = [];
  const honoured = entry.actions.includes(action);
  if (!honoured) {
    warnings.push(`action '${action}' is not one ${entry.pattern} honours (only ${entry.actions.join(', ')}): granting it may have no effect`);
  }
  if (authOnly) warnings.push('Admin Router only checks authentication here: a grant should not be needed');
  return { pattern: entry.pattern, risk, explanation, warnings, honoured };
}

export function explainUnknown(rid: string): Explanation {
  const dangerous = isAlwaysDangerous(rid);
  return {
    pattern: null,
    risk: dangerous ? 'dangerous' : 'unknown',
    explanation: 'Not in the DC/OS permission catalog: check the documentation of the component that logged it.',
    warnings: [`${rid} matches no catalog pattern`],
    honoured: true,
  };
}
