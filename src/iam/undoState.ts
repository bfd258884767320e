// What `undo` still has to revert, read from the ledger's records (pure: records in, lists out).
// A session's grant is reverted by a revoke, its revoke of an unused grant by a grant back. A grant
// counts as taken back once any revoke of the same pair on the same cluster, sent after the grant's
// answer, ends `revoked` or `already absent` (an undo's, a plain `revoke`, `revoke --from`), or a
// later grant of it ends `granted` (it was not held then); a revoke once a grant back, recorded
// with `undoOf` naming its session, ends `granted` or `already held`.
// What is taken back is never sent again: undo never revokes a grant this tool did not make, or made
// and took back since (docs/ledger.md, "What `undo` takes back").
import { clusterKey } from '../cluster/credentials.js';
import { pairKey } from '../core/policy/index.js';
import type { LedgerRecord } from './ledgerLines.js';
import { regrantCheck, undoCheck } from './undoCheck.js';

/** A grant `undo` takes back: applied, or maybe applied (its answer was lost or the run was interrupted). Grants made by undo itself are not. */
const undoable = (r: LedgerRecord): boolean => r.op === 'grant' && !r.undoOf && (r.outcome === 'granted' || r.outcome === 'unknown');
/**
 * A revoke `undo` gives back: one marked regrantable (`revoke --from` of unused grants, the loop's
 * held-not-used list), applied or maybe applied, not made by undo. A plain `revoke` is not (undo
 * never granted those back). Maybe-applied ones are listed so undo can say why it skips them
 * (regrantCheck grants back only what the ledger shows revoked).
 */
const regrantable = (r: LedgerRecord): boolean => r.op === 'revoke' && r.regrantable === true && !r.undoOf && (r.outcome === 'revoked' || r.outcome === 'unknown');
/** A revoke undo never gives back: a plain `revoke --uid/--gid` (not regrantable, not undo's), applied or maybe applied. */
const plainRevoke = (r: LedgerRecord): boolean => r.op === 'revoke' && r.regrantable !== true && !r.undoOf && (r.outcome === 'revoked' || r.outcome === 'unknown');
/** A revoke after which the pair is not held: whoever sent it, every grant of the pair answered before it is taken back. */
const tookBack = (r: LedgerRecord): boolean => r.op === 'revoke' && (r.outcome === 'revoked' || r.outcome === 'already absent');
/**
 * A grant the IAM answered as new (not a grant back): the pair was not held when it was sent, so
 * every earlier grant of the pair, answered before it, had been taken back (or never landed).
 */
const grantedAnew = (r: LedgerRecord): boolean => r.op === 'grant' && !r.undoOf && r.outcome === 'granted';
/** A grant back made by undo that reverted the revoke of the session it names. */
const grantedBack = (r: LedgerRecord): boolean => !!r.undoOf && r.op === 'grant' && (r.outcome === 'granted' || r.outcome === 'already held');

/** A pair on a cluster: a revoke there takes back the grants of that pair there, whichever session made them. */
const pairOn = (r: LedgerRecord): string => `${clusterKey(r.cluster)}\u0000${pairKey(r)}`;

/**
 * Where each record stands in the file: `from` the line of its intent (when it was sent), `to` the
 * line that settled it (its outcome; an intent alone: its own line, or never while its writer may
 * still be sending it). Records with no line numbers (built by hand) stand at their index.
 */
function spans(records: readonly LedgerRecord[]): Array<{ from: number; to: number }> {
  return records.map((r, i) => {
    const from = r.line ?? i;
    return { from, to: r.inFlight ? Infinity : (r.outcomeLine ?? from) };
  });
}

/** The last line that settled something of each session: which one changed last. */
function lastChange(records: readonly LedgerRecord[], at = spans(records)): Map<string, number> {
  const last = new Map<string, number>();
  at.forEach(({ from, to }, i) => {
    const s = (records[i] as LedgerRecord).session;
    last.set(s, Math.max(last.get(s) ?? -1, Number.isFinite(to) ? to : from));
  });
  return last;
}

/** Whether a record is in scope of `undo --gid` (every record when no group is named). */
const ofGroup = (r: LedgerRecord, gid: string | undefined): boolean => gid === undefined || r.gid === gid;

/** Changes are keyed by their op: a grant and a revoke of one pair in a session are two changes. */
const changeKey = (op: 'grant' | 'revoke', r: LedgerRecord): string => `${op}\u0000${pairKey(r)}`;

const sessionPair = (r: LedgerRecord): string => `${r.session}\u0000${pairKey(r)}`;

/**
 * The first change of each pair in each session (grant or revoke, undo's own left out): what the
 * pair was before the session, so what undo restores. A session that granted a pair and then
 * revoked it is undone by a revoke (already absent), never by granting it back.
 */
