// `g`: what will be granted, asked first, grouped by account and naming every account. What the
// policy wants confirmed (SENSITIVE, uncatalogued, DANGEROUS with --allow-dangerous) needs a second
// key unless --yes; refusals are listed with why; derived ones are marked inferred; selected pairs
// the filter hides are in the batch too, and it says so. Every pair is shown in full, wrapped, and
// the body scrolls (confirm-view.ts); too short a terminal gets no question at all.
import { Box, Text } from 'ink';
import type { BatchPlan } from '../../core/session/index.js';
import { keyOf } from '../../core/session/index.js';
import type { Finding } from '../../core/types.js';
import { confirmLines, confirmWindow } from '../confirm-view.js';
import { accountsText, byAccount } from '../groups.js';
import { shown } from '../text.js';
import { RISK_COLOR } from './style.js';

export interface ConfirmDialogProps {
  plan: BatchPlan;
  /** 'first': y to go on; 'sensitive': the second key for the SENSITIVE ones. */
  stage: 'first' | 'sensitive';
  dryRun: boolean;
  /** The findings behind the pairs (risk, derived mapping). */
  findings: ReadonlyMap<string, Finding>;
  /** Pairs of the batch the filter hides. */
  hidden: number;
  filter: string;
  width: number;
  height: number;
  /** `--gid`: the batch goes to this group, named in the title. */
  gid?: string | null;
  /** The first body line shown (↑↓ scroll). */
  offset?: number;
}

export function ConfirmDialog({ plan, stage, dryRun, findings, hidden, filter, width, height, gid, offset = 0 }: ConfirmDialogProps) {
  const inner = Math.max(20, width - 4);
  const uids = byAccount(plan.pairs).map((g) => shown(g.uid));
  const risky = plan.confirm.length;
  const inferred = plan.pairs.filter((p) => findings.get(keyOf(p))?.derived).length;
  const notes = [
    hidden ? `${hidden} of them hidden by the filter "${shown(filter)}": they are in this batch too` : '',
    inferred ? `${inferred} inferred (mapped from a Marathon/Metronome action): check the mapping` : '',
  ].filter(Boolean);
  const view = confirmWindow(confirmLines(plan, stage, findings, inner), height, offset, notes.length);
  const verb = dryRun ? 'dry run: would grant' : 'grant';
  // With --gid every member of the group gets the batch: say so, and for whom it was found.
  const to = gid ? `group ${shown(gid)} (for ${accountsText(uids)}; every member gets them)` : accountsText(uids);
  const title =
    stage === 'first'
      ? `${verb} ${plan.pairs.length} permission(s)${uids.length || gid ? ` to ${to}` : ''}:`
      : `SENSITIVE: ${risky} of the ${plan.pairs.length} permission(s) to ${to}:`;
  if (view.tooSmall) {
    return (
      <Box flexDirection="column" flexShrink={0}>
        <Text color="red" wrap="wrap">{`terminal too small to confirm ${plan.pairs.length} permission(s): enlarge it to list them · n/Esc cancels`}</Text>
      </Box>
    );
  }
  const scroll = view.above || view.below ? `${view.above ? `↑ ${view.above} line(s) above` : ''}${view.above && view.below ? ' · ' : ''}${view.below ? `↓ ${view.below} more line(s) below` : ''} (↑↓ scroll)` : '';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={stage === 'first' ? 'cyan' : 'yellow'} paddingX={1} flexShrink={0}>
      <Text bold wrap="truncate-end">{title}</Text>
      {notes.map((n) => (
        <Text key={n} color="yellow" wrap="truncate-end">{`  ${n}`}</Text>
      ))}
      {view.lines.map((l, i) =>
        l.kind === 'account' ? (
          <Text key={i} bold color="magenta" wrap="truncate-end">{l.text}</Text>
        ) : (
          <Text key={i} color={l.kind === 'refused' ? 'red' : l.risk ? RISK_COLOR[l.risk] : undefined} wrap="truncate-end">{l.text}</Text>
        ),
      )}
      {scroll ? <Text dimColor wrap="truncate-end">{scroll}</Text> : null}
      {stage === 'first' ? (
        <Text wrap="truncate-end">
          {plan.pairs.length ? `y/Enter to ${dryRun ? 'show' : 'grant'}` : 'nothing to grant'}
          {risky ? ` (then s to confirm the ${risky} SENSITIVE one(s))` : ''}
          {' · n/Esc to cancel'}
        </Text>
      ) : (
        <Text color="yellow" bold wrap="truncate-end">
          s to confirm these SENSITIVE permissions too · n/Esc to cancel the whole batch
        </Text>
      )}
    </Box>
  );
}
