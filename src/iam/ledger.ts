// The local ledger of every grant and revoke that reached a cluster: JSON Lines in the user's
// state directory. Each record is one write(2) of one whole line on a descriptor opened with
// O_APPEND, so concurrent runs never interleave records; a corrupt line is skipped with a warning.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PairOutcome } from '../core/types.js';
import { OperationalError } from '../errors.js';

export interface LedgerRecord {
  /** ISO 8601 UTC. */
  time: string;
  cluster: string;
  session: string;
  uid: string;
  rid: string;
  action: string;
  op: 'grant' | 'revoke';
  outcome: PairOutcome;
  aclCreated: boolean;
  /** Why it failed, or what was noticed (server text; never a secret). */
  detail?: string;
  /** Set on revokes made by `undo`: the session they undid. */
  undoOf?: string;
}

export function ledgerPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'audit2grant', 'ledger.jsonl');
}

/** New per run: sortable time + randomness, e.g. `20240502T101500Z-3f9a1c`. */
export function newSessionId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${t}-${randomBytes(3).toString('hex')}`;
}

// Lines up to PIPE_BUF-ish sizes are written whole; we cap detail so records stay small.
const MAX_DETAIL = 500;

export class Ledger {
  constructor(readonly path: string) {}

  append(records: LedgerRecord[]): void {
    if (records.length === 0) return;
    try {
      this.write(records);
    } catch (e) {
      // The cluster already changed: say so, and what is lost, rather than a stack trace.
      throw new OperationalError(
        `the cluster was changed, but the ledger ${this.path} could not record it (${(e as Error).message})`,
        `note what was granted above: \`audit2grant undo\` cannot revert what the ledger does not hold; fix the file or set XDG_STATE_HOME`,
      );
    }
  }

  private write(records: LedgerRecord[]): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
    try {
      for (const r of records) {
        const rec = r.detail && r.detail.length > MAX_DETAIL ? { ...r, detail: r.detail.slice(0, MAX_DETAIL) } : r;
        const line = Buffer.from(JSON.stringify(rec) + '\n');
        // One write per record: with O_APPEND the kernel places it whole at the end.
        const n = writeSync(fd, line);
        if (n !== line.length) throw new Error(`short write to ${this.path}`);
      }
    } finally {
      closeSync(fd);
    }
  }

  /** All readable records, oldest first; corrupt lines become warnings. A missing file is empty. */
  read(): { records: LedgerRecord[]; warnings: string[] } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], warnings: [] };
      throw new OperationalError(`cannot read the ledger ${this.path} (${(e as Error).message})`, 'check the file (it must be a readable file), or point XDG_STATE_HOME elsewhere');
    }
    const records: LedgerRecord[] = [];
    const warnings: string[] = [];
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const r = JSON.parse(line) as LedgerRecord;
        if (!isRecord(r)) throw new Error('bad shape');
        records.push(r);
      } catch {
        warnings.push(`${this.path}:${i + 1}: corrupt ledger line skipped`);
      }
    });
    return { records, warnings };
  }
}

function isRecord(r: unknown): r is LedgerRecord {
  const o = r as Record<string, unknown> | null;
  return !!o && typeof o === 'object' && typeof o.session === 'string' && typeof o.uid === 'string' && typeof o.rid === 'string' &&
    typeof o.action === 'string' && (o.op === 'grant' || o.op === 'revoke') && typeof o.outcome === 'string' && typeof o.time === 'string';
}

/** Sessions with grants not yet (successfully) undone, in ledger order: the latest is last. */
export function undoableSessions(records: LedgerRecord[]): string[] {
  const key = (r: LedgerRecord) => `${r.session}\u0000${r.uid}\u0000${r.rid}\u0000${r.action}`;
  const undone = new Set(
    records.filter((r) => r.undoOf && (r.outcome === 'revoked' || r.outcome === 'already absent')).map((r) => key({ ...r, session: r.undoOf as string })),
  );
  const order: string[] = [];
  for (const r of records) {
    if (r.op === 'grant' && r.outcome === 'granted' && !undone.has(key(r)) && !order.includes(r.session)) order.push(r.session);
  }
  return order;
}

/** What `undo` revokes for a session: exactly the pairs it granted (not "already held"), newest first. */
export function grantsOfSession(records: LedgerRecord[], session: string): LedgerRecord[] {
  return records.filter((r) => r.session === session && r.op === 'grant' && r.outcome === 'granted').reverse();
}

/**
 * What `undo` reverts: the named session (default: the latest with grants left) and its grants,
 * newest first. Ledger warnings go to `onWarning`; no such session is an error saying what to do.
 */
export function sessionToUndo(ledger: Ledger, sessionId: string | undefined, onWarning?: (w: string) => void): { session: string; grants: LedgerRecord[] } {
  const { records, warnings } = ledger.read();
  for (const w of warnings) onWarning?.(w);
  const session = sessionId ?? undoableSessions(records).at(-1);
  if (!session) throw new OperationalError('the ledger has no session with grants left to undo', `see \`audit2grant history\` (${ledger.path})`);
  const grants = grantsOfSession(records, session);
  if (grants.length === 0) {
    const known = records.some((r) => r.session === session);
    throw new OperationalError(known ? `session ${session} granted nothing` : `no session ${session} in the ledger`, 'see `audit2grant history`');
  }
  return { session, grants };
}
