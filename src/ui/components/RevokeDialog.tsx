// The unused list's questions: `g` (revoke the selection from the account: the pairs, the account,
// what is dangerous to touch with why, what the policy refused with why) and `u` (grant back what a
// revoke batch took). The revoke versions of the grant confirmation and of the undo question, with
// their rule: every pair in full, scrolled when long, no question on too small a terminal
// (revoke-view.ts, PairDialog).
import { Text } from 'ink';
import type { RevokeBatch, RevokePlan } from '../../core/session/index.js';
import type { GrantPair } from '../../core/types.js';
import { answeredSpan } from '../revoke-view.js';
import type { DialogBody } from '../dialog-view.js';
import { shownId } from '../text.js';
import { PairDialog } from './PairDialog.js';

interface Sized {
  /** What it lists (revoke-view.ts, built once by the App). */
  body: DialogBody;
  width: number;
  height: number;
  /** The first body line shown (↑↓ scroll). */
  offset?: number;
  rowsFor?: (lines: number) => number;
}

export function RevokeConfirm({ plan, dryRun, body, width, height, offset = 0, rowsFor }: { plan: RevokePlan; dryRun: boolean } & Sized) {
  const uid = shownId(plan.uid);
  const title = plan.pairs.length
    ? `revoke ${plan.pairs.length} permission(s) from ${uid}${dryRun ? ' (--dry-run: nothing is sent)' : ''}:`
    : `nothing to revoke from ${uid}: the policy refused the whole selection`;
  const keys = <Text wrap="truncate-end">{plan.pairs.length ? 'y/Enter to revoke (u grants them back) · n/Esc to cancel' : 'n/Esc to go back'}</Text>;
  return (
    <PairDialog
      title={title} body={body} keys={keys} color="yellow" width={width} height={height} offset={offset}
      asking={`confirm revoking ${plan.pairs.length} permission(s)`} rowsFor={rowsFor}
    />
  );
}

export function RegrantDialog({ batch, pairs, body, width, height, offset = 0, rowsFor }: { batch: RevokeBatch; pairs: GrantPair[] } & Sized) {
  const uid = shownId(pairs[0]?.uid ?? '');
  return (
    <PairDialog
      title={`undo revoke batch ${batch.n}: grant ${pairs.length} permission(s) back to ${uid} (revoked ${answeredSpan(batch, pairs)})`}
      body={body} keys={<Text wrap="truncate-end">{'y/Enter to grant them back · n/Esc to leave them revoked'}</Text>}
      color="yellow" width={width} height={height} offset={offset} asking={`confirm granting ${pairs.length} permission(s) back`} rowsFor={rowsFor}
    />
  );
}
