// What `undo` still has to revert, read from the ledger's records (pure: records in, lists out).
// A session's grant is reverted by a revoke, its revoke of an unused grant by a grant back; a change
// counts as undone once such a change, recorded with `undoOf` naming its session, ends `revoked` or
// `already absent` (`granted` or `already held` for a grant back). What is undone is never sent
// again: undo never revokes a grant this tool did not make, or made and already took back
// (docs/ledger.md, "What `undo` takes back").
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
/** A change made by undo that reverted the session it names: a revoke of its grant, or a grant of what it revoked. */
const undone = (r: LedgerRecord): boolean =>
  !!r.undoOf && (r.op === 'revoke' ? r.outcome === 'revoked' || r.outcome === 'already absent' : r.outcome === 'granted' || r.outcome === 'already held');

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
 * Read in ledger order: an undo's record marks the change it reverted, and a pair changed again
 * after its undo (the interactive loop can) is pending again.
 */
function changesBySession(records: readonly LedgerRecord[], gid: string | undefined): Map<string, Map<string, Change>> {
  const sessions = new Map<string, Map<string, Change>>();
  const first = firstChanges(records);
  for (const r of records) {
    if ((undoable(r) || regrantable(r)) && ofGroup(r, gid) && first.get(sessionPair(r)) === r.op) {
      const changes = sessions.get(r.session) ?? new Map<string, Change>();
      const k = changeKey(r.op, r);
      changes.delete(k); // the latest record decides, and its place in the order
      changes.set(k, { record: r, undoneBy: null });
      sessions.set(r.session, changes);
    } else if (undone(r)) {
      const c = sessions.get(r.undoOf as string)?.get(changeKey(r.op === 'revoke' ? 'grant' : 'revoke', r));
      if (c && !c.undoneBy) c.undoneBy = r;
    }
  }
  return sessions;
}

/** A session's changes, newest first. */
const changesOf = (records: readonly LedgerRecord[], session: string, gid: string | undefined): Change[] =>
  [...(changesBySession(records.filter((r) => r.session === session || r.undoOf === session), gid).get(session)?.values() ?? [])].reverse();

/**
 * Sessions with changes not yet (successfully) undone and that `undo` may revert (they pass undo's
 * checks), in ledger order: the latest is last. With `gid`, only changes of that group count.
 */
export function undoableSessions(records: readonly LedgerRecord[], gid?: string): string[] {
  return [...changesBySession(records, gid)]
    .filter(([, changes]) => [...changes.values()].some((c) => !c.undoneBy && (c.record.op === 'grant' ? undoCheck(c.record) : regrantCheck(c.record)).ok))
    .map(([session]) => session);
}

/**
 * The plain revokes recorded after `session`'s last line (after nothing: all of them), in ledger
 * order; with `gid`, only that group's. A bare `undo` that picked `session` would reach past them to
 * an older change, so it refuses instead (docs/ledger.md, "Undoing a revoke session"). A session
 * undo already acted on is left out: its plain revokes were passed over then, by name or by default.
 */
export function plainRevokesAfter(records: readonly LedgerRecord[], session: string | undefined, gid?: string): LedgerRecord[] {
  let from = 0;
  if (session !== undefined) records.forEach((r, i) => (from = r.session === session ? i + 1 : from));
  const undoneSessions = new Set(records.flatMap((r) => (r.undoOf ? [r.undoOf] : [])));
  return records.slice(from).filter((r) => plainRevoke(r) && ofGroup(r, gid) && !undoneSessions.has(r.session));
}

/** What `undo` revokes for a session: the pairs it granted or maybe granted (not "already held") and not undone yet, newest first, once each. */
export function grantsOfSession(records: readonly LedgerRecord[], session: string, gid?: string): LedgerRecord[] {
  return changesOf(records, session, gid).filter((c) => !c.undoneBy && c.record.op === 'grant').map((c) => c.record);
}

/** What `undo` grants back for a session: the pairs it revoked or maybe revoked (not "already absent") and not undone yet, newest first, once each. */
export function revokesOfSession(records: readonly LedgerRecord[], session: string, gid?: string): LedgerRecord[] {
  return changesOf(records, session, gid).filter((c) => !c.undoneBy && c.record.op === 'revoke').map((c) => c.record);
}

/** A session's changes already undone, newest first, each with the undo's record that reverted it. */
export function undoneOfSession(records: readonly LedgerRecord[], session: string, gid?: string): Array<{ record: LedgerRecord; by: LedgerRecord }> {
  return changesOf(records, session, gid).flatMap((c) => (c.undoneBy ? [{ record: c.record, by: c.undoneBy }] : []));
}

/** Why nothing is sent for a change already undone (the result's detail). */
export function undoneDetail(record: LedgerRecord, by: LedgerRecord): string {
  const what = record.op === 'grant' ? 'revoked' : 'granted back';
  return `${what} by the undo in session ${by.session} at ${by.time} (${by.outcome}): nothing sent`;
}
