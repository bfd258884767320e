// The loop's one sequence (create → mark held → observe → begin batch → apply, and undo), shared by
// the TUI, the headless demo and any future unattended mode. Pure: each event returns the next state
// and, when the caller must act, one effect; the caller sends the IAM request and feeds the answer
// back as an event. One request at a time: a second one asked for while one is in flight is refused.
import type { Finding, GrantPair, PairResult } from '../types.js';
import { applyBatch, applyUndo, beginBatch, createSession, currentRound, markHeld, observe, setSelected, toggleSelected, type SessionInit } from './state.js';
import type { SessionState } from './types.js';

/** The IAM request in flight. */
export type LoopJob =
  | {
      kind: 'grant';
      batchId: string;
      /** The batch's number in this session (1-based, also the end of its id). */
      n: number;
      /** The round the batch closes. */
      round: number;
      pairs: GrantPair[];
      /** The findings when the grant was asked for (their counts are what "denied again" compares to). */
      findings: readonly Finding[];
    }
  | { kind: 'undo'; batchId: string; pairs: GrantPair[] };

export interface LoopState {
  session: SessionState;
  /** Grant batches started so far. */
  batches: number;
  job: LoopJob | null;
}

export type LoopEvent =
  /** What the scan has found so far, and how many lines it read. */
  | { type: 'observed'; findings: readonly Finding[]; lines: number; now: number }
  /** Pairs the IAM says the account already holds. */
  | { type: 'held'; pairs: GrantPair[]; now: number }
  | { type: 'toggle'; key: string }
  | { type: 'select'; keys: Iterable<string>; on: boolean }
  | { type: 'grant'; pairs: GrantPair[]; findings: readonly Finding[] }
  | { type: 'granted'; results: PairResult[]; now: number }
  | { type: 'undo'; batchId: string; pairs: GrantPair[] }
  | { type: 'undone'; results: PairResult[]; now: number };

export type LoopEffect =
  /** Send `job` to the IAM; `what` is the one line to show while it runs. */
  | { type: 'send'; job: LoopJob; what: string }
  /** Refused: `what` is in flight. */
  | { type: 'busy'; what: string }
  /** A grant batch was answered and applied; `effective`: something is now held. */
  | { type: 'batchDone'; n: number; round: number; results: PairResult[]; effective: boolean }
  | { type: 'undoDone'; batchId: string; results: PairResult[] };

export interface LoopStep {
  state: LoopState;
  effect: LoopEffect | null;
}

export function startLoop(init: SessionInit): LoopState {
  return { session: createSession(init), batches: 0, job: null };
}

/** The line shown while `job` runs. */
export const jobText = (job: LoopJob): string =>
  job.kind === 'grant' ? `granting ${job.pairs.length} permission(s)` : `undoing: revoking ${job.pairs.length} permission(s)`;

const withSession = (l: LoopState, session: SessionState): LoopStep => ({ state: session === l.session ? l : { ...l, session }, effect: null });

export function loopStep(l: LoopState, e: LoopEvent): LoopStep {
  switch (e.type) {
    case 'observed':
      return withSession(l, observe(l.session, e.findings, e.lines, e.now));
    case 'held':
      return withSession(l, markHeld(l.session, e.pairs, e.now));
    case 'toggle':
      return withSession(l, toggleSelected(l.session, e.key));
    case 'select':
      return withSession(l, setSelected(l.session, e.keys, e.on));
    case 'grant': {
      if (!e.pairs.length) return { state: l, effect: null };
      if (l.job) return { state: l, effect: { type: 'busy', what: jobText(l.job) } };
      const n = l.batches + 1;
      const job: LoopJob = { kind: 'grant', batchId: `${l.session.id}-b${n}`, n, round: currentRound(l.session).n, pairs: e.pairs, findings: e.findings };
      return { state: { session: beginBatch(l.session, e.pairs), batches: n, job }, effect: { type: 'send', job, what: jobText(job) } };
    }
    case 'granted': {
      const job = l.job;
      if (job?.kind !== 'grant') return { state: l, effect: null };
      const session = applyBatch(l.session, job.batchId, e.results, e.now, job.findings);
      const effective = e.results.some((r) => r.outcome === 'granted' || r.outcome === 'already held');
      return { state: { ...l, session, job: null }, effect: { type: 'batchDone', n: job.n, round: job.round, results: e.results, effective } };
    }
    case 'undo': {
      if (!e.pairs.length) return { state: l, effect: null };
      if (l.job) return { state: l, effect: { type: 'busy', what: jobText(l.job) } };
      const job: LoopJob = { kind: 'undo', batchId: e.batchId, pairs: e.pairs };
      return { state: { ...l, job }, effect: { type: 'send', job, what: jobText(job) } };
    }
    case 'undone': {
      const job = l.job;
      if (job?.kind !== 'undo') return { state: l, effect: null };
      const session = applyUndo(l.session, job.batchId, e.results, e.now);
      return { state: { ...l, session, job: null }, effect: { type: 'undoDone', batchId: job.batchId, results: e.results } };
    }
  }
}

/** A request that threw: every pair failed with its one-line reason (the loop goes on). */
export const failedResults = (pairs: readonly GrantPair[], why: string): PairResult[] =>
  pairs.map((p) => ({ ...p, outcome: 'failed' as const, detail: why, aclCreated: false }));
