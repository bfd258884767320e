// `g`: what will be granted, asked first, grouped by account and naming every account. What the
// policy wants confirmed (SENSITIVE, uncatalogued, DANGEROUS with --allow-dangerous) needs a second
// key unless --yes; refusals are listed with why; derived ones are marked inferred; selected pairs
// the filter hides are in the batch too, and it says so.
import { Box, Text } from 'ink';
import type { BatchPlan } from '../../core/session/index.js';
import { keyOf } from '../../core/session/index.js';
import type { Finding, GrantPair } from '../../core/types.js';
import { accountsText, byAccount, fitGroups } from '../groups.js';
import { firstLine, midTruncate, shown } from '../text.js';
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
}

function PairLine({ p, f, width }: { p: GrantPair; f: Finding | undefined; width: number }) {
  const risk = f && f.risk !== 'normal' ? `  ${f.risk.toUpperCase()}` : '';
  const inferred = f?.derived ? `  inferred from ${shown(f.derived.rawAction)} ${shown(f.derived.path)}` : '';
  const action = shown(p.action);
  const rid = midTruncate(shown(p.rid), Math.max(10, width - 4 - action.length - 1 - risk.length));
  return (
    <Text wrap="truncate-end">
      {'    '}
      {rid} {action}
      {f && risk ? <Text color={RISK_COLOR[f.risk]}>{risk}</Text> : null}
      {inferred ? <Text color="yellow">{inferred}</Text> : null}
    </Text>
  );
}

function SensitiveLine({ f, width }: { f: Finding; width: number }) {
  const head = `    ${f.risk.toUpperCase()} ${midTruncate(shown(f.rid), Math.max(10, Math.min(60, width - 30)))} ${shown(f.action)}: `;
  return (
    <Text wrap="truncate-end">
      <Text color={RISK_COLOR[f.risk]}>{head}</Text>
      {firstLine(f.explanation).slice(0, Math.max(0, width - head.length))}
    </Text>
  );
}

export function ConfirmDialog({ plan, stage, dryRun, findings, hidden, filter, width, height, gid }: ConfirmDialogProps) {
  const inner = Math.max(20, width - 4);
  const groups = byAccount(plan.pairs);
  const uids = groups.map((g) => shown(g.uid));
  const risky = plan.confirm.length;
  const inferred = plan.pairs.filter((p) => findings.get(keyOf(p))?.derived).length;
  const notes = [
    hidden ? `${hidden} of them hidden by the filter "${shown(filter)}": they are in this batch too` : '',
    inferred ? `${inferred} inferred (mapped from a Marathon/Metronome action): check the mapping` : '',
  ].filter(Boolean);
  const refused = stage === 'first' ? plan.refused.slice(0, 3) : [];
  const fixed = 2 /* border */ + 1 /* title */ + notes.length + refused.length + (plan.refused.length > refused.length && stage === 'first' ? 1 : 0) + 1; /* keys */
  const budget = Math.max(0, height - fixed);
  const verb = dryRun ? 'dry run: would grant' : 'grant';
  // First the whole batch by account; on the second key, only what the policy wants confirmed, by account too.
  const lines = stage === 'first' ? fitGroups(groups, budget) : null;
  const sensitiveLines = stage === 'sensitive' ? fitGroups(byAccount(plan.confirm), budget) : null;
  // With --gid every member of the group gets the batch: say so, and for whom it was found.
  const to = gid ? `group ${shown(gid)} (for ${accountsText(uids)}; every member gets them)` : accountsText(uids);
  const title =
    stage === 'first'
      ? `${verb} ${plan.pairs.length} permission(s)${uids.length || gid ? ` to ${to}` : ''}:`
      : `SENSITIVE: ${risky} of the ${plan.pairs.length} permission(s) to ${to}:`;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={stage === 'first' ? 'cyan' : 'yellow'} paddingX={1} flexShrink={0}>
      <Text bold wrap="truncate-end">{title}</Text>
      {notes.map((n) => (
        <Text key={n} color="yellow" wrap="truncate-end">{`  ${n}`}</Text>
      ))}
      {lines?.map((l) =>
        l.kind === 'title' ? (
          <Text key={`t ${l.uid}`} bold color="magenta" wrap="truncate-end">{`  ${shown(l.uid)} (${l.count}):`}</Text>
        ) : l.kind === 'item' ? (
          <PairLine key={`i ${keyOf(l.item)}`} p={l.item} f={findings.get(keyOf(l.item))} width={inner} />
        ) : (
          <Text key={`m ${l.uid}`} dimColor>{`    … ${l.n} more for ${shown(l.uid)} (in the batch)`}</Text>
        ),
      )}
      {sensitiveLines?.map((l) =>
        l.kind === 'title' ? (
          <Text key={`t ${l.uid}`} bold color="magenta" wrap="truncate-end">{`  ${shown(l.uid)} (${l.count} SENSITIVE):`}</Text>
        ) : l.kind === 'item' ? (
          <SensitiveLine key={`s ${keyOf(l.item)}`} f={l.item} width={inner} />
        ) : (
          <Text key={`m ${l.uid}`} dimColor>{`    … ${l.n} more SENSITIVE for ${shown(l.uid)}`}</Text>
        ),
      )}
      {refused.map((r) => (
        <Text key={`r ${keyOf(r.finding)}`} color="red" wrap="truncate-end">{`  refused ${shown(r.finding.uid)} ${shown(r.finding.rid)} ${shown(r.finding.action)}: ${r.why}`}</Text>
      ))}
      {stage === 'first' && plan.refused.length > refused.length ? <Text color="red">{`  … ${plan.refused.length - refused.length} more refused`}</Text> : null}
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
