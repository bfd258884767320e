// The answers of the last grant or undo batch, one line per pair, and any one-line message.
import { Box, Text } from 'ink';
import type { PairOutcome, PairResult } from '../../core/types.js';

const COLOR: Record<PairOutcome, string> = {
  granted: 'green',
  'already held': 'green',
  revoked: 'yellow',
  'already absent': 'yellow',
  refused: 'red',
  failed: 'red',
  'dry-run': 'cyan',
};

export interface ResultsPanelProps {
  title: string | null;
  results: PairResult[];
  busy: string | null;
  message: string | null;
  error: string | null;
  max?: number;
}

export function ResultsPanel({ title, results, busy, message, error, max = 6 }: ResultsPanelProps) {
  return (
    <Box flexDirection="column">
      {busy ? <Text color="blue">{`${busy}…`}</Text> : null}
      {error ? <Text color="red" wrap="truncate-end">{error}</Text> : null}
      {message ? <Text color="cyan" wrap="truncate-end">{message}</Text> : null}
      {title && results.length ? <Text bold>{title}</Text> : null}
      {results.slice(0, max).map((r) => (
        <Text key={`${r.uid} ${r.rid} ${r.action}`} wrap="truncate-end">
          {'  '}
          <Text color={COLOR[r.outcome]}>{r.outcome.padEnd(14)}</Text>
          {`${r.rid} ${r.action}`}
          {r.detail ? <Text dimColor>{`  ${r.detail}`}</Text> : null}
        </Text>
      ))}
      {results.length > max ? <Text dimColor>{`  … ${results.length - max} more`}</Text> : null}
    </Box>
  );
}
