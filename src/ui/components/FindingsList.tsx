// The findings, windowed: only `height` rows render, whatever the number of findings.
import { Box, Text } from 'ink';
import type { Row } from '../model.js';
import { RISK_COLOR, STATUS_COLOR } from './style.js';

export interface FindingsListProps {
  rows: Row[];
  cursor: number;
  offset: number;
  height: number;
  width: number;
  filter: string;
  filtering: boolean;
}

const STATUS_W = 25;

export function FindingsList({ rows, cursor, offset, height, filter, filtering }: FindingsListProps) {
  const visible = rows.slice(offset, offset + height);
  const title = `findings ${rows.length ? `${Math.min(cursor + 1, rows.length)}/${rows.length}` : '0'}`;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{title}</Text>
        {filter || filtering ? <Text color="cyan">{`  filter: ${filter}${filtering ? '▏' : ''}`}</Text> : null}
        {offset > 0 ? <Text dimColor>{`  ↑ ${offset} more`}</Text> : null}
      </Text>
      {rows.length === 0 ? <Text dimColor>{filter ? 'no finding matches the filter' : 'no denials yet: waiting for audit lines…'}</Text> : null}
      {visible.map((r, i) => {
        const at = offset + i === cursor;
        const f = r.finding;
        return (
          <Text key={r.key} wrap="truncate-end" inverse={at}>
            {at ? '›' : ' '}
            {r.selected ? '[x] ' : '[ ] '}
            <Text color={STATUS_COLOR[r.status.status]}>{r.status.status.padEnd(STATUS_W)}</Text>
            <Text color={RISK_COLOR[f.risk]}>{f.risk.padEnd(10)}</Text>
            {`${String(f.count).padStart(5)}× `}
            {f.action.padEnd(7)}
            {f.rid}
            <Text dimColor>{`  ${f.hosts.slice(0, 2).join(',')}`}</Text>
          </Text>
        );
      })}
      {rows.length > offset + height ? <Text dimColor>{`  ↓ ${rows.length - offset - height} more`}</Text> : null}
    </Box>
  );
}
