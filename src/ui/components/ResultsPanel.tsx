// The answers of the last grant or undo batch, one line per pair naming its account, fitted to the
// lines it is given: a one-line tally (every account named) first, then the pairs.
import { Box, Text } from 'ink';
import { keyOf } from '../../core/session/index.js';
import type { PairOutcome, PairResult } from '../../core/types.js';
import { byAccount } from '../groups.js';
import { midTruncate, shown } from '../text.js';
import { maxOf } from '../../core/arrays.js';

const COLOR: Record<PairOutcome, string> = {
  granted: 'green',
  'already held': 'green',
  revoked: 'yellow',
  'already absent': 'yellow',
  'already undone': 'yellow',
  refused: 'red',
  failed: 'red',
  'dry-run': 'cyan',
};

export interface ResultsPanelProps {
  title: string;
  results: PairResult[];
  width: number;
  /** Lines in all (0: nothing shown). */
  height: number;
}

/** "granted 2, failed 1 for cassandra-sa, kafka-sa". */
export function tally(results: readonly PairResult[]): string {
  const n = new Map<PairOutcome, number>();
  for (const r of results) n.set(r.outcome, (n.get(r.outcome) ?? 0) + 1);
  const uids = byAccount(results).map((g) => shown(g.uid));
  return `${[...n].map(([o, c]) => `${o} ${c}`).join(', ')} for ${uids.join(', ')}`;
}

export function ResultsPanel({ title, results, width, height }: ResultsPanelProps) {
  if (height <= 0 || !results.length) return null;
  const room = height - 1;
  const list = results.length <= room ? results : results.slice(0, Math.max(0, room - 1));
  const uidW = Math.min(24, maxOf(results, (r) => shown(r.uid).length));
  const outW = maxOf(results, (r) => r.outcome.length);
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text bold wrap="truncate-end">{`${title} ${tally(results)}`}</Text>
      {list.map((r) => (
        <Text key={keyOf(r)} wrap="truncate-end">
          {'  '}
          <Text color={COLOR[r.outcome]}>{r.outcome.padEnd(outW)}</Text>
          {` ${shown(r.uid).padEnd(uidW)} ${midTruncate(shown(r.rid), Math.max(10, width - 2 - outW - 1 - uidW - 1 - r.action.length - 1))} ${shown(r.action)}`}
          {r.detail ? <Text dimColor>{`  ${shown(r.detail)}`}</Text> : null}
        </Text>
      ))}
      {list.length < results.length && room > 0 ? <Text dimColor>{`  … ${results.length - list.length} more`}</Text> : null}
    </Box>
  );
}
