// `u`: what undo will revoke, asked first like a grant, grouped by account and naming every account.
import { Box, Text } from 'ink';
import type { Batch } from '../../core/session/index.js';
import { keyOf } from '../../core/session/index.js';
import type { GrantPair } from '../../core/types.js';
import { accountsText, byAccount, fitGroups } from '../groups.js';
import { midTruncate, shown } from '../text.js';
import { formatTime } from '../../core/format.js';

export interface UndoDialogProps {
  batch: Batch;
  pairs: GrantPair[];
  /** 1-based number of the batch in this session. */
  n: number;
  width: number;
  height: number;
}

export function UndoDialog({ batch, pairs, n, width, height }: UndoDialogProps) {
  const groups = byAccount(pairs);
  const lines = fitGroups(groups, Math.max(groups.length, height - 5));
  const inner = Math.max(20, width - 4);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} flexShrink={0}>
      <Text bold wrap="truncate-end">
        {`undo batch ${n}: revoke ${pairs.length} permission(s) from ${accountsText(groups.map((g) => shown(g.uid)))} (granted ${formatTime(batch.at)}${batch.by ? ` by ${shown(batch.by)}` : ''})`}
      </Text>
      {lines.map((l) =>
        l.kind === 'title' ? (
          <Text key={`t ${l.uid}`} bold color="magenta" wrap="truncate-end">{`  ${shown(l.uid)} (${l.count}):`}</Text>
        ) : l.kind === 'item' ? (
          <Text key={`i ${keyOf(l.item)}`} wrap="truncate-end">{`    ${midTruncate(shown(l.item.rid), inner - 5 - l.item.action.length)} ${shown(l.item.action)}`}</Text>
        ) : (
          <Text key={`m ${l.uid}`} dimColor>{`    … ${l.n} more for ${shown(l.uid)} (revoked too)`}</Text>
        ),
      )}
      <Text wrap="truncate-end">{'y/Enter to revoke · n/Esc to keep them'}</Text>
    </Box>
  );
}
