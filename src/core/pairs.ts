// The grant side's shapes: a (uid, rid, action) pair to grant or revoke, and what became of it. types.ts re-exports them.

/**
 * One (uid, rid, action) to grant or revoke. With `gid`, the grant goes to that group instead of an
 * account (`--gid`): the ACE is the group's, and `uid` is only the account it answers for ('' when none).
 */
export interface GrantPair {
  uid: string;
  rid: string;
  action: string;
  gid?: string;
}

/** `already undone`: undo found the change reverted by an earlier undo and sent nothing (docs/ledger.md). */
export type PairOutcome = 'granted' | 'already held' | 'revoked' | 'already absent' | 'already undone' | 'refused' | 'failed' | 'dry-run';

/** Why the IAM layer sends no more pairs of a batch after one failed for good (src/iam/grants.ts). */
export const STOPPED_AFTER_ERROR = 'stopped after an earlier error';
/** The detail of a pair a stopped batch never sent (the loop was quit while the batch ran). */
export const NOT_SENT_STOPPED = 'not sent: the batch was stopped (quit) before it';
/**
 * How the detail of a pair stopped by Ctrl-C or SIGTERM while its request was on its way starts: it
 * is recorded `unknown`, and `history` reads these words back as interrupted, not as an answer lost.
 */
export const INTERRUPTED_WHILE_SENT = 'interrupted while it was sent';
/** Part of the detail of a failed pair the IAM may still have applied (the ledger records it as unknown). */
export const MAYBE_APPLIED_TEXT = 'the IAM may have applied it';

export interface PairResult extends GrantPair {
  outcome: PairOutcome;
  /** Why (refused/failed), or what was noticed (e.g. "covered by full on the same rid"). */
  detail: string;
  /** The ACL did not exist and this grant created it (its `PUT` was answered 201, whatever came after). */
  aclCreated: boolean;
  /** Its ACL `PUT` got no sure answer (abandoned, lost, a 5xx): whether it created the ACL is unknown. */
  aclUnknown?: true;
  /**
   * On a failed pair whose fate is not "answered": `not sent` (the batch stopped before its
   * permission request: a quit, an interrupt, an earlier error) or `maybe applied` (sent, no sure
   * answer: the ledger records it unknown). Read by what counts them, never from the detail's words.
   */
  fate?: 'not sent' | 'maybe applied';
  /**
   * On undo's revoke of a grant whose answer was never read (interrupted, or lost): the pair was not
   * held before that grant, but someone may have granted it since, and this revoke removed that too.
   */
  grantUnconfirmed?: true;
}
