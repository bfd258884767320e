// Turns a catalog match into what a user reads: risk, a one-line explanation, warnings.
import type { Risk } from '../types.js';
import type { CatalogEntry } from './parse.js';
import { isAlwaysDangerous, rateEntry, RISK_ORDER } from './risk.js';

export interface Explanation {
  /** The catalog pattern that matched, or null. */
  pattern: string | null;
  risk: Risk;
  explanation: string;
  warnings: string[];
  /** Whether the pattern lists this action (false: a grant may have no effect). */
  honoured: boolean;
  /** Why this rid is rated above its row's usual risk (an over-broad form, ':root'), or null. */
  why: string | null;
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
  const rated = rateEntry(entry, rid, action);
  const honoured = entry.actions.includes(action);
  // An action the row does not list: the catalog cannot say what granting it does, so it is rated
  // as an uncatalogued rid is (at least unknown: a confirmation), never granted silently. Not `full`:
  // it allows every action the row lists (docs/iam-api.md), and rateEntry rates it by all of them.
  const { risk, why } = honoured || action === 'full' || RISK_ORDER[rated.risk] >= RISK_ORDER.unknown
    ? rated
    : { risk: 'unknown' as const, why: `action '${action}' is not one this permission lists (only ${entry.actions.join(', ')})` };
  const { explanation, authOnly } = textOf(entry);
  // An over-broad (or root) form says first why it is rated above the row's usual risk.
  const lead = why ? `${why.charAt(0).toUpperCase()}${why.slice(1)}. ` : '';
  const warnings: string[] = [];
  if (!honoured) {
    const only = `(only ${entry.actions.join(', ')})`;
    warnings.push(action === 'full'
      ? `action 'full' is not one ${entry.pattern} lists ${only}: it allows every one of those`
      : `action '${action}' is not one ${entry.pattern} honours ${only}: granting it may have no effect`);
  }
  if (authOnly) warnings.push('Admin Router only checks authentication here: a grant should not be needed');
  return { pattern: entry.pattern, risk, explanation: `${lead}${explanation}`, warnings, honoured, why };
}

export function explainUnknown(rid: string): Explanation {
  const dangerous = isAlwaysDangerous(rid);
  return {
    pattern: null,
    risk: dangerous ? 'dangerous' : 'unknown',
    explanation: 'Not in the DC/OS permission catalog: check the documentation of the component that logged it.',
    warnings: [`${rid} matches no catalog pattern`],
    honoured: true,
    why: null,
  };
}
