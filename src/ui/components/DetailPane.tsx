// Everything about the finding under the cursor: what the permission is, its risk and why, the
// status and what it means, what the policy says about granting it (with the consents the loop was
// started with), an example line, and the exact grant (HTTP and dcos CLI). Given a height, it shows
// the lines in that order as far as they fit (no border on small screens).
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { dcosCliLine, httpRequestsFor } from '../../core/plan/index.js';
import { decide, type PolicyDecision } from '../../core/policy/index.js';
import type { Row } from '../model.js';
import { clipEnd, firstLine, shown } from '../text.js';
import { formatTime } from '../../core/format.js';
import { RISK_COLOR, STATUS_COLOR } from './style.js';

/** The loop's consents (its flags), for what `g` would do with this finding. */
export interface DetailConsent {
  allowDangerous?: boolean;
  forceNative?: boolean;
  yes?: boolean;
}

export interface DetailPaneProps {
  row: Row | null;
  clusterUrl: string | null;
  /** Lines in all, border included. */
  height: number;
  border: boolean;
  width: number;
  consent?: DetailConsent;
}

/**
 * The status line. For a finding waiting for the operator that `g` would not simply grant, what the
 * policy says comes first (the status itself is on the title line); the pane keeps its height.
 */
function statusLine(row: Row, d: PolicyDecision, fit: (t: string) => string): ReactElement {
  const st = row.status;
  const waiting = (st.status === 'new' || st.status === 'selected') && !d.final && d.verdict !== 'allow';
  if (!waiting) {
    return (
      <Text key="status" wrap="truncate-end" color={st.status === 'still denied after grant' ? 'red' : undefined}>
        {fit(`status: ${shown(st.note)}`)}
      </Text>
    );
  }
  return (
    <Text key="status" wrap="truncate-end" color={d.verdict === 'confirm' ? 'yellow' : 'red'}>
      {fit(`grant: ${shown(d.reason)}${st.result ? ` · ${shown(st.note)}` : ''}`)}
    </Text>
  );
}

/** The pane's lines; long ones (a raw example line can be 4 KB) are cut to `width` before ink sees them. */
function detailLines(row: Row, clusterUrl: string | null, width: number, consent: DetailConsent): ReactElement[] {
  const fit = (t: string) => clipEnd(t, width);
  const f = row.finding;
  const d = decide(f, { op: 'grant', mode: 'interactive', ...consent });
  const grantable = !d.final;
  const reqs = grantable ? httpRequestsFor(f, 'grant') : [];
  return [
    <Text key="title" wrap="truncate-end">
      <Text bold>{shown(f.rid)}</Text> {shown(f.action)}
      {'  '}
      <Text color={RISK_COLOR[f.risk]} bold>
        {f.risk.toUpperCase()}
      </Text>
      {f.kind !== 'permission' ? <Text color="yellow">{`  (${f.kind})`}</Text> : null}
      {'  '}
      <Text color={STATUS_COLOR[row.status.status]}>{row.status.status}</Text>
      <Text dimColor>{`  ${shown(f.uid)}`}</Text>
    </Text>,
    <Text key="explanation" wrap="truncate-end">{fit(firstLine(f.explanation) || '(no explanation)')}</Text>,
    statusLine(row, d, fit),
    ...(f.derived ? [<Text key="derived" wrap="truncate-end" color="yellow">{fit(`inferred: derived from ${shown(f.derived.rawAction)} ${shown(f.derived.path)} (a mapping: check it)`)}</Text>] : []),
    ...f.warnings.map((w) => (
      <Text key={`w ${w}`} color="yellow" wrap="truncate-end">{fit(`warning: ${firstLine(w)}`)}</Text>
    )),
    <Text key="seen" wrap="truncate-end" dimColor>
      {fit(`${f.count}× from ${formatTime(f.firstSeen)} to ${formatTime(f.lastSeen)} · hosts ${f.hosts.map(shown).join(', ') || '-'} · components ${f.components.map(shown).join(', ') || '-'}${f.catalog ? ` · catalog ${f.catalog}` : ''}`)}
    </Text>,
    <Text key="example" wrap="truncate-end" dimColor>{fit(`example: ${shown(f.example.slice(0, width + 10))}`)}</Text>,
    ...(grantable
      ? [
          ...reqs.map((r, i) => (
            <Text key={`req ${i}`} wrap="truncate-end" color="cyan">{fit(`${r.method} ${clusterUrl ?? '$DCOS_URL'}${r.path}${r.body ? ` ${r.body}` : ''}`)}</Text>
          )),
          <Text key="cli" wrap="truncate-end" color="cyan">{fit(dcosCliLine(f, 'grant'))}</Text>,
        ]
      : [<Text key="no" color="gray" wrap="truncate-end">{fit(`not grantable: ${shown(d.reason)}`)}</Text>]),
  ];
}

export function DetailPane({ row, clusterUrl, height, border, width, consent = {} }: DetailPaneProps) {
  if (height <= 0) return null;
  if (!row) return <Text dimColor>(no finding selected)</Text>;
  // Only what fits is rendered: ink shrinks lines that overflow a box onto each other.
  const lines = detailLines(row, clusterUrl, width - (border ? 4 : 0), consent).slice(0, Math.max(0, height - (border ? 2 : 0)));
  return (
    <Box flexDirection="column" borderStyle={border ? 'single' : undefined} borderColor="gray" paddingX={border ? 1 : 0} flexShrink={0}>
      {lines}
    </Box>
  );
}
