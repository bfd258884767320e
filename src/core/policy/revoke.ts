// Which revokes are dangerous to touch (docs/policy.md, "Revoking what is not used"): suggested
// revokes (`unused --format dcos`, `revoke --from`) leave these out unless the operator insists. A
// grant unused in a window of logs is not proof it is not needed; for these, being wrong locks
// someone out rather than only breaking one service.
import { explain } from '../catalog/index.js';
import type { GrantPair } from '../types.js';
import { nativeAccountRule } from './native.js';

export interface RevokeContext {
  /** The account audit2grant is logged in as, when known. */
  actingUid?: string | null;
}

/** Words of rids about a principal itself: Mesos's framework principal, the IAM's own entries. */
const SELF_WORDS = ['principal', 'users', 'iam', 'acs'];

/** Scope words of a rid: its `:` parts and the `/` or `.` parts of its last one. */
function ridWords(rid: string): string[] {
  const parts = rid.toLowerCase().split(':');
  const last = parts.pop() ?? '';
  return [...parts, ...last.split(/[/.]/)];
}

/**
 * Why revoking this pair is dangerous to touch, or null: a DANGEROUS permission (superuser and its
 * equivalents: taking it away can lock the cluster's administration out); the account's own login
 * rights (a rid about the account itself: its Mesos framework principal, its own IAM entry); or any right of the account audit2grant is logged in as (it could lock this run, and its
 * undo, out halfway).
 */
export function revokeCaution(pair: GrantPair, ctx: RevokeContext = {}): string | null {
  if (explain(pair.rid, pair.action).risk === 'dangerous') {
    return `${pair.rid} is DANGEROUS: taking it away can lock out whoever administers the cluster through this account; revoke it by hand once you are sure`;
  }
  if (pair.gid === undefined && pair.uid !== '') {
    const uid = pair.uid.toLowerCase();
    if (ctx.actingUid && ctx.actingUid.toLowerCase() === uid) {
      return `${pair.uid} is the account audit2grant is logged in as: revoking its rights can lock this run and its undo out`;
    }
    const words = ridWords(pair.rid);
    if (words.includes(uid) && SELF_WORDS.some((w) => words.includes(w))) return `${pair.rid} names ${pair.uid} itself (its own login or principal rights): revoke it by hand once you are sure`;
  }
  return null;
}

/**
 * Whether a suggested revoke goes ahead (`revoke --from`, the loop's held-not-used list): a native
 * account's pair is refused (its rule says why); one dangerous to touch is refused unless
 * `allowDangerous`, and then goes with its caution in `why`; anything else goes (`why` null).
 */
export type RevokeVerdict = { refused: 'native' | 'dangerous'; why: string } | { refused: null; why: string | null };

export function revokeVerdict(pair: GrantPair, opts: { allowDangerous: boolean; policy?: RevokeContext }): RevokeVerdict {
  const native = nativeAccountRule(pair);
  if (native) return { refused: 'native', why: native.reason };
  const caution = revokeCaution(pair, opts.policy);
  if (caution && !opts.allowDangerous) return { refused: 'dangerous', why: caution };
  return { refused: null, why: caution };
}
