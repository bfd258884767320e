// `history [--format table|json|json-doc] [--uid U] [--gid G] [--session S]`: the local ledger of
// grants and revokes, one row per operation (an intent joined with its outcome; an intent alone is
// shown as `unknown`: see docs/ledger.md), all of it or what concerns some accounts, groups or sessions.
import type { CommandContext } from '../context.js';
import { redactUrls } from '../../core/redact.js';
import { safeText } from '../../core/text.js';
import { EXIT } from '../../errors.js';
import { Ledger, type LedgerRecord } from '../../iam/ledger.js';
import { checkedLedgerPath } from '../../iam/ledgerHome.js';
import { heldBeforeUnknown, interruptedWhileSent } from '../../iam/undoCheck.js';
import { processOut, type Out } from '../iam-output.js';
import { checkedGid } from '../options/group.js';
import { outputFormatOf } from '../options/output.js';
import { checkedUids } from '../options/uid.js';

/** The version of `history --format json-doc`'s document. */
const HISTORY_DOC_VERSION = 1;

export interface HistoryArgs {
  format?: string;
  json?: boolean;
  uid?: string[];
  gid?: string[];
  session?: string[];
}

/** The records the filters keep: an account's (`--uid`), a group's (`--gid`), a session's; none given, all. */
export function historyFilter(a: Pick<HistoryArgs, 'uid' | 'gid' | 'session'>): ((r: LedgerRecord) => boolean) | null {
  const uids = new Set(a.uid ?? []);
  const gids = new Set(a.gid ?? []);
  const sessions = new Set(a.session ?? []);
  if (uids.size + gids.size + sessions.size === 0) return null;
  const who = uids.size + gids.size > 0;
  return (r) => (!who || (r.gid !== undefined ? gids.has(r.gid) : uids.has(r.uid))) && (sessions.size === 0 || sessions.has(r.session));
}

/**
 * The filters checked as scan and grant check them (a usage error, exit 2): a value no account or
 * group can have would match no record, and "no record of …" would read as an answer.
 */
export function historyArgsChecked(args: HistoryArgs): HistoryArgs {
  const uid = args.uid === undefined ? undefined : checkedUids(args.uid, 'history');
  const gid = args.gid === undefined ? undefined : [...new Set(args.gid.map((g) => checkedGid(String(g), 'history', true)))];
  return { ...args, uid, gid };
}

export async function runHistory(given: HistoryArgs, ctx: CommandContext, out: Out = processOut, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const args = historyArgsChecked(given);
  const format = outputFormatOf(args, 'table');
  // Every warning of the read (a file's mode tightened, the lines skipped), in the order stderr gets them.
  const said: string[] = [];
  const warn = (w: string): void => {
    said.push(w);
    out.stderr(`warning: ${w}\n`);
  };
  const ledger = new Ledger(checkedLedgerPath(env, false), warn);
  // A ledger written by hand or by an older audit2grant may hold a URL with a password: hidden here.
  const read = ledger.read();
  // A pair stopped by Ctrl-C or SIGTERM while it was sent has its outcome line (unknown): in JSON it
  // is `interrupted` as an intent alone is, so a script tells it from an answer lost.
  const all = read.records.map((r) => ({ ...r, cluster: redactUrls(r.cluster), ...(r.detail !== undefined ? { detail: redactUrls(r.detail) } : {}), ...(interruptedWhileSent(r) ? { interrupted: true as const } : {}) }));
  const keep = historyFilter(args);
  const records = keep ? all.filter(keep) : all;
  const { warnings } = read;
  for (const w of warnings) warn(w);
  // Not "empty": every line was skipped, and what they held is unknown (exit 1, as for a source that
  // fails), in every format: a script given `[]` must not take it for a ledger with nothing in it.
  const unreadable = all.length === 0 && warnings.length > 0;
  if (unreadable) ctx.setExitCode(EXIT.failed);
  // `--json` means what it means on scan: `--format json`, the bare array scripts already read.
  if (format === 'json') {
    out.stdout(`${JSON.stringify(records, null, 2)}\n`);
    return;
  }
  // The same records in a document that can also say what was skipped: a JSON array has no room
  // for it, and changing json's shape would break the scripts that read it (docs/ledger.md).
  if (format === 'json-doc') {
    out.stdout(`${JSON.stringify({ version: HISTORY_DOC_VERSION, records, warnings: said }, null, 2)}\n`);
    return;
  }
  if (unreadable) {
    out.stderr(`no line of the ledger could be read (${ledger.path}): ${warnings.length} skipped, see the warnings above\n`);
    return;
  }
  if (all.length === 0) {
    out.stderr(`the ledger is empty (${ledger.path})\n`);
    return;
  }
  if (records.length === 0) {
    out.stderr(`no record of ${filterText(args)} in the ledger (${ledger.path}: ${all.length} record(s) of others)\n`);
    return;
  }
  // A group's change shows as `group:ops` in the principal column. Every cell is escaped: a ledger
  // edited by hand could hold any text in any field, and this goes to a terminal.
  const rows = records.map((r) => [r.time, r.session, r.op, r.outcome, r.gid !== undefined ? `group:${r.gid}` : r.uid, r.rid, r.action, note(r), r.cluster].map(safeText));
  const head = ['TIME', 'SESSION', 'OP', 'OUTCOME', 'UID', 'RID', 'ACTION', 'NOTE', 'CLUSTER'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [head, ...rows]) out.stdout(`${row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}\n`);
}

function note(r: LedgerRecord): string {
  const parts: string[] = [];
  // In flight: another run is sending it now; unreadable: an outcome was written but cannot be read.
  if (r.inFlight) parts.push(`in flight: process ${r.pid ?? '?'} is sending it`);
  else if (r.unreadable) parts.push(`outcome unreadable (line ${r.outcomeLine ?? '?'}): check by hand`);
  // A grant alone not known to be new then: undo leaves it for a check by hand (docs/ledger.md).
  else if (r.interrupted || r.outcome === 'unknown') {
    const held = r.op === 'grant' && heldBeforeUnknown(r) ? ', may have been held before' : '';
    parts.push(`${r.interrupted ? 'interrupted' : 'answer lost'}: may be applied${held}`);
  }
  if (r.aclCreated) parts.push('acl-created');
  else if (r.aclUnknown) parts.push('acl: may have been created');
  if (r.undoOf) parts.push(`undo of ${r.undoOf}`);
  return parts.join(', ');
}

/** What the filters asked for, for "no record of …" (escaped: the values are the user's). */
function filterText(a: Pick<HistoryArgs, 'uid' | 'gid' | 'session'>): string {
  const parts = [...(a.uid ?? []).map((u) => `--uid ${u}`), ...(a.gid ?? []).map((g) => `--gid ${g}`), ...(a.session ?? []).map((s) => `--session ${s}`)];
  return safeText(parts.join(', '));
}
