// The loop's second list (issue 16): what the account under review holds but did not use in the
// window read, with the denials list's keys (select, dry run, confirm, undo) turned around: a batch
// revokes, and its undo grants back. Pure, like the session: the loop driver (driver.ts) holds this
// state and sends the requests; the verdict itself is core/usage's (the same as `audit2grant unused`).
import { pairKey, revokeVerdict, type RevokeContext } from '../policy/index.js';
import type { GrantPair, PairResult } from '../types.js';
import { NOTHING_READ, type UnusedReport, type UnusedRow } from '../usage/index.js';
import { isGone, isReverted, keyOf, pairsAhead, pairsLeft, queuedNote, reverted, stamped } from './pair-results.js';
import type { TimedResult } from './types.js';

/** One revoke batch of this list: what was asked, what the IAM answered, whether it was granted back. */
export interface RevokeBatch {
  id: string;
  /** 1-based number among this session's revoke batches (the end of its id). */
  n: number;
  /** When its last answer came; each result has its own time (the ledger's). */
  at: number;
  results: TimedResult[];
  /** Keys of revoked pairs an undo granted back since. */
  regranted: string[];
  undoneAt: number | null;
  /** The answers of its undos (`u`), when they came (each pair's own time too): for the summary. */
  regrants: Array<{ at: number; results: TimedResult[] }>;
}

export interface UnusedList {
  uid: string;
  /** idle: not asked for yet (computed on first view); loading: holdings and usage scan running. */
  load: 'idle' | 'loading' | 'ready' | 'failed';
  /** Bumps on every load: an answer of an older one is dropped. */
  loadId: number;
  error: string | null;
  report: UnusedReport | null;
  selected: ReadonlySet<string>;
  /** Keys of the batch in flight not answered yet, in the order it sends them (the first is being sent). */
  inFlight: ReadonlySet<string>;
  revokes: RevokeBatch[];
  /** Keys revoked by a batch of this list and not granted back. */
  revoked: ReadonlySet<string>;
  lastResult: Record<string, PairResult>;
  /** Keys this session's grant batches granted and no undo took back: no window read can show them unused yet. */
  grantedHere: ReadonlySet<string>;
}

/** What a row of the list shows as its state; `queued`: in the batch in flight, after the pair being sent. */
export type UnusedRowState = UnusedRow['status'] | 'group' | 'selected' | 'revoking' | 'queued' | 'revoked' | 'granting back';

export function createUnusedList(uid: string): UnusedList {
  return { uid, load: 'idle', loadId: 0, error: null, report: null, selected: new Set(), inFlight: new Set(), revokes: [], revoked: new Set(), lastResult: {}, grantedHere: new Set() };
}

/** A row's key: the policy's pair key for a direct grant; a group's grant is keyed apart (never a pair of the account). */
export const unusedKey = (uid: string, r: { rid: string; action: string; gid: string | null }): string =>
  r.gid === null ? keyOf({ uid, rid: r.rid, action: r.action }) : pairKey({ uid, rid: r.rid, action: r.action, gid: r.gid });

/** The account's revoke pair of a direct row. */
const pairOfRow = (uid: string, r: { rid: string; action: string }): GrantPair => ({ uid, rid: r.rid, action: r.action });

/** Why a row cannot be selected, or null. Only direct grants unused in a judged window, as `revoke --from` takes. */
export function unselectable(l: UnusedList, r: UnusedRow): string | null {
  if (r.gid !== null) return `held through group ${r.gid}: never revoked from the account`;
  const k = unusedKey(l.uid, r);
  if (l.inFlight.has(k)) {
    const ahead = pairsAhead(l.inFlight, k);
    return ahead > 0 ? queuedNote(ahead) : 'its request is in flight';
  }
  if (l.revoked.has(k)) return 'revoked already (u grants it back)';
  if (l.grantedHere.has(k)) return 'granted by this session: no window can show it unused yet';
  if (r.status === 'used') return 'used in the window read: not revoked from here';
  if (r.status === 'unknown') return r.reason ?? NOTHING_READ;
  // As revoke --from: a use could be in what went unread.
  const part = l.report?.incomplete ?? [];
  if (part.length > 0) return `the read was not whole (${part[0]}${part.length > 1 ? '; …' : ''}): nothing is revoked on it (r reads again)`;
  return null;
}

