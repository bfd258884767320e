// `g`: what will be granted, asked first, grouped by account and naming every account. What the
// policy wants confirmed (SENSITIVE, uncatalogued, DANGEROUS with --allow-dangerous) needs a second
// key unless --yes; refusals are listed with why; derived ones are marked inferred; selected pairs
// the filter hides are in the batch too, and it says so. Every pair is shown in full, wrapped, and
// the body scrolls (confirm-view.ts, PairDialog); too small a terminal gets no question at all.
import { Text } from 'ink';
import type { BatchPlan } from '../../core/session/index.js';
import { confirmWord } from '../confirm-view.js';
import type { DialogBody } from '../dialog-view.js';
import { accountsText, byAccount } from '../groups.js';
import { shownId } from '../text.js';
import { PairDialog } from './PairDialog.js';

export interface ConfirmDialogProps {
  plan: BatchPlan;
  /** 'first': y to go on; 'sensitive': the second key for the SENSITIVE ones. */
  stage: 'first' | 'sensitive';
  dryRun: boolean;
  /** What it lists (confirm-view.ts, built once by the App: revoke-view.ts, bodyCache). */
  body: DialogBody;
  width: number;
  height: number;
  /** `--gid`: the batch goes to this group, named in the title. */
  gid?: string | null;
  /** The first body line shown (↑↓ scroll). */
  offset?: number;
  /** Terminal rows for a middle of so many lines (for the too-small refusal). */
  rowsFor?: (lines: number) => number;
}

export function ConfirmDialog({ plan, stage, dryRun, body, width, height, gid, offset = 0, rowsFor }: ConfirmDialogProps) {
  const uids = byAccount(plan.pairs).map((g) => shownId(g.uid));
  const risky = plan.confirm.length;
  const word = confirmWord(plan.confirm);
  const verb = dryRun ? 'dry run: would grant' : 'grant';
  // With --gid every member of the group gets the batch: say so, and for whom it was found.
  const to = gid ? `group ${shownId(gid)} (for ${accountsText(uids)}; every member gets them)` : accountsText(uids);
  const title =
    stage === 'first'
      ? `${verb} ${plan.pairs.length} permission(s)${uids.length || gid ? ` to ${to}` : ''}:`
      : `${word}: ${risky} of the ${plan.pairs.length} permission(s) to ${to}:`;
  const keys =
    stage === 'first' ? (
      <Text wrap="truncate-end">
        {plan.pairs.length ? `y/Enter to ${dryRun ? 'show' : 'grant'}` : 'nothing to grant'}
        {risky ? ` (then s to confirm the ${risky} ${word} one(s))` : ''}
        {' · n/Esc to cancel'}
      </Text>
    ) : (
      <Text color="yellow" bold wrap="truncate-end">
        {`s to confirm these ${word} permissions too · n/Esc to cancel the whole batch`}
      </Text>
    );
  return (
    <PairDialog
      title={title} body={body} keys={keys}
      color={stage === 'first' ? 'cyan' : 'yellow'} width={width} height={height} offset={offset}
      asking={`confirm ${stage === 'first' ? plan.pairs.length : risky} permission(s)`} rowsFor={rowsFor}
    />
  );
}
