// The ledger's lines and how they read back (pure: text in, records and warnings out). Format and
// reasons: docs/ledger.md. In short: an `intent` line is written before the first request that may
// change the IAM, an `outcome` line with the same `id` after the answer; a line without `kind` is a
// record of the first format (an outcome with no intent), still read as before.
import type { PairOutcome } from '../core/types.js';

/** What a ledger says happened; `unknown` = the IAM may have applied it (its answer was lost). */
export type LedgerOutcome = PairOutcome | 'unknown';

const OUTCOMES: ReadonlySet<string> = new Set<LedgerOutcome>(['granted', 'already held', 'revoked', 'already absent', 'refused', 'failed', 'dry-run', 'unknown']);

/** One line of the file, as written. */
export interface LedgerLine {
  /** Absent in the first format. */
  kind?: 'intent' | 'outcome';
  /** Links an intent and its outcome. */
  id?: string;
  /** ISO 8601 UTC. */
  time: string;
  cluster: string;
  session: string;
  /** The account; '' on a group's change (an older audit2grant then refuses the record rather than revoke from an account). */
  uid: string;
  rid: string;
  action: string;
  /** The group whose entry changed (`--gid`); absent for an account's. */
  gid?: string;
  op: 'grant' | 'revoke';
  /** Required on outcome lines and first-format records; never on intents. */
  outcome?: LedgerOutcome;
  aclCreated?: boolean;
  /** On outcomes: the ACL request got no sure answer, so whether it created the ACL is unknown (`aclCreated` is then false). Absent: known. */
  aclUnknown?: true;
  /** Why it failed, or what was noticed (server text; never a secret). */
  detail?: string;
  /** Set on revokes made by `undo`: the session they undid. */
  undoOf?: string;
  /**
   * Set on revokes of grants found unused (`revoke --from`, the loop's held-not-used list): only
   * those may `undo` grant back. Absent on older ledgers and plain revokes (never granted back).
   */
  regrantable?: true;
  /** On intents: the process that wrote it (its pid, host and start: writer.ts), so undo can tell a change still in flight from an interrupted one. */
  pid?: number;
  host?: string;
  pidStart?: string;
  /**
   * On a grant's intent: what the batch's up-front holdings read found for the pair before it was
   * sent (`false`: read, not held; `true`: held, nothing sent; `null`: could not be read). Absent on
   * intents of older versions, read as unknown: undo revokes an intent alone only when it is `false`.
   */
  heldBefore?: boolean | null;
}

/** One operation as `history` and `undo` see it: an intent with its outcome, an intent alone, or a first-format record. */
export interface LedgerRecord {
  time: string;
  cluster: string;
  session: string;
  uid: string;
  rid: string;
  action: string;
  gid?: string;
  op: 'grant' | 'revoke';
  outcome: LedgerOutcome;
  aclCreated: boolean;
  /** Whether its grant created the ACL is unknown (see LedgerLine). */
  aclUnknown?: true;
  detail?: string;
  undoOf?: string;
  /** A revoke `undo` may grant back (see LedgerLine). */
  regrantable?: true;
  /** The intent/outcome id; absent on first-format records. */
  id?: string;
  /** An intent with no outcome: the run ended (killed, crashed) before the answer; it may be applied. */
  interrupted?: true;
  /** The line of the file the record starts on (its intent's), and the line of its outcome: what came before what. */
  line?: number;
  outcomeLine?: number;
  /** From the intent: the process that sent it (see LedgerLine). */
  pid?: number;
  host?: string;
  pidStart?: string;
  /** An intent alone whose writer still runs on this host (Ledger.read): its request may still be on its way. */
  inFlight?: true;
  /** From a grant's intent: whether the pair was held before it was sent (see LedgerLine; absent: not recorded). */
  heldBefore?: boolean | null;
  /** Its outcome line is there but cannot be read (an outcome word this version does not know, a bad field): its fate is unknown. `interrupted` is set too (older readers' field), but it is not in flight. */
  unreadable?: true;
}

const ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;
/** A line that fails to parse is searched for a whole record after its start at most this often. */
const MAX_RECOVERY_TRIES = 16;

const str = (v: unknown): v is string => typeof v === 'string';

