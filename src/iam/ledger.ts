// The local ledger of every grant and revoke sent to a cluster: JSON Lines in the user's state
// directory, an intent line before each change and an outcome line after it (docs/ledger.md). The
// file is opened safely (ledgerFile.ts); its lines read back as records (ledgerLines.ts).
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pairKey } from '../core/policy/index.js';
import { OperationalError } from '../errors.js';
import { appendLedgerFile, readLedgerFile } from './ledgerFile.js';
import { mergeLedger, parseLedger, type LedgerLine, type LedgerRecord } from './ledgerLines.js';
import { regrantCheck, undoCheck } from './undoCheck.js';

export type { LedgerLine, LedgerOutcome, LedgerRecord } from './ledgerLines.js';
export { LedgerError } from './ledgerFile.js';

export function ledgerPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'audit2grant', 'ledger.jsonl');
}

/** New per run: sortable time + randomness, e.g. `20240502T101500Z-3f9a1c`. */
export function newSessionId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${t}-${randomBytes(3).toString('hex')}`;
}

/** Links an intent line to its outcome line: unique enough across runs writing one file. */
export function newRecordId(): string {
  return randomBytes(8).toString('hex');
}

// Lines up to PIPE_BUF-ish sizes are written whole; we cap detail so records stay small.
const MAX_DETAIL = 500;

export class Ledger {
  /** `onWarning` hears about a file whose permissions were tightened. */
  constructor(
    readonly path: string,
    private readonly onWarning?: (message: string) => void,
  ) {}

  /** Create or open the file now, with every check: a LedgerError (one line) when it cannot be used. */
  ensureWritable(): void {
    appendLedgerFile(this.path, [], this.onWarning);
  }

  /** Append lines (one write each); throws LedgerError. */
  write(lines: readonly LedgerLine[]): void {
    if (lines.length === 0) return;
    const text = lines.map((r) => JSON.stringify(r.detail && r.detail.length > MAX_DETAIL ? { ...r, detail: r.detail.slice(0, MAX_DETAIL) } : r));
    appendLedgerFile(this.path, text, this.onWarning);
  }

  /** Append after the cluster changed: a failure says what is lost, rather than a stack trace. */
  append(records: readonly LedgerLine[]): void {
    try {
      this.write(records);
    } catch (e) {
      throw new OperationalError(
        `the cluster was changed, but the ledger ${this.path} could not record it (${(e as Error).message})`,
        `note what was granted above: \`audit2grant undo\` cannot revert what the ledger does not hold; fix the file or set XDG_STATE_HOME`,
      );
    }
  }

  /** Every operation, oldest first (intents joined with their outcomes); corrupt lines become warnings. A missing file is empty. */
  read(): { records: LedgerRecord[]; warnings: string[] } {
    const text = readLedgerFile(this.path, this.onWarning);
    if (text === null) return { records: [], warnings: [] };
    const parsed = parseLedger(text, this.path);
    const merged = mergeLedger(parsed.lines, this.path);
    return { records: merged.records, warnings: [...parsed.warnings, ...merged.warnings] };
  }
}

/** A grant `undo` takes back: applied, or maybe applied (its answer was lost or the run was interrupted). Grants made by undo itself are not. */
const undoable = (r: LedgerRecord): boolean => r.op === 'grant' && !r.undoOf && (r.outcome === 'granted' || r.outcome === 'unknown');
/**
 * A revoke `undo` gives back: one marked regrantable (`revoke --from` of unused grants, the loop's
 * held-not-used list), applied or maybe applied, not made by undo. A plain `revoke` is not (undo
 * never granted those back). Maybe-applied ones are listed so undo can say why it skips them
 * (regrantCheck grants back only what the ledger shows revoked).
 */
const regrantable = (r: LedgerRecord): boolean => r.op === 'revoke' && r.regrantable === true && !r.undoOf && (r.outcome === 'revoked' || r.outcome === 'unknown');
/** A change made by undo that reverted the session it names: a revoke of its grant, or a grant of what it revoked. */
const undone = (r: LedgerRecord): boolean =>
  !!r.undoOf && (r.op === 'revoke' ? r.outcome === 'revoked' || r.outcome === 'already absent' : r.outcome === 'granted' || r.outcome === 'already held');

/** Whether a record is in scope of `undo --gid` (every record when no group is named). */
const ofGroup = (r: LedgerRecord, gid: string | undefined): boolean => gid === undefined || r.gid === gid;

