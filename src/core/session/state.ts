// Transitions of the session state. Every function returns a new state (React-friendly) and takes
// the time as an argument.
import type { Finding, GrantPair, PairResult } from '../types.js';
import { inGrace } from './grace.js';
import type { Batch, HeldRecord, Round, RunningBatch, SessionState } from './types.js';
import { isGone, isHeldNow, isReverted, keyOf, reverted, stamped } from './pair-results.js';

export interface SessionInit {
  id: string;
  uid: string | null;
  by?: string | null;
  now: number;
  /** Pairs the principal already holds (from the IAM), so matching findings show `already held`. */
  heldBefore?: GrantPair[];
}

const newRound = (n: number, openedAt: number): Round => ({ n, openedAt, closedAt: null, batch: null, denials: {}, undone: [], failed: [] });

export function createSession(init: SessionInit): SessionState {
  return {
    id: init.id,
    uid: init.uid,
    by: init.by ?? null,
    startedAt: init.now,
    rounds: [newRound(1, init.now)],
    selected: new Set(),
    inFlight: new Set(),
    running: null,
    batches: [],
    heldBefore: (init.heldBefore ?? []).map((p) => ({ uid: p.uid, rid: p.rid, action: p.action, at: init.now, batch: null, outcome: 'already held' })),
    lastResult: {},
    seenCounts: {},
    seenLines: 0,
    lastDenialAt: null,
    lastActivityAt: null,
    tally: {},
  };
}

export const currentRound = (s: SessionState): Round => roundAt(s.rounds, s.rounds.length - 1);

/** Round `i`; a session opens round 1 when it starts, so an index from its own rounds always holds one. */
function roundAt(rounds: readonly Round[], i: number): Round {
  const r = rounds[i];
  if (r === undefined) throw new Error(`session state has no round ${i + 1} (of ${rounds.length})`);
  return r;
}

/** Record pairs found held later (e.g. after the IAM answered); idempotent. */
export function markHeld(s: SessionState, pairs: GrantPair[], now: number): SessionState {
  const known = new Set(s.heldBefore.map(keyOf));
  const add: HeldRecord[] = pairs.filter((p) => !known.has(keyOf(p))).map((p) => ({ uid: p.uid, rid: p.rid, action: p.action, at: now, batch: null, outcome: 'already held' }));
  return add.length ? { ...s, heldBefore: [...s.heldBefore, ...add] } : s;
}

export function setSelected(s: SessionState, keys: Iterable<string>, on: boolean): SessionState {
  const next = new Set(s.selected);
  for (const k of keys) {
    if (on) next.add(k);
    else next.delete(k);
  }
  return { ...s, selected: next };
}

export function toggleSelected(s: SessionState, key: string): SessionState {
  return setSelected(s, [key], !s.selected.has(key));
}

/**
 * Take a snapshot of the findings (and the line count) and notice what is new: deny counts that grew
 * are the current round's denials and move `lastDenialAt`; any new line moves `lastActivityAt`.
 * A denial logged within the propagation grace after the grant covering it belongs to the round that
 * grant closed (it is the tail of the denials before it): it is not a new denial.
 */
export function observe(s: SessionState, findings: readonly Finding[], lines: number, now: number): SessionState {
  let grew = false;
  let fresh = false;
  let seenCounts = s.seenCounts;
  let rounds: Round[] | null = null;
  const copied = new Map<number, Round['denials']>();
  for (const f of findings) {
    if (s.uid !== null && f.uid !== s.uid) continue;
    const k = keyOf(f);
    const before = s.seenCounts[k] ?? 0;
    if (f.count <= before) continue;
    if (!grew) {
      grew = true;
      seenCounts = { ...s.seenCounts };
      rounds = [...s.rounds];
    }
    seenCounts[k] = f.count;
    // Lines read late (a slow source, a poll interval) but logged before a grant belong to the round
    // they were logged in: place them by log time when the finding has one.
    let i = roundIndexAt(rounds!, f.lastSeen);
    const closing = i > 0 ? s.batches.find((b) => b.id === roundAt(rounds!, i - 1).batch) : undefined;
    if (closing && inGrace(closing, f, f.lastSeen)) i--;
    else fresh = true;
    // Each round's denials are copied once a call, then added to: a copy per finding made a
    // snapshot of n new findings cost n^2 (4k findings: 2.2 s).
    let denials = copied.get(i);
    if (denials === undefined) {
      const r = roundAt(rounds!, i);
      denials = { ...r.denials };
      copied.set(i, denials);
      rounds![i] = { ...r, denials };
    }
    const prev = denials[k];
    denials[k] = { uid: f.uid, rid: f.rid, action: f.action, count: (prev?.count ?? 0) + (f.count - before) };
  }
  const active = lines > s.seenLines;
  if (!grew && !active) return s;
  return {
    ...s,
    seenCounts,
    seenLines: Math.max(lines, s.seenLines),
    rounds: rounds ?? s.rounds,
    lastDenialAt: fresh ? now : s.lastDenialAt,
    lastActivityAt: active || grew ? now : s.lastActivityAt,
  };
}