/** The line as a LedgerLine, or why not. */
function checkLine(o: unknown): LedgerLine | string {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return 'not a JSON object';
  const r = o as Record<string, unknown>;
  for (const k of ['time', 'cluster', 'session', 'uid', 'rid', 'action'] as const) if (!str(r[k])) return `no string "${k}"`;
  if (r.op !== 'grant' && r.op !== 'revoke') return 'no "op"';
  if (r.undoOf !== undefined && !str(r.undoOf)) return 'bad "undoOf"';
  if (r.gid !== undefined && !str(r.gid)) return 'bad "gid"';
  if (r.detail !== undefined && !str(r.detail)) return 'bad "detail"';
  if (r.aclCreated !== undefined && typeof r.aclCreated !== 'boolean') return 'bad "aclCreated"';
  if (r.aclUnknown !== undefined && r.aclUnknown !== true) return 'bad "aclUnknown"';
  if (r.regrantable !== undefined && r.regrantable !== true) return 'bad "regrantable"';
  if (r.pid !== undefined && !(Number.isSafeInteger(r.pid) && (r.pid as number) > 0)) return 'bad "pid"';
  if (r.host !== undefined && !str(r.host)) return 'bad "host"';
  if (r.pidStart !== undefined && !str(r.pidStart)) return 'bad "pidStart"';
  if (r.heldBefore !== undefined && r.heldBefore !== null && typeof r.heldBefore !== 'boolean') return 'bad "heldBefore"';
  if (r.kind === undefined) {
    return str(r.outcome) && OUTCOMES.has(r.outcome) ? (r as unknown as LedgerLine) : 'no known "outcome"';
  }
  if (r.kind !== 'intent' && r.kind !== 'outcome') return `unknown kind ${JSON.stringify(r.kind)}`;
  if (!str(r.id) || !ID_RE.test(r.id)) return 'no valid "id"';
  if (r.kind === 'intent') return r.outcome === undefined ? (r as unknown as LedgerLine) : 'an intent with an outcome';
  return str(r.outcome) && OUTCOMES.has(r.outcome) ? (r as unknown as LedgerLine) : 'no known "outcome"';
}

function tryParse(text: string): LedgerLine | string {
  try {
    return checkLine(JSON.parse(text));
  } catch {
    return 'not JSON';
  }
}

/** The id of a whole JSON outcome line that checkLine refused (a newer outcome word, a bad field), or null. */
function outcomeId(text: string): string | null {
  try {
    const o = JSON.parse(text) as Record<string, unknown> | null;
    return o && typeof o === 'object' && o.kind === 'outcome' && str(o.id) && ID_RE.test(o.id) ? o.id : null;
  } catch {
    return null;
  }
}

/** An outcome line that is there but cannot be read: the change it settles has an unknown fate. */
export interface UnreadableOutcome {
  id: string;
  n: number;
  why: string;
}

/**
 * The lines of a ledger file, in order. A corrupt line is skipped with a warning. A line that starts
 * with a torn record (a writer died mid-line, and an older audit2grant appended right after it) still
 * yields the whole record that follows on it.
 */
export function parseLedger(text: string, where: string): { lines: Array<{ line: LedgerLine; n: number }>; unreadable: UnreadableOutcome[]; warnings: string[] } {
  const lines: Array<{ line: LedgerLine; n: number }> = [];
  const unreadable: UnreadableOutcome[] = [];
  const warnings: string[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    const n = i + 1;
    const got = tryParse(raw);
    if (typeof got !== 'string') {
      lines.push({ line: got, n });
      return;
    }
    let from = 0;
    for (let t = 0; t < MAX_RECOVERY_TRIES; t++) {
      from = raw.indexOf('{"', from + 1);
      if (from < 0) break;
      const rest = tryParse(raw.slice(from));
      if (typeof rest !== 'string') {
        lines.push({ line: rest, n });
        warnings.push(`${where}:${n}: a torn record at the start of the line skipped (the record after it is kept)`);
        return;
      }
    }
    warnings.push(`${where}:${n}: corrupt ledger line skipped (${got})`);
    const id = outcomeId(raw);
    if (id !== null) unreadable.push({ id, n, why: got });
  });
  return { lines, unreadable, warnings };
}

/** The intent's own fields (its writer, what was held before), those present. */
const intentFields = (l: LedgerLine): Pick<LedgerRecord, 'pid' | 'host' | 'pidStart' | 'heldBefore'> => ({
  ...(l.pid !== undefined ? { pid: l.pid } : {}),
  ...(l.host !== undefined ? { host: l.host } : {}),
  ...(l.pidStart !== undefined ? { pidStart: l.pidStart } : {}),
  ...(l.heldBefore !== undefined ? { heldBefore: l.heldBefore } : {}),
});

