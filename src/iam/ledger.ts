// The local ledger of every grant and revoke sent to a cluster: JSON Lines in the user's state
// directory, an intent line before each change and an outcome line after it (docs/ledger.md). The
// file is opened safely (ledgerFile.ts); its lines read back as records (ledgerLines.ts).
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { principalLabel } from '../core/policy/index.js';
import { redactUrls } from '../core/redact.js';
import { asciiText } from '../core/text.js';
import { sameCluster } from '../cluster/credentials.js';
import { OperationalError } from '../errors.js';
import { appendLedgerFile, readLedgerFile } from './ledgerFile.js';
import { mergeLedger, parseLedger, type LedgerLine, type LedgerRecord } from './ledgerLines.js';
import { regrantCheck, undoCheck, whyStays, type Stays } from './undoCheck.js';
import { writerRuns, type Writer } from './writer.js';
import { earlierSessionToUndo, plainRevokesAfter, sessionChanges, undoableSessions } from './undoState.js';

export type { LedgerLine, LedgerOutcome, LedgerRecord } from './ledgerLines.js';
export { LedgerError } from './ledgerFile.js';
export { intentWriter } from './writer.js';
export { grantsOfSession, revokesOfSession, undoableSessions, undoneOfSession } from './undoState.js';

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

  /**
   * Append lines (one write each); throws LedgerError. A URL's password or token is never stored:
   * a detail is redacted where its result was finished (grants.ts), and again here, as this file
   * outlives the run (redacting twice changes nothing).
   */
  write(lines: readonly LedgerLine[]): void {
    if (lines.length === 0) return;
    const text = lines.map((r) => {
      const detail = r.detail === undefined ? {} : { detail: redactUrls(r.detail).slice(0, MAX_DETAIL) };
      return JSON.stringify({ ...r, cluster: redactUrls(r.cluster), ...detail });
    });
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

  /**
   * Every operation, oldest first (intents joined with their outcomes); corrupt lines become warnings.
   * A missing file is empty. An intent alone whose writer still runs (`running`) is marked `inFlight`.
   */
  read(running: (w: Writer) => boolean = writerRuns): { records: LedgerRecord[]; warnings: string[] } {
    const text = readLedgerFile(this.path, this.onWarning);
    if (text === null) return { records: [], warnings: [] };
    const parsed = parseLedger(text, this.path);
    const merged = mergeLedger(parsed.lines, this.path, parsed.unreadable);
    // An unreadable outcome was written: its writer is done with it, even if it still runs.
    const records = merged.records.map((r) => (r.interrupted && !r.unreadable && r.pid !== undefined && r.host !== undefined && running({ pid: r.pid, host: r.host, pidStart: r.pidStart }) ? { ...r, inFlight: true as const } : r));
    return { records, warnings: [...parsed.warnings, ...merged.warnings] };
  }

  /** One read of the file, to plan an undo and check it from the same records (another run may append meanwhile). */
  snapshot(): LedgerSnapshot {
    return { path: this.path, ...this.read() };
  }
}

/** The ledger as one read found it: `undo` plans, checks and explains from it alone. */
export interface LedgerSnapshot {
  path: string;
  records: LedgerRecord[];
  warnings: string[];
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
  /** Changes an earlier undo already reverted, newest first, with its record: nothing is sent for them. */
  done: Array<{ record: LedgerRecord; by: LedgerRecord }>;
}

/**
 * Why a bare `undo` does nothing when the newest change is a plain revoke (`past`: the plain revokes
 * after the session it would pick, `earlier`): that revoke is named, with how to put it back by hand
 * and how to undo the earlier session by name. Ids come from a file: shown as ASCII.
 */
function lastWasPlainRevoke(past: readonly LedgerRecord[], earlier: string | undefined): OperationalError {
  const last = past[past.length - 1] as LedgerRecord;
  const mine = past.filter((r) => r.session === last.session && principalLabel(r) === principalLabel(last));
  const pairs = mine.map((r) => `${asciiText(r.rid)} ${asciiText(r.action)}`);
  const shown = pairs.length > 3 ? `${pairs.slice(0, 3).join(', ')} and ${pairs.length - 3} more` : pairs.join(', ');
  const who = last.gid !== undefined ? `group ${asciiText(last.gid)}` : asciiText(last.uid);
  const flag = last.gid !== undefined ? `--gid ${asciiText(last.gid)}` : `--uid ${asciiText(last.uid)}`;
  const then = earlier === undefined ? 'no earlier session has changes left to undo' : `\`audit2grant undo --session ${asciiText(earlier)}\` undoes the session before it`;
  return new OperationalError(
    `the latest change not yet undone is a revoke of ${shown} from ${who} (session ${asciiText(last.session)}): undo never grants back a plain \`revoke\`, and does not reach past it to an earlier session: nothing sent`,
    `to put it back, grant it: \`audit2grant grant ${flag} ${pairs.join(' ')}\`; ${then}`,
  );
}