/**
 * Whether a denial logged at `t` falls in a round opened at `openedAt`. Most envelopes log whole
 * seconds (short-iso): such a time cannot be ordered against a grant in the same second, and since
 * the service retries after a grant, it counts in the later round.
 */
function loggedAfter(t: number, openedAt: number): boolean {
  return t >= openedAt || (t % 1000 === 0 && t + 1000 > openedAt);
}

/** The round a denial last seen at `t` belongs to: the last one opened at or before t (default: the current). */
function roundIndexAt(rounds: readonly Round[], t: number | null): number {
  const last = rounds.length - 1;
  if (t === null || loggedAfter(t, roundAt(rounds, last).openedAt)) return last;
  for (let i = last - 1; i >= 0; i--) if (loggedAfter(t, roundAt(rounds, i).openedAt)) return i;
  return 0;
}

/**
 * A grant batch was sent: its findings are in flight until their answers arrive, in the order sent
 * (the first shows `granting`, the rest `queued`: the IAM layer sends one pair at a time).
 */
export function beginBatch(s: SessionState, pairs: GrantPair[], batchId = 'batch'): SessionState {
  return sending(s, pairs, { id: batchId, kind: 'grant', results: [] });
}

/**
 * An undo (`u`) of batch `batchId` was sent: its pairs show `revoking` and `queued` as a grant
 * batch's do, each answer on its row as it comes (answerPair). The ledger's undo sends them newest
 * grant first, whatever order they were asked in: they are in flight in that order, so the row shown
 * as being sent is the one the IAM has.
 */
export function beginUndo(s: SessionState, pairs: GrantPair[], batchId: string): SessionState {
  const results = s.batches.find((b) => b.id === batchId)?.results ?? [];
  const rank = new Map(results.map((r, i) => [keyOf(r), { at: r.at, i }]));
  const newest = (p: GrantPair) => rank.get(keyOf(p)) ?? { at: -Infinity, i: -1 };
  const sent = [...pairs].sort((x, y) => newest(y).at - newest(x).at || newest(y).i - newest(x).i);
  return sending(s, sent, { id: batchId, kind: 'undo', results: [] });
}

function sending(s: SessionState, pairs: GrantPair[], running: RunningBatch): SessionState {
  const inFlight = new Set(s.inFlight);
  for (const p of pairs) inFlight.add(keyOf(p));
  return { ...s, inFlight, running };
}

/** When each pair of the batch in flight was answered so far, by key. */
const runningTimes = (s: SessionState): Record<string, number> => Object.fromEntries((s.running?.results ?? []).map((r) => [keyOf(r), r.at]));

/**
 * One pair of the batch (or undo) in flight was answered at `at`: its row shows its result now, and
 * the next pair is the one being sent. An undo's pair taken back stops covering its finding at once.
 * The request itself (round, tally, the batch undone) is applied when it ends.
 */
export function answerPair(s: SessionState, r: PairResult, at: number): SessionState {
  const k = keyOf(r);
  const running = s.running;
  if (!running || !s.inFlight.has(k)) return s;
  const inFlight = new Set(s.inFlight);
  inFlight.delete(k);
  const next = { ...s, inFlight, lastResult: { ...s.lastResult, [k]: r }, running: { ...running, results: [...running.results, { ...r, at }] } };
  if (running.kind === 'undo') {
    if (!isReverted(r, 'revoked')) return next;
    return { ...next, batches: s.batches.map((b) => (b.id === running.id && !b.revoked.includes(k) ? { ...b, revoked: [...b.revoked, k] } : b)) };
  }
  const selected = new Set(s.selected);
  if (isHeldNow(r)) selected.delete(k);
  return { ...next, selected };
}

/**
 * The IAM answered a grant batch. If anything is now held (granted or already held) the batch closes
 * the current round and opens the next; otherwise (all refused/failed/dry-run) the round stays open.
 * Each result keeps the time its pair was answered (answerPair), else `now`.
 */
