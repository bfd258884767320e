// `u`: what undo will revoke, asked first like a grant, grouped by account and naming every account;
// every pair in full, scrolled when long, and no question on a terminal too small to list them
// (revoke-view.ts, PairDialog).
import { Text } from 'ink';
import type { Batch } from '../../core/session/index.js';
import type { GrantPair } from '../../core/types.js';
import type { DialogBody } from '../dialog-view.js';
import { accountsText, byAccount } from '../groups.js';
import { shownId } from '../text.js';
import { answeredSpan } from '../revoke-view.js';
import { PairDialog } from './PairDialog.js';

export interface UndoDialogProps {
  batch: Batch;
  pairs: GrantPair[];
  /** 1-based number of the batch in this session. */
  n: number;
  /** What it lists (revoke-view.ts, undoBody, built once by the App). */
  body: DialogBody;
  width: number;
  height: number;
  /** The first body line shown (↑↓ scroll). */
  offset?: number;
  rowsFor?: (lines: number) => number;
}

export function UndoDialog({ batch, pairs, n, body, width, height, offset = 0, rowsFor }: UndoDialogProps) {
  const uids = byAccount(pairs).map((g) => shownId(g.uid));
  const title = `undo batch ${n}: revoke ${pairs.length} permission(s) from ${accountsText(uids)} (granted ${answeredSpan(batch, pairs)}${batch.by ? ` by ${shownId(batch.by)}` : ''})`;
  return (
    <PairDialog
      title={title} body={body} keys={<Text wrap="truncate-end">{'y/Enter to revoke · n/Esc to keep them'}</Text>}
      color="yellow" width={width} height={height} offset={offset} asking={`undo batch ${n} (revoke ${pairs.length} permission(s))`} rowsFor={rowsFor}
    />
  );
}
