// A batch the operator quit while it ran: what its answer says was done, what may have been applied
// (unknown) and what was never sent (the batch stops between pairs at quit). Told in the summary and
// in the exit code (1: the batch was interrupted), so neither claims more or less than the IAM holds.
import type { PairResult } from '../types.js';
import type { LoopJob } from './driver.js';
import { idsText, whyText } from './screen-text.js';

export interface Interrupted {
  kind: LoopJob['kind'];
  /** The batch's answer (every pair: done, failed, unknown or not sent). */
  results: PairResult[];
}

export interface InterruptedReport {
  kind: LoopJob['kind'];
  /** Answered by the IAM (granted, revoked, held, absent, refused, failed for sure). */
  answered: PairResult[];
  /** Sent, no sure answer: the IAM may have applied it (the ledger says unknown). */
  unknown: PairResult[];
  /** Never sent: the batch stopped before them. */
  notSent: PairResult[];
}

const WHAT: Record<LoopJob['kind'], { batch: string; notSent: string }> = {
  grant: { batch: 'the grant batch', notSent: 'not granted' },
  undo: { batch: 'the undo', notSent: 'not revoked: still granted' },
  revoke: { batch: 'the revoke batch', notSent: 'not revoked: still held' },
  regrant: { batch: 'the undo of the revoke batch', notSent: 'not granted back' },
};

// By the result's fate, never its words: "not attempted: stopped after an earlier error" is not sent
// too, and a pair recorded unknown may carry another outcome word (a revoke's "already absent").
const isNotSent = (r: PairResult): boolean => r.fate === 'not sent';
const isUnknown = (r: PairResult): boolean => r.fate === 'maybe applied';

export function interruptedReport(i: Interrupted): InterruptedReport {
  const notSent = i.results.filter(isNotSent);
  const unknown = i.results.filter((r) => !isNotSent(r) && isUnknown(r));
  const answered = i.results.filter((r) => !isNotSent(r) && !isUnknown(r));
  return { kind: i.kind, answered, unknown, notSent };
}

/** One line for the exit code's reasons. */
export function interruptedWhy(r: InterruptedReport): string {
  return `quit during ${WHAT[r.kind].batch}: ${r.answered.length} pair(s) answered, ${r.unknown.length} unknown, ${r.notSent.length} not sent`;
}

/** The summary's lines: every pair not sent or unknown, by name. */
export function interruptedLines(r: InterruptedReport, session: string): string[] {
  const w = WHAT[r.kind];
  const out = [`quit during ${w.batch}: ${r.answered.length} pair(s) answered, ${r.notSent.length} not sent (nothing was sent after the quit), ${r.unknown.length} unknown`];
  // Named here: a batch that changed nothing (or a revoke's) is in no round above.
  for (const p of r.answered) out.push(`  answered ${idsText(p)}: ${p.outcome}${p.detail ? ` (${whyText(p.detail)})` : ''}`);
  for (const p of r.notSent) out.push(`  not sent ${idsText(p)} (${w.notSent})`);
  for (const p of r.unknown) out.push(`  unknown  ${idsText(p)} (sent, no answer: the IAM may have applied it)`);
  if (r.unknown.length && (r.kind === 'grant' || r.kind === 'regrant')) out.push(`the unknown grant(s) are in the ledger: audit2grant history shows them, audit2grant undo --session ${session} takes them back`);
  return out;
}
