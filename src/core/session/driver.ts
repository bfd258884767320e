// The loop's one sequence (create → mark held → observe → begin batch → apply, and undo), shared by
// the TUI, the headless demo and any future unattended mode. Pure: each event returns the next state
// and, when the caller must act, one effect; the caller sends the IAM request and feeds the answer
// back as an event. One request at a time: a second one asked for while one is in flight is refused.
import type { Finding, GrantPair, PairResult } from '../types.js';
import { answerPair, applyBatch, applyUndo, beginBatch, beginUndo, createSession, currentRound, forgetRevoked, markHeld, observe, setSelected, toggleSelected, type SessionInit } from './state.js';
import { isHeldNow, keyOf } from './pair-results.js';
import type { SessionState } from './types.js';
import type { UnusedReport } from '../usage/index.js';
import { answerUnused, applyRegrant, applyRevoke, beginRevoke, createUnusedList, loaded, loadFailed, noteGrants, selectUnused, startLoad, toggleUnused, type UnusedList } from './unused.js';

/** The IAM request in flight; `answeredAt`: when each of its pairs was answered so far, by key. */
export type LoopJob = (
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
  | { kind: 'undo'; batchId: string; pairs: GrantPair[] }
  /** The unused list's batch: revoke what the account holds and did not use. */
  | { kind: 'revoke'; batchId: string; n: number; pairs: GrantPair[] }
  /** Its undo: grant back exactly what that batch revoked. */
  | { kind: 'regrant'; batchId: string; pairs: GrantPair[] }
) & { answeredAt: Record<string, number> };

export interface LoopState {
  session: SessionState;
  /** Grant batches started so far. */
  batches: number;
  job: LoopJob | null;
  /** The second list (held, not used in the window): with one account under review only. */
  unused: UnusedList | null;
  /** Revoke batches started so far. */
  revokes: number;
}

export type LoopEvent =
  /** What the scan has found so far, and how many lines it read. */
  | { type: 'observed'; findings: readonly Finding[]; lines: number; now: number }
  /** Pairs the IAM says the account already holds. */
  | { type: 'held'; pairs: GrantPair[]; now: number }
  | { type: 'toggle'; key: string }
  | { type: 'select'; keys: Iterable<string>; on: boolean }
  | { type: 'grant'; pairs: GrantPair[]; findings: readonly Finding[] }
  /** One pair of the job in flight was answered at `at` (the job's own answer, with every pair, follows). */
  | { type: 'answered'; result: PairResult; at: number }
  | { type: 'granted'; results: PairResult[]; now: number }
  | { type: 'undo'; batchId: string; pairs: GrantPair[] }
  | { type: 'undone'; results: PairResult[]; now: number }
  /** The unused list: (re)compute its verdict; its answer or failure, tagged with the load asked. */
  | { type: 'usageLoad' }
  | { type: 'usageLoaded'; loadId: number; report: UnusedReport }
  | { type: 'usageFailed'; loadId: number; error: string }
  | { type: 'unusedToggle'; key: string }
  | { type: 'unusedSelect'; keys: Iterable<string>; on: boolean }
  | { type: 'revoke'; pairs: GrantPair[] }
  | { type: 'revoked'; results: PairResult[]; now: number }
  | { type: 'regrant'; batchId: string; pairs: GrantPair[] }
  | { type: 'regranted'; results: PairResult[]; now: number }
  /** The answer to the job in flight could not be delivered (the caller failed on it): free the loop for the next request. */
  | { type: 'jobLost' };

export type LoopEffect =
  /** Send `job` to the IAM; `what` is the one line to show while it runs. */
  | { type: 'send'; job: LoopJob; what: string }
  /** Refused: `what` is in flight. */
  | { type: 'busy'; what: string }
  /** A grant batch was answered and applied; `effective`: something is now held. */
  | { type: 'batchDone'; n: number; round: number; results: PairResult[]; effective: boolean }
  | { type: 'undoDone'; batchId: string; results: PairResult[] }
  /** Read the account's holdings and the usage of the sources; answer with `usageLoaded` of this loadId. */
  | { type: 'loadUsage'; uid: string; loadId: number }
  | { type: 'revokeDone'; n: number; results: PairResult[]; effective: boolean }
  | { type: 'regrantDone'; batchId: string; results: PairResult[] };

export interface LoopStep {
  state: LoopState;
  effect: LoopEffect | null;
}

export function startLoop(init: SessionInit): LoopState {
  return { session: createSession(init), batches: 0, job: null, unused: init.uid !== null ? createUnusedList(init.uid) : null, revokes: 0 };
}

/** The line shown while `job` runs. */
export const jobText = (job: LoopJob): string => {
  const n = job.pairs.length;
  switch (job.kind) {
    case 'grant':
      return `granting ${n} permission(s)`;
    case 'undo':
      return `undoing: revoking ${n} permission(s)`;
    case 'revoke':
      return `revoking ${n} permission(s)`;
    case 'regrant':
      return `undoing: granting back ${n} permission(s)`;
  }
};

