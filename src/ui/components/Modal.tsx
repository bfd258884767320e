// The view that replaces the list while a dialog or overlay is open (keys are routed by App).
import { finalRefusal } from '../../core/policy/index.js';
import type { BatchPlan } from '../../core/session/index.js';
import type { Row } from '../model.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { DryRunView } from './DryRunView.js';
import { HelpOverlay } from './HelpOverlay.js';
import { ExportDialog, QuitDialog } from './SmallDialogs.js';

export type Mode = 'list' | 'filter' | 'help' | 'confirm' | 'confirm2' | 'dryrun' | 'quit' | 'export';

export interface ModalProps {
  mode: Mode;
  plan: BatchPlan | null;
  row: Row | null;
  clusterUrl: string | null;
  dryRun: boolean;
  /** `--gid`: the group batches go to. */
  gid?: string | null;
  busy: string | null;
  exportCount: number;
}

/** null when the list shows (modes `list` and `filter`). */
export function Modal({ mode, plan, row, clusterUrl, dryRun, gid, busy, exportCount }: ModalProps) {
  switch (mode) {
    case 'help':
      return <HelpOverlay />;
    case 'confirm':
    case 'confirm2':
      return plan ? <ConfirmDialog plan={plan} stage={mode === 'confirm' ? 'first' : 'sensitive'} dryRun={dryRun} gid={gid} /> : null;
    case 'dryrun':
      return <DryRunView pairs={plan?.pairs.length ? plan.pairs : row && !finalRefusal(row.finding) ? [row.finding] : []} clusterUrl={clusterUrl} />;
    case 'quit':
      return <QuitDialog busy={busy ?? 'a request'} />;
    case 'export':
      return <ExportDialog count={exportCount} />;
    default:
      return null;
  }
}
