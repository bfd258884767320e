// The frame's middle: the findings list with the detail pane of the row under the cursor, or the
// dialog or overlay that replaces them (the keys are routed by loop-keys.ts).
import { Box } from 'ink';
import type { DialogBody } from '../dialog-view.js';
import type { Frame } from '../frame.js';
import type { HelpView } from '../help-view.js';
import type { Row } from '../model.js';
import type { GrantPort } from '../ports.js';
import type { UiState } from '../screen.js';
import type { UnusedList } from '../../core/session/index.js';
import type { UnusedScreen } from '../unused-view.js';
import type { VerdictState } from '../verdict-view.js';
import { UnusedPane } from './UnusedPane.js';
import { DetailPane, type DetailConsent } from './DetailPane.js';
import { FindingsList } from './FindingsList.js';
import { Modal } from './Modal.js';

export interface MiddlePaneProps {
  frame: Frame;
  ui: UiState;
  /** The rows shown (filtered), and how many there are unfiltered. */
  rows: Row[];
  total: number;
  /** The open question's body (null: none open, or one that lists no pairs). */
  dialogBody: DialogBody | null;
  grants: GrantPort | null;
  consent: DetailConsent;
  busy: string | null;
  width: number;
  /** The held-not-used list, when `ui.view` is `unused`: its state, its screen, its cursor and first row. */
  unused?: { list: UnusedList; screen: UnusedScreen; cursor: number; offset: number; detailOffset: number } | null;
  /** The detail pane's first line shown (`[` `]`). */
  detailOffset?: number;
  /** The scan's headline and warnings, for the empty list. */
  verdict?: VerdictState;
  /** The help, laid out (when it is open). */
  help?: HelpView | null;
}

export function MiddlePane({ frame, ui, rows, total, dialogBody, grants, consent, busy, width, unused, detailOffset = 0, verdict, help }: MiddlePaneProps) {
  const row = rows[frame.cursor] ?? null;
  const clusterUrl = grants?.clusterUrl ?? null;
  const { middle } = frame.layout;
  return (
    <Box flexDirection="column" height={middle} flexShrink={0}>
      {frame.listShown && ui.view === 'unused' && unused ? (
        <UnusedPane list={unused.list} screen={unused.screen} cursor={unused.cursor} offset={unused.offset} height={middle} width={width} detailOffset={unused.detailOffset} />
      ) : frame.listShown ? (
        <>
          <FindingsList
            rows={rows} cursor={frame.cursor} offset={frame.offset} height={frame.split.list} width={width}
            filter={ui.filter} filtering={ui.mode === 'filter'} grouped={frame.grouped} total={total} verdict={verdict}
          />
          <DetailPane row={row} clusterUrl={clusterUrl} height={frame.split.detail} border={frame.split.border} width={width} consent={consent} offset={detailOffset} />
        </>
      ) : (
        <Modal
          mode={ui.mode} plan={ui.plan} body={dialogBody} undo={ui.undo} row={row}
          clusterUrl={clusterUrl} dryRun={grants?.dryRun ?? false} gid={grants?.gid ?? null} busy={busy}
          exportChoice={ui.exportAsk} revokePlan={ui.revokePlan} regrant={ui.regrant} width={width} height={middle} dialogOffset={ui.dialogOffset} rowsFor={frame.rowsFor} help={help}
        />
      )}
    </Box>
  );
}