export function rowState(l: UnusedList, r: UnusedRow): UnusedRowState {
  if (r.gid !== null) return 'group';
  const k = unusedKey(l.uid, r);
  if (l.inFlight.has(k)) return pairsAhead(l.inFlight, k) > 0 ? 'queued' : l.revoked.has(k) ? 'granting back' : 'revoking';
  if (l.revoked.has(k)) return 'revoked';
  if (l.selected.has(k)) return 'selected';
  return r.status;
}

export function startLoad(l: UnusedList): UnusedList {
  return { ...l, load: 'loading', loadId: l.loadId + 1, error: null };
}

/** A new verdict: the selection keeps only what is still selectable in it. */
export function loaded(l: UnusedList, loadId: number, report: UnusedReport): UnusedList {
  if (loadId !== l.loadId) return l;
  const next: UnusedList = { ...l, load: 'ready', report, error: null };
  const keep = new Set(report.rows.filter((r) => unselectable(next, r) === null).map((r) => unusedKey(l.uid, r)));
  return { ...next, selected: new Set([...l.selected].filter((k) => keep.has(k))) };
}

export function loadFailed(l: UnusedList, loadId: number, error: string): UnusedList {
  return loadId === l.loadId ? { ...l, load: 'failed', error } : l;
}

const rowByKey = (l: UnusedList, key: string): UnusedRow | null => l.report?.rows.find((r) => unusedKey(l.uid, r) === key) ?? null;

/** Toggle a row; a row that cannot be selected is left (the caller says why: unselectable). */
export function toggleUnused(l: UnusedList, key: string): UnusedList {
  const r = rowByKey(l, key);
  if (!r || unselectable(l, r) !== null) return l;
  const selected = new Set(l.selected);
  if (selected.has(key)) selected.delete(key);
  else selected.add(key);
  return { ...l, selected };
}

export function selectUnused(l: UnusedList, keys: Iterable<string>, on: boolean): UnusedList {
  const selected = new Set(l.selected);
  for (const k of keys) {
    const r = rowByKey(l, k);
    if (on && (!r || unselectable(l, r) !== null)) continue;
    if (on) selected.add(k);
    else selected.delete(k);
  }
  return { ...l, selected };
}

/**
 * What `a` selects: selectable rows the policy does not rate dangerous to touch (nor DANGEROUS,
 * nor a native account's), so `a` then `g` never takes away what could lock someone out.
 */
export function safeUnusedKeys(l: UnusedList, policy: RevokeContext = {}): string[] {
  return (l.report?.rows ?? [])
    .filter((r) => unselectable(l, r) === null && r.risk !== 'dangerous')
    .filter((r) => revokeVerdict(pairOfRow(l.uid, r), { allowDangerous: false, policy }).refused === null)
    .map((r) => unusedKey(l.uid, r));
}

/** What a revoke batch of the selection would do, as the policy decides it (the rules of `revoke --from`). */
export interface RevokePlan {
  uid: string;
  /** Pairs to revoke, in list order. */
  pairs: GrantPair[];
  /** Pairs going though dangerous to touch (with --allow-dangerous): each with why. */
  cautions: Array<{ pair: GrantPair; why: string }>;
  refused: Array<{ pair: GrantPair; why: string }>;
}

export function planRevoke(l: UnusedList, opts: { allowDangerous: boolean; policy?: RevokeContext }): RevokePlan {
  const plan: RevokePlan = { uid: l.uid, pairs: [], cautions: [], refused: [] };
  for (const r of l.report?.rows ?? []) {
    if (!l.selected.has(unusedKey(l.uid, r)) || unselectable(l, r) !== null) continue;
    const pair = pairOfRow(l.uid, r);
    // The policy rates it again (never the row's stored caution): the same call as revoke --from.
    const v = revokeVerdict(pair, opts);
    if (v.refused) {
      plan.refused.push({ pair, why: v.refused === 'native' ? v.why : `dangerous to touch: ${v.why} (--allow-dangerous takes it too)` });
      continue;
    }
    if (v.why) plan.cautions.push({ pair, why: v.why });
    plan.pairs.push(pair);
  }
  return plan;
}

const mark = (set: ReadonlySet<string>, keys: Iterable<string>, on: boolean): Set<string> => {
  const next = new Set(set);
  for (const k of keys) {
    if (on) next.add(k);
    else next.delete(k);
  }
  return next;
};

