// The view that replaces the list while a dialog or overlay is open (keys are routed by App).
import { finalRefusal } from '../../core/policy/index.js';
import type { Batch, BatchPlan, RevokePlan } from '../../core/session/index.js';
import type { GrantPair } from '../../core/types.js';
import type { DialogBody } from '../dialog-view.js';
import type { Row } from '../model.js';
import type { Mode, RegrantAsk } from '../screen.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { DryRunView } from './DryRunView.js';
import { HelpOverlay } from './HelpOverlay.js';
import type { HelpView } from '../help-view.js';
import type { ExportChoice } from '../screen.js';
import { ExportDialog, QuitDialog } from './SmallDialogs.js';
import { UndoDialog } from './UndoDialog.js';
import { RegrantDialog, RevokeConfirm } from './RevokeDialog.js';

export type { Mode };

export interface ModalProps {
  mode: Mode;
  plan: BatchPlan | null;
  /** The open question's body (revoke-view.ts, openBody: built once by the App for its keys and for this). */
  body: DialogBody | null;
  undo: { batch: Batch; pairs: GrantPair[]; n: number } | null;
  row: Row | null;
  clusterUrl: string | null;
  dryRun: boolean;
  /** `--gid`: the group batches go to. */
  gid?: string | null;
  busy: string | null;
  exportChoice: ExportChoice | null;
  /** The unused list's questions. */
  revokePlan?: RevokePlan | null;
  regrant?: RegrantAsk | null;
  width: number;
  height: number;
  /** The question's first body line shown (↑↓ scroll). */
  dialogOffset?: number;
  /** Terminal rows that give the middle so many lines (a question too small to ask says how many it needs). */
  rowsFor?: (lines: number) => number;
  /** The help as laid out for the middle (help-view.ts; App computes it, as the keys scroll it). */
  help?: HelpView | null;
}

/** null when the list shows (modes `list` and `filter`). */
export function Modal(p: ModalProps) {
  switch (p.mode) {
    case 'help':
      return p.help ? <HelpOverlay view={p.help} height={p.height} /> : null;
    case 'confirm':
    case 'confirm2':
      return p.plan && p.body ? (
        <ConfirmDialog plan={p.plan} stage={p.mode === 'confirm' ? 'first' : 'sensitive'} dryRun={p.dryRun} gid={p.gid} body={p.body} width={p.width} height={p.height} offset={p.dialogOffset ?? 0} rowsFor={p.rowsFor} />
      ) : null;
    case 'undo':
      return p.undo && p.body ? <UndoDialog batch={p.undo.batch} pairs={p.undo.pairs} n={p.undo.n} body={p.body} width={p.width} height={p.height} offset={p.dialogOffset ?? 0} rowsFor={p.rowsFor} /> : null;
    case 'dryrun':
      return <DryRunView pairs={p.plan?.pairs.length ? p.plan.pairs : p.row && !finalRefusal(p.row.finding) ? [p.row.finding] : []} clusterUrl={p.clusterUrl} height={p.height} width={p.width} />;
    case 'revoke':
      return p.revokePlan && p.body ? <RevokeConfirm plan={p.revokePlan} dryRun={p.dryRun} body={p.body} width={p.width} height={p.height} offset={p.dialogOffset ?? 0} rowsFor={p.rowsFor} /> : null;
    case 'revokeDry':
      return <DryRunView op="revoke" pairs={p.revokePlan?.pairs ?? []} clusterUrl={p.clusterUrl} height={p.height} width={p.width} />;
    case 'regrant':
      return p.regrant && p.body ? <RegrantDialog batch={p.regrant.batch} pairs={p.regrant.pairs} body={p.body} width={p.width} height={p.height} offset={p.dialogOffset ?? 0} rowsFor={p.rowsFor} /> : null;
    case 'quit':
      return <QuitDialog busy={p.busy ?? 'a request'} />;
    case 'export':
      return p.exportChoice ? <ExportDialog {...p.exportChoice} /> : null;
    default:
      return null;
  }
}