export function applyBatch(s: SessionState, batchId: string, answers: PairResult[], now: number, findings: readonly Finding[] = []): SessionState {
  const results = stamped(answers, runningTimes(s), now);
  const inFlight = new Set(s.inFlight);
  const selected = new Set(s.selected);
  const lastResult = { ...s.lastResult };
  const tally = { ...s.tally };
  for (const r of results) {
    tally[r.outcome] = (tally[r.outcome] ?? 0) + 1;
    const k = keyOf(r);
    inFlight.delete(k);
    lastResult[k] = r;
    if (isHeldNow(r)) selected.delete(k);
  }
  const effective = results.some((r) => isHeldNow(r));
  if (!effective) {
    // Kept for the quit summary: a batch that granted nothing leaves no batch to list, but its reasons matter.
    const round = currentRound(s);
    const failed = results.some((r) => r.outcome === 'failed' || r.outcome === 'refused') ? [...round.failed, { batch: batchId, at: now, results }] : round.failed;
    return { ...s, inFlight, selected, lastResult, tally, running: null, rounds: [...s.rounds.slice(0, -1), { ...round, failed }] };
  }
  const countsAt: Record<string, number> = {};
  for (const f of findings) countsAt[keyOf(f)] = f.count;
  const round = currentRound(s);
  const batch: Batch = { id: batchId, round: round.n, at: now, by: s.by, results, countsAt, revoked: [], undoneAt: null, undoResults: [] };
  return {
    ...s,
    inFlight,
    selected,
    lastResult,
    tally,
    running: null,
    batches: [...s.batches, batch],
    rounds: [...s.rounds.slice(0, -1), { ...round, closedAt: now, batch: batchId }, newRound(round.n + 1, now)],
  };
}

/** The last batch that is not undone yet (what `u` reverts), or null. */
export function lastUndoableBatch(s: SessionState): Batch | null {
  return s.batches.findLast((b) => b.undoneAt === null) ?? null;
}

/** Revocations of a batch came back, each at the time its answer was recorded (answerPair). Pairs revoked (or already absent) stop covering findings. */
export function applyUndo(s: SessionState, batchId: string, answers: PairResult[], now: number): SessionState {
  const results = stamped(answers, runningTimes(s), now);
  const gone = new Set(results.filter((r) => isReverted(r, 'revoked')).map(keyOf));
  const lastResult = { ...s.lastResult };
  const inFlight = new Set(s.inFlight);
  for (const r of results) {
    lastResult[keyOf(r)] = r;
    inFlight.delete(keyOf(r));
  }
  const batches = s.batches.map((b) => {
    if (b.id !== batchId) return b;
    // The batch counts as undone when nothing it granted is left.
    const { reverted: revoked, undone } = reverted(b.results, 'granted', b.revoked, gone);
    return { ...b, revoked, undoneAt: undone ? now : null, undoResults: [...b.undoResults, ...results] };
  });
  const round = currentRound(s);
  return {
    ...s,
    batches,
    lastResult,
    inFlight,
    running: null,
    rounds: [...s.rounds.slice(0, -1), { ...round, undone: [...round.undone, { batch: batchId, at: now, results }] }],
  };
}

/**
 * Pairs the held-not-used list revoked (`results`: its batch's answers): they stop counting as held,
 * whether held before the session or granted or found held by a batch of it, so a denial of one
 * afterwards is a new finding, and what the session granted and took back this way is not "in place".
 */
export function forgetRevoked(s: SessionState, results: readonly PairResult[], now: number): SessionState {
  const gone = new Set(results.filter(isGone).map(keyOf));
  if (!gone.size) return s;
  const heldBefore = s.heldBefore.filter((h) => !gone.has(keyOf(h)));
  const batches = s.batches.map((b) => {
    const hit = b.results.filter((r) => (isHeldNow(r)) && gone.has(keyOf(r)) && !b.revoked.includes(keyOf(r)));
    if (!hit.length) return b;
    const revoked = [...b.revoked, ...hit.map(keyOf)];
    // Nothing it granted is left: `u` has nothing to revoke in it. (The list refuses this session's
    // own grants, unused.ts grantedHere; this keeps the state right should one be revoked anyway.)
    const undone = b.undoneAt ?? (hit.some((r) => r.outcome === 'granted') && b.results.every((r) => r.outcome !== 'granted' || revoked.includes(keyOf(r))) ? now : null);
    return { ...b, revoked, undoneAt: undone };
  });
  return { ...s, heldBefore, batches };
}