/** What an outcome says of the ACL: created, or unknown (never both). */
const aclOf = (l: LedgerLine): Pick<LedgerRecord, 'aclCreated' | 'aclUnknown'> =>
  l.aclCreated !== true && l.aclUnknown === true ? { aclCreated: false, aclUnknown: true } : { aclCreated: l.aclCreated === true };

const SAME_FIELDS = ['cluster', 'session', 'uid', 'rid', 'action', 'gid', 'op', 'undoOf', 'regrantable'] as const;

/**
 * Intents joined with their outcomes, in the order of the intents; first-format records as they are.
 * An intent whose outcome line is there but unreadable (`unreadable`, or an outcome that would
 * relabel it) is marked `unreadable`: not "maybe applied" like an intent alone, but of unknown fate.
 */
export function mergeLedger(
  lines: ReadonlyArray<{ line: LedgerLine; n: number }>,
  where: string,
  unreadable: readonly UnreadableOutcome[] = [],
): { records: LedgerRecord[]; warnings: string[] } {
  const records: LedgerRecord[] = [];
  const warnings: string[] = [];
  const byId = new Map<string, { index: number; done: boolean; intent: LedgerLine; n: number }>();
  const bad = [...unreadable];
  for (const { line, n } of lines) {
    const base = {
      time: line.time, cluster: line.cluster, session: line.session, uid: line.uid, rid: line.rid, action: line.action,
      ...(line.gid !== undefined ? { gid: line.gid } : {}),
      op: line.op,
      ...(line.undoOf !== undefined ? { undoOf: line.undoOf } : {}),
      ...(line.regrantable === true ? { regrantable: true as const } : {}),
    };
    if (line.kind === undefined) {
      records.push({ ...base, outcome: line.outcome as LedgerOutcome, ...aclOf(line), ...(line.detail ? { detail: line.detail } : {}), line: n, outcomeLine: n });
      continue;
    }
    const id = line.id as string;
    if (line.kind === 'intent') {
      if (byId.has(id)) {
        warnings.push(`${where}:${n}: a second intent with id ${id} skipped`);
        continue;
      }
      byId.set(id, { index: records.length, done: false, intent: line, n });
      const own = intentFields(line);
      // A grant's intent precedes its ACL PUT: with no outcome, that PUT may have created the ACL
      // (an intent held before sent nothing).
      const acl = line.op === 'grant' && line.heldBefore !== true ? { aclUnknown: true as const } : {};
      records.push({ ...base, outcome: 'unknown', aclCreated: false, ...acl, id, interrupted: true, detail: 'interrupted: no outcome recorded, it may have been applied', line: n, ...own });
      continue;
    }
    const at = byId.get(id);
    if (!at) {
      warnings.push(`${where}:${n}: an outcome without its intent skipped (id ${id})`);
      continue;
    }
    const differs = SAME_FIELDS.find((k) => at.intent[k] !== line[k]);
    if (differs) {
      warnings.push(`${where}:${n}: an outcome whose ${differs} differs from its intent skipped (id ${id})`);
      bad.push({ id, n, why: `its ${differs} differs from the intent's` });
      continue;
    }
    if (at.done) {
      warnings.push(`${where}:${n}: a second outcome for id ${id} skipped`);
      continue;
    }
    at.done = true;
    const own = intentFields(at.intent);
    records[at.index] = { ...base, time: line.time, outcome: line.outcome as LedgerOutcome, ...aclOf(line), ...(line.detail ? { detail: line.detail } : {}), id, line: at.n, outcomeLine: n, ...own };
  }
  // Settled by no outcome that reads, yet an outcome line was written: what happened is unknown.
  // `interrupted` stays, as before `unreadable` existed (history's JSON only gains fields); readers
  // test `unreadable` first.
  for (const u of bad) {
    const at = byId.get(u.id);
    if (!at || at.done || at.n > u.n) continue;
    at.done = true;
    records[at.index] = { ...(records[at.index] as LedgerRecord), unreadable: true, outcomeLine: u.n, detail: `its outcome (line ${u.n}) cannot be read (${u.why}): check by hand` };
  }
  return { records, warnings };
}