/**
 * A bare undo means the last change on the cluster it is connected to: other clusters' sessions
 * are neither picked nor reached past (no cluster: a dry run with none configured, all of them).
 */
const onCluster = (records: LedgerRecord[], cluster: string | null | undefined): LedgerRecord[] =>
  cluster ? records.filter((r) => sameCluster(r.cluster, cluster)) : records;

/** Why a bare `undo` finds nothing on `cluster`: with where the latest session left elsewhere was recorded. */
function nothingLeft(records: readonly LedgerRecord[], ledger: LedgerSnapshot, toGroup: string, cluster: string | null | undefined, gid: string | undefined): OperationalError {
  const on = cluster ? ` on ${asciiText(redactUrls(cluster))}` : '';
  const elsewhere = cluster ? undoableSessions(records, gid).at(-1) : undefined;
  const there = records.find((r) => r.session === elsewhere)?.cluster;
  const hint = elsewhere !== undefined && there !== undefined
    ? `session ${asciiText(elsewhere)} has changes left on ${asciiText(redactUrls(there))}: connect there to undo it; see \`audit2grant history\``
    : `see \`audit2grant history\` (${ledger.path})`;
  return new OperationalError(`the ledger has no session with grants${toGroup} left to undo${on}`, hint);
}

/**
 * What `undo` reverts: the named session (default: the latest with changes left on `cluster`, the
 * connected one, unless a plain revoke came after it there: then nothing, lastWasPlainRevoke) and
 * its grants, newest first, each checked (undoCheck.ts); with `gid`, only its grants to that group.
 * What was taken back since (by an undo or a revoke) is listed apart (`done`), never to be sent
 * again. Ledger warnings go to `onWarning`; no such session is an error saying what to do. `source`:
 * the ledger (read now) or a snapshot already read, so a check and the plan can share one read.
 */
export function sessionToUndo(source: Ledger | LedgerSnapshot, sessionId: string | undefined, onWarning?: (w: string) => void, gid?: string, cluster?: string | null): UndoPlan {
  const ledger = source instanceof Ledger ? source.snapshot() : source;
  const { records, warnings } = ledger;
  for (const w of warnings) onWarning?.(w);
  const toGroup = gid === undefined ? '' : ` to group ${gid}`;
  const here = onCluster(records, cluster);
  const session = sessionId ?? undoableSessions(here, gid).at(-1);
  // A bare undo acts on the last change: a plain revoke is not granted back, and is never reached past.
  const past = sessionId === undefined ? plainRevokesAfter(here, session, gid) : [];
  if (past.length > 0) throw lastWasPlainRevoke(past, session);
  if (!session) throw nothingLeft(records, ledger, toGroup, cluster, gid);
  const { grants: all, revokes: revoked, done } = sessionChanges(records, session, gid);
  if (all.length === 0 && revoked.length === 0 && done.length === 0) {
    const mine = records.filter((r) => r.session === session);
    // An undo's own session changed things (its records carry `undoOf`): say that undo does not revert an undo.
    const of = mine.find((r) => r.undoOf !== undefined && r.undoOf !== session)?.undoOf;
    if (of !== undefined) throw new OperationalError(`session ${asciiText(session)} is an undo (of session ${asciiText(of)}): undo does not revert an undo`, 'grant (or revoke) by hand what should be back: `audit2grant history` lists what it changed');
    throw new OperationalError(mine.length > 0 ? `session ${session} granted nothing${toGroup}` : `no session ${session} in the ledger`, 'see `audit2grant history`');
  }
  const plan: UndoPlan = { session, grants: [], regrants: [], skipped: [], notes: [], done };
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

/** A bare undo's session in which it can send nothing: what stays, why, and the session before it with something to send. */
export interface StuckUndo {
  session: string;
  stays: Array<{ record: LedgerRecord; why: Stays }>;
  /** The nearest earlier session with changes undo would send; undefined: none. */
  earlier: string | undefined;
  /** The group the undo was narrowed to (`--gid`): `earlier` is picked among its changes, so the hint repeats it. */
  gid?: string;
}

/**
 * For a bare undo's `plan` (from `ledger`, on `cluster`) that sends nothing: every change it has left
 * is refused (in flight, unreadable, maybe held before), so each bare undo would stop there again.
 * Null when it sends something. The command says why and names the session before it.
 */
export function stuckUndo(ledger: LedgerSnapshot, plan: UndoPlan, gid?: string, cluster?: string | null): StuckUndo | null {
  if (plan.grants.length > 0 || plan.regrants.length > 0 || plan.skipped.length === 0) return null;
  const stays = plan.skipped.map(({ record }) => ({ record, why: whyStays(record) }));
  return { session: plan.session, stays, earlier: earlierSessionToUndo(onCluster(ledger.records, cluster), plan.session, gid), gid };
}
