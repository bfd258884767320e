// Top lines: where we grant, for whom, the sources and their live state, the round and the counts.
import { Box, Text } from 'ink';
import type { SourceProgress } from '../../core/types.js';
import type { Counts } from '../model.js';
import { fmtBytes } from './style.js';

export interface HeaderProps {
  cluster: string | null;
  actingUid: string | null;
  uid: string | null;
  dryRun: boolean;
  sources: SourceProgress[];
  round: number;
  counts: Counts;
  authFailures: number;
  /** Audit-looking lines that were not verified (not findings): shown so an unknown format stays visible. */
  unverified?: number;
  sessionId: string;
}

const STATE_COLOR: Record<SourceProgress['state'], string> = {
  pending: 'gray',
  connecting: 'yellow',
  reading: 'cyan',
  following: 'green',
  done: 'white',
  failed: 'red',
};

function sourceText(p: SourceProgress): string {
  const pct = p.size ? ` ${Math.min(100, Math.floor((p.bytes / p.size) * 100))}%` : '';
  const err = p.state === 'failed' && p.error ? `: ${p.error}` : '';
  return `${p.label} ${p.state}${p.state === 'reading' ? pct : ''} ${fmtBytes(p.bytes)}${err}`;
}

export function Header(p: HeaderProps) {
  const shown = p.sources.slice(0, 4);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color="cyan">audit2grant</Text>
        {'  cluster '}
        <Text bold>{p.cluster ?? '(none: read-only)'}</Text>
        {p.actingUid ? ` as ${p.actingUid}` : ''}
        {p.dryRun ? <Text color="yellow"> [dry run]</Text> : null}
        {'  uid '}
        <Text bold>{p.uid ?? '(every principal)'}</Text>
        {'  round '}
        <Text bold>{p.round}</Text>
        <Text dimColor>{`  session ${p.sessionId}`}</Text>
      </Text>
      <Text wrap="truncate-end">
        {'sources: '}
        {shown.length === 0 ? <Text dimColor>starting…</Text> : null}
        {shown.map((s, i) => (
          <Text key={s.label} color={STATE_COLOR[s.state]}>
            {i ? ' · ' : ''}
            {sourceText(s)}
          </Text>
        ))}
        {p.sources.length > shown.length ? <Text dimColor>{` · +${p.sources.length - shown.length} more`}</Text> : null}
      </Text>
      <Text wrap="truncate-end">
        {`denials ${p.counts.denials} · `}
        {p.unverified ? <Text color="yellow">{`unverified ${p.unverified} (not findings) · `}</Text> : null}
        {`findings ${p.counts.findings} · `}
        <Text color={p.counts.pending ? 'yellow' : 'green'}>{`pending ${p.counts.pending}`}</Text>
        {` · selected ${p.counts.selected} · granted ${p.counts.granted} · `}
        <Text color={p.authFailures ? 'red' : undefined}>{`auth failures ${p.authFailures}`}</Text>
      </Text>
    </Box>
  );
}
