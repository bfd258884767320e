// Everything about the finding under the cursor: what the permission is, its risk and why, the
// status and what it means, what the policy says about granting it (with the consents the loop was
// started with), an example line, and the exact grant (HTTP and dcos CLI).
import { Box, Text } from 'ink';
import { dcosCliLine, httpRequestsFor } from '../../core/plan/index.js';
import { decide, type PolicyDecision } from '../../core/policy/index.js';
import type { Row } from '../model.js';
import { fmtTime, RISK_COLOR, STATUS_COLOR } from './style.js';

/** The loop's consents (its flags), for what `g` would do with this finding. */
export interface DetailConsent {
  allowDangerous?: boolean;
  forceNative?: boolean;
  yes?: boolean;
}

/**
 * The status line. For a finding waiting for the operator that `g` would not simply grant, what the
 * policy says comes first (the status itself is on the line above); the pane keeps its height.
 */
function statusLine(row: Row, d: PolicyDecision) {
  const st = row.status;
  const waiting = (st.status === 'new' || st.status === 'selected') && !d.final && d.verdict !== 'allow';
  if (!waiting) return <Text wrap="truncate-end" color={st.status === 'still denied after grant' ? 'red' : undefined}>{`status: ${st.note}`}</Text>;
  const color = d.verdict === 'confirm' ? 'yellow' : 'red';
  return <Text wrap="truncate-end" color={color}>{`grant: ${d.reason}${st.result ? ` · ${st.note}` : ''}`}</Text>;
}

export function DetailPane({ row, clusterUrl, consent = {} }: { row: Row | null; clusterUrl: string | null; consent?: DetailConsent }) {
  if (!row) return <Text dimColor>(no finding selected)</Text>;
  const f = row.finding;
  const d = decide(f, { op: 'grant', mode: 'interactive', ...consent });
  const grantable = !d.final;
  const reqs = grantable ? httpRequestsFor(f, 'grant') : [];
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="gray" paddingX={1}>
      <Text wrap="truncate-end">
        <Text bold>{f.rid}</Text> {f.action}
        {'  '}
        <Text color={RISK_COLOR[f.risk]} bold>
          {f.risk.toUpperCase()}
        </Text>
        {f.kind !== 'permission' ? <Text color="yellow">{`  (${f.kind})`}</Text> : null}
        {'  '}
        <Text color={STATUS_COLOR[row.status.status]}>{row.status.status}</Text>
      </Text>
      <Text wrap="truncate-end">{f.explanation || '(no explanation)'}</Text>
      {statusLine(row, d)}
      {f.warnings.map((w) => (
        <Text key={w} color="yellow" wrap="truncate-end">{`warning: ${w}`}</Text>
      ))}
      {f.derived ? <Text wrap="truncate-end" color="yellow">{`derived from ${f.derived.rawAction} ${f.derived.path} (inferred mapping)`}</Text> : null}
      <Text wrap="truncate-end" dimColor>
        {`${f.count}× from ${fmtTime(f.firstSeen)} to ${fmtTime(f.lastSeen)} · hosts ${f.hosts.join(', ') || '-'} · components ${f.components.join(', ') || '-'}${f.catalog ? ` · catalog ${f.catalog}` : ''}`}
      </Text>
      <Text wrap="truncate-end" dimColor>{`example: ${f.example}`}</Text>
      {grantable ? (
        <>
          {reqs.map((r, i) => (
            <Text key={i} wrap="truncate-end" color="cyan">{`${r.method} ${clusterUrl ?? '$DCOS_URL'}${r.path}${r.body ? ` ${r.body}` : ''}`}</Text>
          ))}
          <Text wrap="truncate-end" color="cyan">{dcosCliLine(f, 'grant')}</Text>
        </>
      ) : (
        <Text color="gray" wrap="truncate-end">{`not grantable: ${d.reason}`}</Text>
      )}
    </Box>
  );
}
