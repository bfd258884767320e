// The findings, windowed: only the rows that fit render, whatever the number of findings. Columns
// adapt to the width (columns.ts: the rid first); with several accounts, each account's rows come
// under a title line naming it. Ids are shown in ASCII (shownId: a look-alike character shows as
// its escape), and rids cut to the column stay apart (distinct.ts) where two rows would look alike.
import { Box, Text } from 'ink';
import { planColumns, RISK_WORD, STATUS_WORD, type Columns } from '../columns.js';
import { fitRows, startsGroup, type Row } from '../model.js';
import { distinctCuts } from '../distinct.js';
import { midTruncate, shown, shownId } from '../text.js';
import { emptyLines, type EmptyLine, type VerdictState } from '../verdict-view.js';
import { RISK_COLOR, STATUS_COLOR } from './style.js';

export interface FindingsListProps {
  rows: Row[];
  cursor: number;
  offset: number;
  /** Lines for the whole list: its title, the rows (and account lines), the "more" line. */
  height: number;
  width: number;
  filter: string;
  filtering: boolean;
  grouped: boolean;
  /** Rows before the filter (for "no finding matches" versus "no denials yet"). */
  total: number;
  /** The scan's headline and warnings: what an empty list says instead of waiting, once known. */
  verdict?: VerdictState;
}

const TONE: Record<EmptyLine['tone'], { color?: string; dimColor?: boolean }> = { dim: { dimColor: true }, warn: { color: 'yellow' }, plain: {} };

/** No row: the filter hides them all, or the scan's verdict (or the wait for one), in the lines there are. */
function Empty({ filter, verdict, width, room }: { filter: string; verdict: VerdictState; width: number; room: number }) {
  if (filter) return <Text dimColor>no finding matches the filter</Text>;
  return (
    <>
      {emptyLines(verdict, width, room).map((l, i) => (
        <Text key={i} wrap="truncate-end" {...TONE[l.tone]}>{l.text}</Text>
      ))}
    </>
  );
}

function RowLine({ r, at, cols, rid }: { r: Row; at: boolean; cols: Columns; rid: string }) {
  const f = r.finding;
  const mark = cols.prefix === 5 ? (r.selected ? '[x] ' : '[ ] ') : r.selected ? 'x ' : '  ';
  const status = STATUS_WORD[cols.status][r.status.status];
  const hosts = cols.hosts ? `  ${midTruncate(f.hosts.map(shown).join(','), cols.hosts)}` : '';
  return (
    <Text wrap="truncate-end" inverse={at}>
      {at ? '›' : ' '}
      {mark}
      <Text color={STATUS_COLOR[r.status.status]}>{status.padEnd(cols.status === 'long' ? 24 : cols.status === 'medium' ? 8 : 4)}</Text>{' '}
      <Text color={RISK_COLOR[f.risk]}>{RISK_WORD[cols.risk][f.risk].padEnd(cols.risk === 'long' ? 9 : 4)}</Text>{' '}
      {cols.count ? `${`${f.count}×`.padStart(cols.count)} ` : ''}
      {shownId(f.action).padEnd(cols.action)}{' '}
      {rid}
      {f.kind === 'derived' ? <Text color="yellow">{' ~'}</Text> : null}
      {hosts ? <Text dimColor>{hosts}</Text> : null}
    </Text>
  );
}

export function FindingsList({ rows, cursor, offset, height, width, filter, filtering, grouped, total, verdict = { done: false } }: FindingsListProps) {
  const body = Math.max(1, height - 2);
  // A row always shows: on one line, without its account's line (the title names the account).
  const fitted = fitRows(rows, offset, body, grouped);
  const n = fitted || Math.min(1, rows.length);
  const ownLine = fitted > 0;
  const visible = rows.slice(offset, offset + n);
  const cols = planColumns({
    width,
    ridMax: Math.max(0, ...visible.map((r) => shownId(r.finding.rid).length + (r.finding.kind === 'derived' ? 2 : 0))),
    actionMax: Math.max(0, ...visible.map((r) => shownId(r.finding.action).length)),
    hostsMax: Math.max(0, ...visible.map((r) => r.finding.hosts.map(shown).join(',').length)),
    countMax: Math.max(0, ...visible.map((r) => r.finding.count)),
  });
  const rids = distinctCuts(visible.map((r) => ({ text: shownId(r.finding.rid), width: cols.rid - (r.finding.kind === 'derived' ? 2 : 0) })));
  const title = `findings ${rows.length ? `${Math.min(cursor + 1, rows.length)}/${rows.length}` : '0'}`;
  // On two lines (the smallest frame: layout.ts) the title's count says what is below.
  const below = height >= 3 ? rows.length - offset - n : 0;
  const account = !ownLine && grouped && visible[0] ? `  ${shownId(visible[0].finding.uid)}` : '';
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      <Text wrap="truncate-end">
        <Text bold>{title}</Text>
        {filter || filtering ? <Text color="cyan">{`  filter: ${filter}${filtering ? '▏' : ''}`}</Text> : null}
        {filter && total > rows.length ? <Text dimColor>{`  (${total - rows.length} hidden)`}</Text> : null}
        {account ? <Text bold color="magenta">{account}</Text> : null}
        {offset > 0 ? <Text dimColor>{`  ↑ ${offset} more`}</Text> : null}
      </Text>
      {rows.length === 0 ? <Empty filter={filter} verdict={verdict} width={width} room={height - 1} /> : null}
      {visible.map((r, i) => {
        const idx = offset + i;
        const head = ownLine && grouped && startsGroup(rows, idx, offset);
        const line = <RowLine key={r.key} r={r} at={idx === cursor} cols={cols} rid={rids[i] ?? ''} />;
        if (!head) return line;
        const mine = rows.filter((x) => x.finding.uid === r.finding.uid).length;
        return (
          <Box key={r.key} flexDirection="column">
            <Text wrap="truncate-end" bold color="magenta">{`── ${shownId(r.finding.uid)} (${mine} finding${mine === 1 ? '' : 's'})`}</Text>
            {line}
          </Box>
        );
      })}
      {below > 0 ? <Text dimColor>{`  ↓ ${below} more`}</Text> : null}
    </Box>
  );
}
