// What `undo` checks in each ledger record before revoking it (pure). The ledger is a file a user
// could edit, or another program append to; its permissions guard it (ledgerFile.ts), and this keeps
// the worst records from becoming a weapon: never take rights from DC/OS's own accounts or a
// DANGEROUS permission (`dcos:superuser`, `dcos:adminrouter:acs`, …: whoever administers the cluster
// with it would lose it) unless this tool itself granted exactly that in that session (docs/ledger.md).
import { validatePair } from '../core/policy/index.js';
import { groupRule, principalLabel } from '../core/policy/index.js';
import { nativeAccountRule } from '../core/policy/index.js';
import { explain } from '../core/catalog/index.js';
import { INTERRUPTED_WHILE_SENT, type GrantPair } from '../core/types.js';
import type { LedgerRecord } from './ledgerLines.js';

/** Undo never grants a DANGEROUS permission back (regrantCheck): whoever needs it again grants it by hand. */
export const neverGrantedBack = (p: Pick<GrantPair, 'rid' | 'action'>): boolean => explain(p.rid, p.action).risk === 'dangerous';

/** `stops`: refused only for what the ledger cannot tell (held before?): a bare undo stops at its session rather than reach past it. */
export type UndoCheck = { ok: true; note?: string } | { ok: false; reason: string; stops?: true };

/**
 * A grant whose fate is unknown (its intent stands alone: interrupted, or its outcome could not be
 * written; or its outcome is `unknown`: the answer was lost) and whose intent does not say the pair
 * was not held before it was sent: it may have been held then (an administrator's grant, a 409 after
 * a lost answer), so undo does not revoke it. Older versions wrote no `heldBefore`: read as unknown,
 * so nothing they sent is revoked unless the ledger shows it granted.
 */
export const heldBeforeUnknown = (r: LedgerRecord): boolean => (r.interrupted === true || r.outcome === 'unknown') && r.heldBefore !== false;

/**
 * An outcome `unknown` written for a pair Ctrl-C or SIGTERM stopped while its request was on its way
 * (batch.ts): an interruption, as an intent alone is, not an answer lost, in what history and undo say.
 */
export const interruptedWhileSent = (r: LedgerRecord): boolean =>
  r.interrupted !== true && r.outcome === 'unknown' && r.detail?.startsWith(INTERRUPTED_WHILE_SENT) === true;

/**
 * Why a change undo refused stays, in the words a bare undo's "nothing can be undone there" counts
 * (docs/ledger.md): its fate is not known yet (`in flight`, `unreadable`), it may have been held
 * before (`held before?`: settled by a check and a revoke by hand), or it fails another check.
 */
export type Stays = 'in flight' | 'unreadable' | 'held before?' | 'refused';
export function whyStays(r: LedgerRecord): Stays {
  if (r.inFlight) return 'in flight';
  if (r.unreadable) return 'unreadable';
  const c = r.op === 'grant' ? undoCheck(r) : regrantCheck(r);
  return !c.ok && c.stops ? 'held before?' : 'refused';
}

/** Why such a grant is not revoked, with the command that revokes it once checked by hand. */
function mayHaveBeenHeld(r: LedgerRecord): string {
  const why = r.heldBefore === undefined ? 'its intent, from an older audit2grant, does not say' : r.heldBefore === null ? 'what it held could not be read before the grant' : 'its intent says it held it already';
  const fate = r.interrupted ? 'no outcome is recorded (interrupted, or not written)' : interruptedWhileSent(r) ? 'it was interrupted while it was sent (outcome unknown)' : "its outcome is unknown (the IAM's answer was lost)";
  const flag = r.gid !== undefined ? `--gid ${r.gid}` : `--uid ${r.uid}`;
  return `not revoked: ${fate} and ${principalLabel(r)} may have held it before session ${r.session} sent it (${why}): check \`audit2grant history\` and the IAM, and if this tool granted it: \`audit2grant revoke ${flag} ${r.rid} ${r.action}\``;
}