/** A revoke (or grant-back) batch was sent: its rows show it until their answers arrive (answerUnused). */
export function beginRevoke(l: UnusedList, pairs: readonly GrantPair[]): UnusedList {
  return { ...l, inFlight: mark(l.inFlight, pairs.map(keyOf), true) };
}

/**
 * One pair of the batch in flight was answered: its row shows its answer now, as the batch's end
 * would (a grant back when the pair is still marked revoked, else a revoke); the next pair is the
 * one being sent. The batch itself (kept for `u`, undone) is applied when it ends.
 */
export function answerUnused(l: UnusedList, r: PairResult): UnusedList {
  const k = keyOf(r);
  if (!l.inFlight.has(k)) return l;
  const back = l.revoked.has(k);
  const base = { ...l, inFlight: mark(l.inFlight, [k], false), lastResult: { ...l.lastResult, [k]: r } };
  if (back) return isReverted(r, 'granted') ? { ...base, revoked: mark(l.revoked, [k], false) } : base;
  return isGone(r) ? { ...base, revoked: mark(l.revoked, [k], true), selected: mark(l.selected, [k], false) } : base;
}

/**
 * The IAM answered a revoke batch (`times`: when each pair was answered, by key); it is kept (for
 * `u`) when something was taken away.
 */
export function applyRevoke(l: UnusedList, id: string, n: number, answers: readonly PairResult[], now: number, times: Readonly<Record<string, number>> = {}): UnusedList {
  const results = stamped(answers, times, now);
  const keys = results.map(keyOf);
  const lastResult = { ...l.lastResult };
  for (const r of results) lastResult[keyOf(r)] = r;
  const taken = results.filter(isGone).map(keyOf);
  const base = { ...l, inFlight: mark(l.inFlight, keys, false), selected: mark(l.selected, taken, false), revoked: mark(l.revoked, taken, true), lastResult };
  if (!results.some((r) => r.outcome === 'revoked')) return base;
  return { ...base, revokes: [...l.revokes, { id, n, at: now, results, regranted: [], undoneAt: null, regrants: [] }] };
}

/** The last revoke batch not granted back yet (what `u` reverts here), or null. */
export const lastUndoableRevoke = (l: UnusedList): RevokeBatch | null => l.revokes.findLast((b) => b.undoneAt === null) ?? null;

/**
 * What undo grants back: exactly what the batch revoked (not what was absent already), not granted
 * back yet; newest first, the order the ledger's undo sends them in, so the row shown as being sent
 * is the one in flight.
 */
export const pairsToRegrant = (b: RevokeBatch): GrantPair[] => pairsLeft(b.results, 'revoked', b.regranted).reverse();

/**
 * The grant-back answers came in (`times`: when each was answered, by key): what is held again
 * leaves `revoked`; the batch is undone when nothing is left.
 */
export function applyRegrant(l: UnusedList, id: string, answers: readonly PairResult[], now: number, times: Readonly<Record<string, number>> = {}): UnusedList {
  const results = stamped(answers, times, now);
  const back = new Set(results.filter((r) => isReverted(r, 'granted')).map(keyOf));
  const lastResult = { ...l.lastResult };
  for (const r of results) lastResult[keyOf(r)] = r;
  const revokes = l.revokes.map((b) => {
    if (b.id !== id) return b;
    const { reverted: regranted, undone } = reverted(b.results, 'revoked', b.regranted, back);
    return { ...b, regranted, undoneAt: undone ? now : null, regrants: [...b.regrants, { at: now, results }] };
  });
  return { ...l, inFlight: mark(l.inFlight, results.map(keyOf), false), revoked: mark(l.revoked, back, false), revokes, lastResult };
}

/**
 * The denials list's grant batch (or its undo) was answered: what it granted is not offered for
 * revoking here (the window read predates it), and leaves the selection; what an undo took back is
 * judged by the window again.
 */
export function noteGrants(l: UnusedList, results: readonly PairResult[], undo: boolean): UnusedList {
  // A grant to a group (--gid) is the group's: its row here is the group's, never selectable anyway.
  const keys = (undo ? results.filter(isGone) : results.filter((r) => r.outcome === 'granted' && r.gid === undefined)).map(keyOf);
  if (!keys.length) return l;
  return { ...l, grantedHere: mark(l.grantedHere, keys, !undo), selected: undo ? l.selected : mark(l.selected, keys, false) };
}