function firstChanges(records: readonly LedgerRecord[]): Map<string, 'grant' | 'revoke'> {
  const first = new Map<string, 'grant' | 'revoke'>();
  for (const r of records) {
    if (!undoable(r) && !regrantable(r)) continue;
    const k = sessionPair(r);
    if (!first.has(k)) first.set(k, r.op);
  }
  return first;
}

/** A change undo reverts: its latest record, and the undo's record that reverted it (null: still pending). */
export interface Change {
  record: LedgerRecord;
  undoneBy: LedgerRecord | null;
}

/**
 * Each session's changes, keyed by op and pair, ordered by their latest record (the newest is last).
 * Read in ledger order: a revoke takes back the grants of its pair answered before it was sent (one
 * still in flight, or answered after, may be in place: it is not taken back), and so does a later
 * grant the IAM answered `granted` (the pair was not held then: an earlier `unknown` grant never
 * landed, or was removed outside this ledger; undoing it would take the later one); a grant back marks the
 * revoke it reverted, and puts back in place the grants that revoke had taken back. A pair changed
 * again after its undo (the interactive loop can) is pending again.
 */
function changesBySession(records: readonly LedgerRecord[], gid: string | undefined): { sessions: Map<string, Map<string, Change>>; took: Map<LedgerRecord, Change[]> } {
  const sessions = new Map<string, Map<string, Change>>();
  const first = firstChanges(records);
  const at = spans(records);
  /** The grants in place per pair and cluster, with the line that settled each. */
  const held = new Map<string, Array<{ change: Change; to: number }>>();
  /** What each revoke took back: a grant back of it puts them back. */
  const took = new Map<LedgerRecord, Change[]>();
  /** `r` (sent at line `from`) shows the pair not held: the grants settled before it are taken back by it. */
  const closeBefore = (r: LedgerRecord, from: number): Change[] => {
    const [before, after] = partition(held.get(pairOn(r)) ?? [], (h) => h.to < from);
    const gone = before.filter((h) => !h.change.undoneBy).map((h) => h.change);
    for (const c of gone) c.undoneBy = r;
    held.set(pairOn(r), after);
    return gone;
  };
  records.forEach((r, i) => {
    const { from, to } = at[i] as { from: number; to: number };
    // Before r joins `held`: it closes the grants before it, never itself.
    if (grantedAnew(r)) closeBefore(r, from);
    if ((undoable(r) || regrantable(r)) && ofGroup(r, gid) && first.get(sessionPair(r)) === r.op) {
      const changes = sessions.get(r.session) ?? new Map<string, Change>();
      const k = changeKey(r.op, r);
      const change: Change = { record: r, undoneBy: null };
      changes.delete(k); // the latest record decides, and its place in the order
      changes.set(k, change);
      sessions.set(r.session, changes);
      if (r.op === 'grant') held.set(pairOn(r), [...(held.get(pairOn(r)) ?? []), { change, to }]);
    }
    if (tookBack(r)) took.set(r, closeBefore(r, from));
    else if (grantedBack(r)) {
      const c = sessions.get(r.undoOf as string)?.get(changeKey('revoke', r));
      if (!c || c.undoneBy) return;
      c.undoneBy = r;
      // The pair is held again by this tool's doing: what that revoke took back is in place again.
      if (r.outcome !== 'granted') return;
      const back = (took.get(c.record) ?? []).filter((g) => g.undoneBy === c.record);
      for (const g of back) g.undoneBy = null;
      held.set(pairOn(r), [...(held.get(pairOn(r)) ?? []), ...back.map((change) => ({ change, to }))]);
    }
  });
  return { sessions, took };
}

function partition<T>(xs: readonly T[], p: (x: T) => boolean): [T[], T[]] {
  return [xs.filter(p), xs.filter((x) => !p(x))];
}

/** A session's changes, newest first. */
const changesOf = (records: readonly LedgerRecord[], session: string, gid: string | undefined): Change[] =>
  [...(changesBySession(records, gid).sessions.get(session)?.values() ?? [])].reverse();

/** A change whose fate the ledger cannot tell yet (still in flight, or its outcome line unreadable): a bare undo stops at it. */
const fateUnknown = (r: LedgerRecord): boolean => r.inFlight === true || r.unreadable === true;

/** A change a bare undo picks its session for: one it may revert, one of unknown fate, or one that passes every check but may have been held before (undoCheck's `stops`). */
function picks(r: LedgerRecord): boolean {
  if (fateUnknown(r)) return true;
  const c = r.op === 'grant' ? undoCheck(r) : regrantCheck(r);
  return c.ok || c.stops === true;
}

/**
 * Sessions with changes not yet taken back that `undo` may revert (they pass undo's checks, or their
 * fate is unknown: picks; a bare undo must not reach past those silently, it stops there and
 * names them), ordered by their last change: the one that changed last is last. With `gid`, only changes of that group count.
 */
export function undoableSessions(records: readonly LedgerRecord[], gid?: string): string[] {
  return sessionsWith(records, gid, picks);
}