export function undoCheck(r: LedgerRecord): UndoCheck {
  // Whose fate the ledger cannot tell is left alone: a revoke could remove what another run is
  // granting this moment, or what was held before (docs/ledger.md).
  if (r.inFlight) return { ok: false, reason: `not revoked: the run that sends this grant (process ${r.pid ?? '?'}) is still running, and its answer is not recorded yet: run undo again when it has ended` };
  if (r.unreadable) return { ok: false, reason: `not revoked: ${r.detail ?? 'its outcome cannot be read'} whether ${principalLabel(r)} holds it, and whether this tool granted it` };
  const bad = validatePair(r);
  if (bad) return { ok: false, reason: `not revoked: the ledger record is not a valid grant (${bad})` };
  if (r.op !== 'grant') return { ok: false, reason: 'not revoked: the ledger record is not a grant' };
  const group = groupRule(r);
  if (group) return { ok: false, reason: `not revoked: ${group}, so this record is not one of its grants` };
  // Uids compare case-insensitively here, and the catalog rates rids so: `DCOS:SuperUser` must not slip through.
  const native = r.uid.toLowerCase().startsWith('dcos_');
  const dangerous = explain(r.rid, r.action).risk === 'dangerous';
  if (!native && !dangerous) return heldBeforeUnknown(r) ? { ok: false, reason: mayHaveBeenHeld(r), stops: true } : { ok: true };
  // The rails never let this tool grant a native account anything but the documented exception,
  // so such a record was not written by a grant of ours.
  if (nativeAccountRule(r)?.kind === 'refused') {
    return { ok: false, reason: `not revoked: audit2grant never grants to the DC/OS native account ${r.uid} (only task:user rights to dcos_marathon/dcos_metronome), so this record is not one of its grants` };
  }
  const what = native ? `${r.uid} is a DC/OS native account` : `${r.rid} is a DANGEROUS permission`;
  if (r.outcome !== 'granted' || r.interrupted) {
    return { ok: false, reason: `not revoked: ${what}, and the ledger does not show that session ${r.session} granted it (outcome ${r.outcome}): check it by hand` };
  }
  return { ok: true, note: `revoking ${r.rid} ${r.action} from ${principalLabel(r)}: ${what}, and audit2grant granted exactly this in session ${r.session}` };
}

/**
 * What `undo` checks in a revoke record before granting it back. A forged record must not become a
 * grant nobody had: never to DC/OS's `superusers` group or a native account (the revoke rails refuse
 * those, so no revoke of ours names them), never a DANGEROUS permission (superuser and its
 * equivalents: re-grant it by hand with --allow-dangerous if it was really held).
 */
export function regrantCheck(r: LedgerRecord): UndoCheck {
  // Whose fate the ledger cannot tell yet is not "maybe revoked, grant it by hand": wait, or look.
  if (r.inFlight) return { ok: false, reason: `not granted back: the run that sends this revoke (process ${r.pid ?? '?'}) is still running, and its answer is not recorded yet: run undo again when it has ended` };
  if (r.unreadable) return { ok: false, reason: `not granted back: ${r.detail ?? 'its outcome cannot be read'} whether ${principalLabel(r)} holds it, and whether this tool revoked it` };
  const bad = validatePair(r);
  if (bad) return { ok: false, reason: `not granted back: the ledger record is not a valid revoke (${bad})` };
  if (r.op !== 'revoke') return { ok: false, reason: 'not granted back: the ledger record is not a revoke' };
  // Only what the IAM answered as revoked was held: a maybe-applied revoke (an intent alone, a lost
  // answer) may name something never held, and a forged one must not become a grant.
  if (r.outcome !== 'revoked' || r.interrupted) {
    return { ok: false, reason: `not granted back: the ledger does not show that session ${r.session} revoked it (outcome ${r.outcome}): if it was held, grant it by hand` };
  }
  const group = groupRule(r);
  if (group) return { ok: false, reason: `not granted back: ${group}` };
  if (nativeAccountRule(r)) return { ok: false, reason: `not granted back: ${r.uid} is a DC/OS native account: grant it by hand if it needs it` };
  if (neverGrantedBack(r)) {
    return { ok: false, reason: `not granted back: ${r.rid} is DANGEROUS; if ${principalLabel(r)} really held it, grant it by hand (audit2grant grant … --allow-dangerous)` };
  }
  return { ok: true };
}
