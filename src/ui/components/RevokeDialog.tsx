// The unused list's questions: `g` (revoke the selection from the account: the pairs, the account,
// what is dangerous to touch with why, what the policy refused with why) and `u` (grant back what a
// revoke batch took). The revoke versions of the grant confirmation and of the undo question.
import { Box, Text } from 'ink';
import { keyOf, type RevokeBatch, type RevokePlan } from '../../core/session/index.js';
import type { GrantPair } from '../../core/types.js';
import { formatTime } from '../../core/format.js';
import { explain } from '../../core/catalog/index.js';
import { midTruncate, shown } from '../text.js';

function Pairs({ pairs, width, room, note }: { pairs: GrantPair[]; width: number; room: number; note?: (p: GrantPair) => string | null }) {
  const fit = pairs.length <= room ? pairs.length : Math.max(0, room - 1);
  return (
    <>
      {pairs.slice(0, fit).map((p) => {
        const why = note?.(p) ?? null;
        return (
          <Text key={keyOf(p)} wrap="truncate-end">
            {`    ${midTruncate(shown(p.rid), Math.max(10, width - 10 - p.action.length))} ${shown(p.action)}`}
            {why ? <Text color="red">{`  ${why}`}</Text> : null}
          </Text>
        );
      })}
      {fit < pairs.length ? <Text dimColor>{`    … ${pairs.length - fit} more`}</Text> : null}
    </>
  );
}

export function RevokeConfirm({ plan, dryRun, width, height }: { plan: RevokePlan; dryRun: boolean; width: number; height: number }) {
  const inner = Math.max(20, width - 4);
  const uid = shown(plan.uid);
  const caution = new Map(plan.cautions.map((c) => [keyOf(c.pair), c.why]));
  const room = Math.max(1, height - 5 - (plan.refused.length ? 1 + Math.min(3, plan.refused.length) : 0));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} flexShrink={0}>
      <Text bold wrap="truncate-end">
        {plan.pairs.length
          ? `revoke ${plan.pairs.length} permission(s) from ${uid}${dryRun ? ' (--dry-run: nothing is sent)' : ''}:`
          : `nothing to revoke from ${uid}: the policy refused the whole selection`}
      </Text>
      <Pairs pairs={plan.pairs} width={inner} room={room} note={(p) => (caution.has(keyOf(p)) ? 'DANGEROUS TO TOUCH (--allow-dangerous)' : null)} />
      {plan.refused.length ? <Text color="red" wrap="truncate-end">{`  refused (${plan.refused.length}), not sent:`}</Text> : null}
      {plan.refused.slice(0, 3).map((r) => (
        <Text key={`r ${keyOf(r.pair)}`} wrap="truncate-end">{`    ${shown(r.pair.rid)} ${shown(r.pair.action)}: ${shown(r.why)}`}</Text>
      ))}
      <Text wrap="truncate-end">{plan.pairs.length ? 'y/Enter to revoke (u grants them back) · n/Esc to cancel' : 'n/Esc to go back'}</Text>
    </Box>
  );
}

/** A grant back is a grant: what the grant confirmation would name is named here too (y is the consent). */
const riskNote = (p: GrantPair): string | null => {
  const risk = explain(p.rid, p.action).risk;
  return risk === 'normal' ? null : risk === 'unknown' ? 'UNKNOWN RISK' : risk.toUpperCase();
};

export function RegrantDialog({ batch, pairs, width, height }: { batch: RevokeBatch; pairs: GrantPair[]; width: number; height: number }) {
  const uid = shown(pairs[0]?.uid ?? '');
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} flexShrink={0}>
      <Text bold wrap="truncate-end">{`undo revoke batch ${batch.n}: grant ${pairs.length} permission(s) back to ${uid} (revoked ${formatTime(batch.at)})`}</Text>
      <Pairs pairs={pairs} width={Math.max(20, width - 4)} room={Math.max(1, height - 5)} note={riskNote} />
      <Text wrap="truncate-end">{'y/Enter to grant them back · n/Esc to leave them revoked'}</Text>
    </Box>
  );
}
