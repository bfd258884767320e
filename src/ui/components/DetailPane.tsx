// Everything about the finding under the cursor: what the permission is, its risk and why, the
// status and what it means, an example line, and the exact grant (HTTP and dcos CLI).
import { Box, Text } from 'ink';
import { dcosCliLine, httpRequestsFor, validatePair } from '../../core/plan/index.js';
import type { Row } from '../model.js';
import { fmtTime, RISK_COLOR, STATUS_COLOR } from './style.js';

export function DetailPane({ row, clusterUrl }: { row: Row | null; clusterUrl: string | null }) {
  if (!row) return <Text dimColor>(no finding selected)</Text>;
  const f = row.finding;
  const grantable = f.kind !== 'non-rid' && !validatePair(f);
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
      <Text wrap="truncate-end" color={row.status.status === 'still denied after grant' ? 'red' : undefined}>
        {`status: ${row.status.note}`}
      </Text>
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
        <Text color="gray">not grantable: the object is not a DC/OS rid</Text>
      )}
    </Box>
  );
}