/** Pending changes are keyed by their op: a grant and a revoke of one pair in a session are two changes. */
const changeKey = (op: 'grant' | 'revoke', r: LedgerRecord): string => `${op}\u0000${pairKey(r)}`;

/**
 * Sessions with changes not yet (successfully) undone and that `undo` may revert, in ledger order:
 * the latest is last. Grants are reverted by a revoke, revokes by a grant. With `gid`, only changes
 * of that group count.
 */
export function undoableSessions(records: readonly LedgerRecord[], gid?: string): string[] {
  const pending = new Map<string, Set<string>>();
  const first = firstChanges(records);
  for (const r of records) {
    const check = undoable(r) ? undoCheck(r) : regrantable(r) ? regrantCheck(r) : null;
    if (check?.ok && ofGroup(r, gid) && first.get(sessionPair(r)) === r.op) {
      const set = pending.get(r.session) ?? new Set<string>();
      set.add(changeKey(r.op, r));
      pending.set(r.session, set);
    } else if (undone(r)) {
      // In order: a pair granted again after its undo (the loop can) is pending again.
      pending.get(r.undoOf as string)?.delete(changeKey(r.op === 'revoke' ? 'grant' : 'revoke', r));
    }
  }
  return [...pending].filter(([, s]) => s.size > 0).map(([session]) => session);
}

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

function ofSession(records: readonly LedgerRecord[], session: string, gid: string | undefined, which: (r: LedgerRecord) => boolean): LedgerRecord[] {
  const seen = new Set<string>();
  const first = firstChanges(records.filter((r) => r.session === session));
  return records
    .filter((r) => r.session === session && which(r) && ofGroup(r, gid) && first.get(sessionPair(r)) === r.op)
    .reverse()
    .filter((r) => {
      const k = pairKey(r);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/** What `undo` revokes for a session: the pairs it granted or maybe granted (not "already held"), newest first, once each. */
export function grantsOfSession(records: readonly LedgerRecord[], session: string, gid?: string): LedgerRecord[] {
  return ofSession(records, session, gid, undoable);
}

/** What `undo` grants back for a session: the pairs it revoked or maybe revoked (not "already absent"), newest first, once each. */
export function revokesOfSession(records: readonly LedgerRecord[], session: string, gid?: string): LedgerRecord[] {
  return ofSession(records, session, gid, regrantable);
}

export interface UndoPlan {
  session: string;
  /** The records to revoke, newest first. */
  grants: LedgerRecord[];
  /** The revokes to grant back, newest first. */
  regrants: LedgerRecord[];
  /** Records that failed undo's checks: not revoked, with why. */
  skipped: Array<{ record: LedgerRecord; reason: string }>;
  /** Worth saying before revoking (a native account or superuser grant this tool made). */
  notes: string[];
}

/**
 * What `undo` reverts: the named session (default: the latest with grants left) and its grants,
 * newest first, each checked (undoCheck.ts); with `gid`, only its grants to that group. Ledger
 * warnings go to `onWarning`; no such session is an error saying what to do.
 */
export function sessionToUndo(ledger: Ledger, sessionId: string | undefined, onWarning?: (w: string) => void, gid?: string): UndoPlan {
  const { records, warnings } = ledger.read();
  for (const w of warnings) onWarning?.(w);
  const toGroup = gid === undefined ? '' : ` to group ${gid}`;
  const session = sessionId ?? undoableSessions(records, gid).at(-1);
  if (!session) throw new OperationalError(`the ledger has no session with grants${toGroup} left to undo`, `see \`audit2grant history\` (${ledger.path})`);
  const all = grantsOfSession(records, session, gid);
  const revoked = revokesOfSession(records, session, gid);
  if (all.length === 0 && revoked.length === 0) {
    const known = records.some((r) => r.session === session);
    throw new OperationalError(known ? `session ${session} granted nothing${toGroup}` : `no session ${session} in the ledger`, 'see `audit2grant history`');
  }
  const plan: UndoPlan = { session, grants: [], regrants: [], skipped: [], notes: [] };
  for (const r of all) {
    const c = undoCheck(r);
    if (!c.ok) plan.skipped.push({ record: r, reason: c.reason });
    else {
      plan.grants.push(r);
      if (c.note) plan.notes.push(c.note);
    }
  }
  for (const r of revoked) {
    const c = regrantCheck(r);
    if (!c.ok) plan.skipped.push({ record: r, reason: c.reason });
    else plan.regrants.push(r);
  }
  return plan;
}