/** Sessions with a change not yet taken back for which `which` holds, the one that changed last last. */
function sessionsWith(records: readonly LedgerRecord[], gid: string | undefined, which: (r: LedgerRecord) => boolean): string[] {
  const last = lastChange(records);
  return [...changesBySession(records, gid).sessions]
    .filter(([, changes]) => [...changes.values()].some((c) => !c.undoneBy && which(c.record)))
    .map(([session]) => session)
    .sort((a, b) => (last.get(a) ?? 0) - (last.get(b) ?? 0));
}

/** A change undo would send (it passes every check): not one it refuses, whatever the reason. */
const sendable = (r: LedgerRecord): boolean => !fateUnknown(r) && (r.op === 'grant' ? undoCheck(r) : regrantCheck(r)).ok;

/**
 * The nearest session before `session` (by last change) with a change undo would send: what a bare
 * undo that can send nothing in `session` names instead (docs/ledger.md, "A bare `undo` with
 * nothing it can send"). Undefined: no earlier session has one.
 */
export function earlierSessionToUndo(records: readonly LedgerRecord[], session: string, gid?: string): string | undefined {
  const last = lastChange(records);
  const at = last.get(session) ?? -1;
  return sessionsWith(records, gid, sendable).filter((s) => s !== session && (last.get(s) ?? -1) < at).at(-1);
}

/**
 * The plain revokes sent after `session`'s last change (after nothing: all of them), in ledger
 * order; with `gid`, only that group's. A bare `undo` that picked `session` would reach past them to
 * an older change, so it refuses instead (docs/ledger.md, "Undoing a revoke session"). A session
 * undo already acted on is left out: its plain revokes were passed over then, by name or by default.
 */
export function plainRevokesAfter(records: readonly LedgerRecord[], session: string | undefined, gid?: string): LedgerRecord[] {
  const at = spans(records);
  const after = session === undefined ? -1 : (lastChange(records, at).get(session) ?? -1);
  const undoneSessions = new Set(records.flatMap((r) => (r.undoOf ? [r.undoOf] : [])));
  const { took } = changesBySession(records, gid);
  return records.filter((r, i) => (at[i] as { from: number }).from > after && plainRevoke(r) && ofGroup(r, gid) && !undoneSessions.has(r.session) && !finishesUndo(took.get(r)));
}

/**
 * A plain revoke that took back only grants undo refuses to revoke itself (held before unknown, an
 * unreadable outcome, …): the revoke by hand its refusal names, run once checked. It finishes that
 * undo rather than being a change of its own: "grant it back" would be the wrong advice, and a bare
 * undo goes on to the session before (docs/ledger.md, "A bare `undo` after a plain revoke").
 */
const finishesUndo = (took: readonly Change[] | undefined): boolean =>
  took !== undefined && took.length > 0 && took.every((c) => c.record.op === 'grant' && !undoCheck(c.record).ok);

/**
 * A session's changes, newest first, once each, from one walk of the ledger: `grants`, what undo
 * revokes (granted or maybe granted, not "already held", not undone yet); `revokes`, what it grants
 * back (revoked or maybe revoked, not "already absent", not undone yet); `done`, what was undone
 * already, each with the undo's record that reverted it.
 */
export function sessionChanges(
  records: readonly LedgerRecord[],
  session: string,
  gid?: string,
): { grants: LedgerRecord[]; revokes: LedgerRecord[]; done: Array<{ record: LedgerRecord; by: LedgerRecord }> } {
  const changes = changesOf(records, session, gid);
  const left = (op: LedgerRecord['op']) => changes.filter((c) => !c.undoneBy && c.record.op === op).map((c) => c.record);
  return { grants: left('grant'), revokes: left('revoke'), done: changes.flatMap((c) => (c.undoneBy ? [{ record: c.record, by: c.undoneBy }] : [])) };
}

export const grantsOfSession = (records: readonly LedgerRecord[], session: string, gid?: string): LedgerRecord[] => sessionChanges(records, session, gid).grants;
export const revokesOfSession = (records: readonly LedgerRecord[], session: string, gid?: string): LedgerRecord[] => sessionChanges(records, session, gid).revokes;
export const undoneOfSession = (records: readonly LedgerRecord[], session: string, gid?: string): Array<{ record: LedgerRecord; by: LedgerRecord }> => sessionChanges(records, session, gid).done;

/** Why nothing is sent for a change already undone (the result's detail). */
export function undoneDetail(record: LedgerRecord, by: LedgerRecord): string {
  if (by.op === 'grant' && by.undoOf === undefined) {
    return `not held when session ${by.session} granted it anew at ${by.time} (granted): taken back since, or never applied: nothing sent`;
  }
  const what = record.op === 'grant' ? 'revoked' : 'granted back';
  const who = by.undoOf === record.session ? 'the undo' : by.undoOf !== undefined ? `the undo of session ${by.undoOf}` : by.regrantable ? 'the revoke of unused grants' : 'the revoke';
  return `${what} by ${who} in session ${by.session} at ${by.time} (${by.outcome}): nothing sent`;
}
