// The answers of the last grant or undo batch, one line per pair naming its account, fitted to the
// lines it is given: a one-line tally (every account named) first, then the pairs. When every pair
// that failed shares one reason (an expired token), the rows leave it out and it follows them once,
// whole and wrapped: the pairs give way to it, as it is what the operator must act on.
import { Box, Text } from 'ink';
import { hasCause, keyOf, sharedCause } from '../../core/session/index.js';
import type { PairOutcome, PairResult } from '../../core/types.js';
import { byAccount } from '../groups.js';
import { distinctCuts } from '../distinct.js';
import { shown, shownId } from '../text.js';
import { maxOf } from '../../core/arrays.js';
import { wrapWords } from '../wrap.js';

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
  const uids = byAccount(results).map((g) => shownId(g.uid));
  return `${[...n].map(([o, c]) => `${o} ${c}`).join(', ')} for ${uids.join(', ')}`;
}

/** The shared reason's lines (none when the reasons differ or nothing failed). */
const causeLines = (results: readonly PairResult[], width: number): string[] => {
  const cause = sharedCause(results);
  return cause ? wrapWords(`why: ${shown(cause)}`, width, '  ') : [];
};

/** Lines the panel would fill under its title: a line per pair, and the shared reason's. */
export const resultsLines = (results: readonly PairResult[], width: number): number => (results.length ? results.length + causeLines(results, width).length : 0);

export function ResultsPanel({ title, results, width, height }: ResultsPanelProps) {
  if (height <= 0 || !results.length) return null;
  const cause = sharedCause(results);
  const why = causeLines(results, width).slice(0, Math.max(0, height - 1));
  const room = height - 1 - why.length;
  const list = results.length <= room ? results : results.slice(0, Math.max(0, room - 1));
  const uidW = Math.min(24, maxOf(results, (r) => shownId(r.uid).length));
  const outW = maxOf(results, (r) => r.outcome.length);
  // Rids cut to the width stay apart, as on the list (distinct.ts).
  const rids = distinctCuts(list.map((r) => ({ text: shownId(r.rid), width: Math.max(10, width - 2 - outW - 1 - uidW - 1 - shownId(r.action).length - 1) })));
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text bold wrap="truncate-end">{`${title} ${tally(results)}`}</Text>
      {list.map((r, i) => (
        <Text key={keyOf(r)} wrap="truncate-end">
          {'  '}
          <Text color={COLOR[r.outcome]}>{r.outcome.padEnd(outW)}</Text>
          {` ${shownId(r.uid).padEnd(uidW)} ${rids[i] ?? ''} ${shownId(r.action)}`}
          {r.detail && !hasCause(r, cause) ? <Text dimColor>{`  ${shown(r.detail)}`}</Text> : null}
        </Text>
      ))}
      {list.length < results.length && room > 0 ? <Text dimColor>{`  … ${results.length - list.length} more`}</Text> : null}
      {why.map((t, i) => (
        <Text key={`why ${i}`} color="red" wrap="truncate-end">
          {t}
        </Text>
      ))}
    </Box>
  );
}
