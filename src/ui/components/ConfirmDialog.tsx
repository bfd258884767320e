// `g`: what will be granted, asked first. What the policy wants confirmed (SENSITIVE, uncatalogued,
// DANGEROUS with --allow-dangerous) needs a second key unless --yes; refusals are listed with why.
import { Box, Text } from 'ink';
import type { BatchPlan } from '../../core/session/index.js';
import { RISK_COLOR } from './style.js';

export interface ConfirmDialogProps {
  plan: BatchPlan;
  /** 'first': y to go on; 'sensitive': the second key for the SENSITIVE ones. */
  stage: 'first' | 'sensitive';
  dryRun: boolean;
  /** `--gid`: the batch goes to this group, named in the first line. */
  gid?: string | null;
}

export function ConfirmDialog({ plan, stage, dryRun, gid }: ConfirmDialogProps) {
  const to = gid ? ` to group ${gid}${plan.pairs[0] ? ` (for ${plan.pairs[0].uid}; every member gets them)` : ''}` : plan.pairs[0] ? ` to ${plan.pairs[0].uid}` : '';
  const risky = new Set(plan.confirm.map((f) => `${f.rid} ${f.action}`));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={stage === 'first' ? 'cyan' : 'yellow'} paddingX={1}>
      <Text bold>{`${dryRun ? 'dry run: would grant' : 'grant'} ${plan.pairs.length} permission(s)${to}:`}</Text>
      {plan.pairs.map((p) => {
        const f = plan.sensitive.find((x) => x.rid === p.rid && x.action === p.action);
        return (
          <Text key={`${p.uid} ${p.rid} ${p.action}`} wrap="truncate-end">
            {'  '}
            {p.rid} {p.action}
            {f ? <Text color={RISK_COLOR[f.risk]}>{`  ${f.risk.toUpperCase()}`}</Text> : null}
          </Text>
        );
      })}
      {plan.refused.map((r) => (
        <Text key={`${r.finding.rid} ${r.finding.action}`} color="red" wrap="truncate-end">{`  refused ${r.finding.rid} ${r.finding.action}: ${r.why}`}</Text>
      ))}
      {stage === 'first' ? (
        <Text>
          {plan.pairs.length ? 'y/Enter to grant' : 'nothing to grant'}
          {risky.size ? ` (then s to confirm the ${risky.size} SENSITIVE one(s))` : ''}
          {' · n/Esc to cancel'}
        </Text>
      ) : (
        <Box flexDirection="column">
          {plan.confirm.map((f) => (
            <Text key={`w ${f.rid} ${f.action}`} color="yellow" wrap="truncate-end">{`  ${f.risk.toUpperCase()} ${f.rid}: ${f.explanation}`}</Text>
          ))}
          <Text color="yellow" bold>
            s to confirm these SENSITIVE permissions too · n/Esc to cancel the whole batch
          </Text>
        </Box>
      )}
    </Box>
  );
}
