// Everything about the finding under the cursor: what the permission is, its risk and why, the
// status and what it means, what the policy says about granting it (with the consents the loop was
// started with), an example line, and the exact grant (HTTP and dcos CLI). Given a height, it shows
// the lines in that order as far as they fit (no border on small screens). The rid is never cut: when
// it does not fit on the title line it gets lines of its own, wrapped, and when the pane is too short
// for everything, `[` `]` scroll it (a line says what is above and below). Ids are shown in ASCII
// (shownId): a look-alike character in a rid shows as its escape.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { dcosCliLine, httpRequestsFor } from '../../core/plan/index.js';
import { decide, type PolicyDecision } from '../../core/policy/index.js';
import type { Row } from '../model.js';
import { clipEnd, firstLine, shown, shownAscii, shownId } from '../text.js';
import { paneWindow, ridOwnLines, type PaneWindow } from '../pane-window.js';
import { formatTime } from '../../core/format.js';
import { exampleText } from '../../core/journal/example-text.js';
import { wrapWords } from '../wrap.js';
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
  /** The first line shown (`[` `]` scroll; clamped here). */
  offset?: number;
}

/**
 * The status line. For a finding waiting for the operator that `g` would not simply grant, what the
 * policy says comes first (the status itself is on the title line). A failed or refused attempt's
 * reason is wrapped, never cut: it says what to do (`run \`dcos auth login\` again`); `[` `]` scroll.
 */
function statusLines(row: Row, d: PolicyDecision, width: number): ReactElement[] {
  const st = row.status;
  const waiting = (st.status === 'new' || st.status === 'selected') && !d.final && d.verdict !== 'allow';
  const text = waiting ? `grant: ${shown(d.reason)}${st.result ? ` · ${shown(st.note)}` : ''}` : `status: ${shown(st.note)}`;
  const color = waiting ? (d.verdict === 'confirm' ? 'yellow' : 'red') : st.status === 'still denied after grant' ? 'red' : undefined;
  const failed = st.result?.outcome === 'failed' || st.result?.outcome === 'refused';
  const lines = failed ? wrapWords(text, width, '  ') : [clipEnd(text, width)];
  return lines.map((t, i) => (
    <Text key={`status ${i}`} wrap="truncate-end" color={color}>
      {t}
    </Text>
  ));
}

const titleRest = (row: Row): string => {
  const f = row.finding;
  return `${shownId(f.action)}  ${f.risk.toUpperCase()}${f.kind !== 'permission' ? `  (${f.kind})` : ''}  ${row.status.status}  ${shownId(f.uid)}`;
};

/** The rid's own lines above the title (none when it fits on the title line with the rest). */
const ridLines = (row: Row, width: number): string[] => ridOwnLines(shownId(row.finding.rid), titleRest(row), width);

/**
 * The title: the rid, action, risk, kind, status and account on one line when they fit; else the rid
 * first, whole, over as many lines as it needs, and the rest on the next line.
 */
function titleLines(row: Row, width: number): ReactElement[] {
  const f = row.finding;
  const rid = shownId(f.rid);
  const kind = f.kind !== 'permission' ? `  (${f.kind})` : '';
  const own = ridLines(row, width);
  const oneLine = own.length === 0;
  return [
    ...own.map((t, i) => <Text key={`rid ${i}`} bold wrap="truncate-end">{t}</Text>),
    <Text key="title" wrap="truncate-end">
      {oneLine ? <><Text bold>{rid}</Text>{' '}</> : null}
      {shownId(f.action)}
      {'  '}
      <Text color={RISK_COLOR[f.risk]} bold>
        {f.risk.toUpperCase()}
      </Text>
      {kind ? <Text color="yellow">{kind}</Text> : null}
      {'  '}
      <Text color={STATUS_COLOR[row.status.status]}>{row.status.status}</Text>
      <Text dimColor>{`  ${shownId(f.uid)}`}</Text>
    </Text>,
  ];
}

/** The pane's lines; long ones (a raw example line can be 4 KB) are cut to `width` before ink sees them (the rid is wrapped instead). */
function detailLines(row: Row, clusterUrl: string | null, width: number, consent: DetailConsent): ReactElement[] {
  const fit = (t: string) => clipEnd(t, width);
  const f = row.finding;
  const d = decide(f, { op: 'grant', mode: 'interactive', ...consent });
  const grantable = !d.final;
  const reqs = grantable ? httpRequestsFor(f, 'grant') : [];
  return [
    ...titleLines(row, width),
    <Text key="explanation" wrap="truncate-end">{fit(firstLine(f.explanation) || '(no explanation)')}</Text>,
    ...statusLines(row, d, width),
    ...(f.derived ? [<Text key="derived" wrap="truncate-end" color="yellow">{fit(`inferred: derived from ${shownId(f.derived.rawAction)} ${shownId(f.derived.path)} (a mapping: check it)`)}</Text>] : []),
    ...f.warnings.map((w) => (
      <Text key={`w ${w}`} color="yellow" wrap="truncate-end">{fit(`warning: ${firstLine(w)}`)}</Text>
    )),
    <Text key="seen" wrap="truncate-end" dimColor>
      {fit(`${f.count}× from ${formatTime(f.firstSeen)} to ${formatTime(f.lastSeen)} · hosts ${f.hosts.map(shown).join(', ') || '-'} · components ${f.components.map(shown).join(', ') || '-'}${f.catalog ? ` · catalog ${f.catalog}` : ''}`)}
    </Text>,
    // The example holds the rid: its characters are shown as the rid's are; a JSON entry's message, not its envelope.
    <Text key="example" wrap="truncate-end" dimColor>{fit(`example: ${shownAscii(exampleText(f.example).slice(0, width + 10))}`)}</Text>,
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

export type DetailWindow = PaneWindow<ReactElement>;

/** What the pane shows from `offset`: everything when it fits, else a window and a line saying what is left (pane-window.ts). */
export function detailWindow(p: Omit<DetailPaneProps, 'row'> & { row: Row }): DetailWindow {
  const inner = p.width - (p.border ? 4 : 0);
  const room = Math.max(0, p.height - (p.border ? 2 : 0));
  return paneWindow(detailLines(p.row, p.clusterUrl, inner, p.consent ?? {}), room, p.offset ?? 0);
}

export function DetailPane(p: DetailPaneProps) {
  const { row, height, border } = p;
  if (height <= 0) return null;
  if (!row) return <Text dimColor>(no finding selected)</Text>;
  // Only what fits is rendered: ink shrinks lines that overflow a box onto each other.
  const view = detailWindow({ ...p, row });
  return (
    <Box flexDirection="column" borderStyle={border ? 'single' : undefined} borderColor="gray" paddingX={border ? 1 : 0} flexShrink={0}>
      {view.lines}
      {view.more ? <Text dimColor wrap="truncate-end">{view.more}</Text> : null}
    </Box>
  );
}