const withUnused = (l: LoopState, f: (u: UnusedList) => UnusedList): LoopStep => {
  if (!l.unused) return { state: l, effect: null };
  const unused = f(l.unused);
  return { state: unused === l.unused ? l : { ...l, unused }, effect: null };
};

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
      const job: LoopJob = { kind: 'grant', batchId: `${l.session.id}-b${n}`, n, round: currentRound(l.session).n, pairs: e.pairs, findings: e.findings, answeredAt: {} };
      return { state: { ...l, session: beginBatch(l.session, e.pairs, job.batchId), batches: n, job }, effect: { type: 'send', job, what: jobText(job) } };
    }
    case 'answered': {
      const job = l.job;
      const k = keyOf(e.result);
      if (!job || !job.pairs.some((p) => keyOf(p) === k)) return { state: l, effect: null };
      const next = { ...job, answeredAt: { ...job.answeredAt, [k]: e.at } };
      // The rows of the list the job is from show the answer now; the held-not-used list's answers
      // change what the denials list counts as held now too, not when the batch ends.
      const fromUnused = job.kind === 'revoke' || job.kind === 'regrant';
      const unused = l.unused && fromUnused ? answerUnused(l.unused, e.result) : l.unused;
      return { state: { ...l, job: next, session: answeredHere(l.session, job.kind, e.result, e.at), unused }, effect: null };
    }
    case 'granted': {
      const job = l.job;
      if (job?.kind !== 'grant') return { state: l, effect: null };
      const session = applyBatch(l.session, job.batchId, e.results, e.now, job.findings);
      const effective = e.results.some((r) => isHeldNow(r));
      const unused = l.unused && noteGrants(l.unused, e.results, false);
      return { state: { ...l, session, unused, job: null }, effect: { type: 'batchDone', n: job.n, round: job.round, results: e.results, effective } };
    }
    case 'undo': {
      if (!e.pairs.length) return { state: l, effect: null };
      if (l.job) return { state: l, effect: { type: 'busy', what: jobText(l.job) } };
      const job: LoopJob = { kind: 'undo', batchId: e.batchId, pairs: e.pairs, answeredAt: {} };
      return { state: { ...l, session: beginUndo(l.session, e.pairs, e.batchId), job }, effect: { type: 'send', job, what: jobText(job) } };
    }
    case 'undone': {
      const job = l.job;
      if (job?.kind !== 'undo') return { state: l, effect: null };
      const session = applyUndo(l.session, job.batchId, e.results, e.now);
      const unused = l.unused && noteGrants(l.unused, e.results, true);
      return { state: { ...l, session, unused, job: null }, effect: { type: 'undoDone', batchId: job.batchId, results: e.results } };
    }
    case 'usageLoad': {
      if (!l.unused || l.unused.load === 'loading') return { state: l, effect: null };
      const unused = startLoad(l.unused);
      return { state: { ...l, unused }, effect: { type: 'loadUsage', uid: unused.uid, loadId: unused.loadId } };
    }
    case 'usageLoaded':
      return withUnused(l, (u) => loaded(u, e.loadId, e.report));
    case 'usageFailed':
      return withUnused(l, (u) => loadFailed(u, e.loadId, e.error));
    case 'unusedToggle':
      return withUnused(l, (u) => toggleUnused(u, e.key));
    case 'unusedSelect':
      return withUnused(l, (u) => selectUnused(u, e.keys, e.on));
    case 'revoke': {
      if (!l.unused || !e.pairs.length) return { state: l, effect: null };
      if (l.job) return { state: l, effect: { type: 'busy', what: jobText(l.job) } };
      const n = l.revokes + 1;
      const job: LoopJob = { kind: 'revoke', batchId: `${l.session.id}-r${n}`, n, pairs: e.pairs, answeredAt: {} };
      return { state: { ...l, unused: beginRevoke(l.unused, e.pairs), revokes: n, job }, effect: { type: 'send', job, what: jobText(job) } };
    }
    case 'revoked': {
      const job = l.job;
      if (job?.kind !== 'revoke' || !l.unused) return { state: l, effect: null };
      const unused = applyRevoke(l.unused, job.batchId, job.n, e.results, e.now, job.answeredAt);
      const effective = e.results.some((r) => r.outcome === 'revoked');
      return { state: { ...l, session: forgetRevoked(l.session, e.results, e.now), unused, job: null }, effect: { type: 'revokeDone', n: job.n, results: e.results, effective } };
    }
    case 'regrant': {
      if (!l.unused || !e.pairs.length) return { state: l, effect: null };
      if (l.job) return { state: l, effect: { type: 'busy', what: jobText(l.job) } };
      const job: LoopJob = { kind: 'regrant', batchId: e.batchId, pairs: e.pairs, answeredAt: {} };
      return { state: { ...l, unused: beginRevoke(l.unused, e.pairs), job }, effect: { type: 'send', job, what: jobText(job) } };
    }
    case 'regranted': {
      const job = l.job;
      if (job?.kind !== 'regrant' || !l.unused) return { state: l, effect: null };
      const unused = applyRegrant(l.unused, job.batchId, e.results, e.now, job.answeredAt);
      const back = e.results.filter((r) => isHeldNow(r));
      return { state: { ...l, session: markHeld(l.session, back, e.now), unused, job: null }, effect: { type: 'regrantDone', batchId: job.batchId, results: e.results } };
    }
    case 'jobLost': {
      // Its answers will not come: no row of either list stays in flight (one job at a time).
      if (!l.job) return { state: l, effect: null };
      const session = { ...l.session, inFlight: new Set<string>(), running: null };
      return { state: { ...l, job: null, session, unused: l.unused && { ...l.unused, inFlight: new Set<string>() } }, effect: null };
    }
  }
}

/** One pair of a `kind` job answered, on the denials list: as its job's end does to that pair. */
function answeredHere(s: SessionState, kind: LoopJob['kind'], r: PairResult, at: number): SessionState {
  switch (kind) {
    case 'grant':
    case 'undo':
      return answerPair(s, r, at);
    case 'revoke':
      return forgetRevoked(s, [r], at);
    case 'regrant':
      return isHeldNow(r) ? markHeld(s, [r], at) : s;
  }
}

/** A request that threw: every pair failed with its one-line reason (the loop goes on). */
export const failedResults = (pairs: readonly GrantPair[], why: string): PairResult[] =>
  pairs.map((p) => ({ ...p, outcome: 'failed' as const, detail: why, aclCreated: false }));
