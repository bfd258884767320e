// The top three lines: who and where (round first: it is what changes), the sources and their live
// state (or, when none can be read, why and what happens next), and the counters, always over every
// row (the filter hides rows, not facts). Each line is fitted to the width by dropping its least
// important parts, never wrapped.
import { Box, Text } from 'ink';
import type { SourceProgress } from '../../core/types.js';
import type { Counts } from '../model.js';
import { fitParts, shown, shownId, type Part } from '../text.js';
import { formatBytes } from '../../core/format.js';

export interface RetryState {
  /** Retries done so far (automatic or with r). */
  attempt: number;
  /** When the next automatic retry starts, or null when none is planned. */
  at: number | null;
}

export interface HeaderProps {
  width: number;
  cluster: string | null;
  actingUid: string | null;
  uid: string | null;
  /** Every --uid given (several: named, not "every account"). */
  uids?: readonly string[];
  dryRun: boolean;
  sources: SourceProgress[];
  /** Every source failed (nothing is being read). */
  deadSources: boolean;
  /** Why, when no source reports a failure itself (e.g. the scan could not start). */
  deadReason: string | null;
  retry: RetryState;
  now: number;
  round: number;
  counts: Counts;
  authFailures: number;
  /** Audit-looking lines that were not verified (not findings): shown so an unknown format stays visible. */
  unverified?: number;
  sessionId: string;
  filter: string;
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
  const why = p.state === 'failed' && p.error ? `: ${p.error}` : p.note ? ` (${p.note})` : '';
  return `${shown(p.label)} ${p.state}${p.state === 'reading' ? pct : ''} ${formatBytes(p.bytes)}${shown(why)}`;
}

function titleLine(p: HeaderProps): string {
  const many = p.uids && p.uids.length > 1 ? `uids ${p.uids.map(shownId).join(', ')}` : null;
  const who = p.uid ? `uid ${shownId(p.uid)}` : many ?? (p.counts.accounts > 1 ? `every account (${p.counts.accounts})` : 'every account');
  const cluster = p.cluster ? `cluster ${shown(p.cluster)}` : 'no cluster: read-only';
  const parts: Part[] = [
    { text: 'audit2grant', priority: 0 },
    { text: `round ${p.round}`, priority: 1 },
    { text: who, priority: 2 },
    { text: p.dryRun ? '[dry run]' : '', priority: 1 },
    { text: cluster, priority: 3 },
    { text: p.cluster && p.actingUid ? `as ${shownId(p.actingUid)}` : '', priority: 4 },
    { text: `session ${p.sessionId}`, priority: 5 },
  ];
  return fitParts(parts, p.width, '  ');
}

function deadLine(p: HeaderProps): string {
  const failed = p.sources.filter((s) => s.state === 'failed');
  const first = failed[0];
  const why = first ? `${shown(first.label)}: ${shown(first.error ?? 'failed')}` : shown(p.deadReason ?? 'the scan ended');
  const secs = p.retry.at !== null ? Math.max(0, Math.ceil((p.retry.at - p.now) / 1000)) : null;
  const next = secs !== null ? `retry ${p.retry.attempt + 1} in ${secs} s (r: now)` : 'not retrying: r retries';
  // The reason goes last: a narrow line keeps the retry state and cuts the reason's end.
  const n = failed.length || 1;
  return `${n === 1 ? 'the source' : `all ${n} sources`} failed, nothing is read · ${next} · ${why}`;
}

function countsLine(p: HeaderProps): string {
  const c = p.counts;
  const hidden = c.findings - c.shown;
  const parts: Part[] = [
    { text: `findings ${c.findings}${p.filter ? ` (${c.shown} shown)` : ''}`, priority: 1 },
    { text: `pending ${c.pending}`, priority: 0 },
    { text: `selected ${c.selected}${c.hiddenSelected ? `, ${c.hiddenSelected} hidden by the filter` : ''}`, priority: 0 },
    { text: `granted ${c.granted}`, priority: 0 },
    { text: p.filter && hidden && !c.hiddenSelected ? `${hidden} hidden by the filter` : '', priority: 2 },
    { text: `denials ${c.denials}`, priority: 4 },
    // After the denials; kept longer than them: an audit format nobody verified stays visible.
    { text: p.unverified ? `unverified ${p.unverified} (not findings)` : '', priority: 3 },
    { text: p.authFailures ? `auth failures ${p.authFailures}` : '', priority: 3 },
  ];
  return fitParts(parts, p.width);
}

export function Header(p: HeaderProps) {
  const list = p.sources.slice(0, 4);
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text wrap="truncate-end" bold color="cyan">
        {titleLine(p)}
      </Text>
      {p.deadSources ? (
        <Text wrap="truncate-end" color="red" bold>
          {deadLine(p)}
        </Text>
      ) : (
        <Text wrap="truncate-end">
          {'sources: '}
          {list.length === 0 ? <Text dimColor>starting…</Text> : null}
          {list.map((s, i) => (
            <Text key={s.label} color={STATE_COLOR[s.state]}>
              {i ? ' · ' : ''}
              {sourceText(s)}
            </Text>
          ))}
          {p.sources.length > list.length ? <Text dimColor>{` · +${p.sources.length - list.length} more`}</Text> : null}
        </Text>
      )}
      <Text wrap="truncate-end" color={p.counts.pending ? 'yellow' : undefined}>
        {countsLine(p)}
      </Text>
    </Box>
  );
}
