// What the loop's screen shows, apart from the session: which list and screen, the cursor, the
// filter, the open dialog and its question, the last message. One pure reducer (event in → state
// out), so the keys' effect on the screen is testable without a terminal; loop-keys.ts decides
// which event a key is, App holds the state.
import type { Batch, BatchPlan, RevokeBatch, RevokePlan } from '../core/session/index.js';
import type { GrantPair } from '../core/types.js';
import type { CursorAt } from './cursor.js';

/** The screen shown: the list (and its filter line), or a dialog or overlay in its place. */
export type Mode = 'list' | 'filter' | 'help' | 'confirm' | 'confirm2' | 'dryrun' | 'quit' | 'export' | 'undo' | 'revoke' | 'revokeDry' | 'regrant';

/** Which list the loop shows: the denials (findings), or what the account holds and did not use (v). */
export type View = 'findings' | 'unused';

/** `u` in the unused list: grant back what a revoke batch took. */
export interface RegrantAsk {
  batch: RevokeBatch;
  pairs: GrantPair[];
}

export interface UndoAsk {
  batch: Batch;
  pairs: GrantPair[];
  /** 1-based number of the batch in this session. */
  n: number;
}

export interface ExportChoice {
  /** The grants this session applied, or (read-only, or nothing applied) the selected findings. */
  what: 'applied' | 'selected';
  count: number;
  accounts: number;
}

export interface ExportAsk extends ExportChoice {
  pairs: GrantPair[];
}

export interface UiState {
  view: View;
  mode: Mode;
  /** Where closing the help goes back to (the screen it was opened from). */
  helpReturn: Mode;
  /**
   * Index in the rows shown (may exceed them after they shrank: readers clamp): the row `at` was last
   * put on, where the cursor shows while that row's finding or grant is not shown (cursor.ts).
   */
  cursor: number;
  /** The finding (or, on the held-not-used list, the grant) the cursor is on (its key), kept whichever row it sorts to. */
  at: string | null;
  /** First row drawn. */
  offset: number;
  filter: string;
  /** The batch the confirmation (or dry run) is about. */
  plan: BatchPlan | null;
  undo: UndoAsk | null;
  exportAsk: ExportAsk | null;
  message: string | null;
  /** The revoke batch the unused list's confirmation (or dry run) is about. */
  revokePlan: RevokePlan | null;
  regrant: RegrantAsk | null;
  /** The other list's cursor (its row and key) and first row, kept while this one shows. */
  other: { cursor: number; at: string | null; offset: number };
  /** The open question's first body line shown (↑↓ scroll it; the dialog clamps it). */
  dialogOffset: number;
  /** The help's first line shown, when it scrolls (help-view.ts clamps it); each opening starts at the top. */
  helpOffset: number;
  /** The detail pane's first line, for the row it was scrolled on (another row starts at the top). */
  detail: { key: string | null; offset: number };
  /** Counts the screens opened (each change of `mode`): a dialog takes keys once its own is drawn (drawn.ts). */
  screen: number;
}

export type UiEvent =
  | { type: 'say'; message: string | null }
  /** Put the list's cursor on a finding or grant (the key handlers resolve it from the rows: cursor.ts). */
  | { type: 'cursorOn'; to: CursorAt }
  /** The list scrolled so the cursor stays visible. */
  | { type: 'scrolled'; offset: number }
  /** Open a screen that needs nothing more (filter line, quit question, second confirmation). */
  | { type: 'open'; mode: 'filter' | 'quit' | 'confirm2' }
  | { type: 'confirm'; plan: BatchPlan }
  | { type: 'dryRun'; plan: BatchPlan }
  | { type: 'askUndo'; ask: UndoAsk }
  | { type: 'askExport'; ask: ExportAsk }
  | { type: 'help' }
  | { type: 'closeHelp' }
  /** Back to the list; with `message`, say it (undefined: the message stays). */
  | { type: 'list'; message?: string | null }
  /** The confirmed batch went to the IAM: its plan is done with. */
  | { type: 'granting' }
  | { type: 'undoing' }
  /** The filter changed; `to`: where the cursor is among the rows it shows now (cursor.ts, followCursor). */
  | { type: 'filterType'; text: string; to: CursorAt }
  | { type: 'filterBack'; to: CursorAt }
  | { type: 'filterClear'; to: CursorAt }
  /** Switch lists; each keeps its cursor. */
  | { type: 'view'; view: View }
  | { type: 'confirmRevoke'; plan: RevokePlan }
  | { type: 'revokeDryRun'; plan: RevokePlan }
  | { type: 'askRegrant'; ask: RegrantAsk }
  /** The confirmed revoke (or its undo) went to the IAM. */
  | { type: 'revoking' }
  | { type: 'regranting' }
  /** Scroll the confirmation's body by `by` lines (up to `max`, the last first line). */
  | { type: 'dialogScroll'; by: number; max: number }
  /** Scroll the help by `by` lines (up to `max`). */
  | { type: 'helpScroll'; by: number; max: number }
  /** Scroll the detail pane of row `key` by `by` lines (up to `max`). */
  | { type: 'detailScroll'; key: string; by: number; max: number };

const NO_DETAIL: UiState['detail'] = { key: null, offset: 0 };

/** The detail pane's scroll on row `key`: where it was scrolled on that row, else its top. */
export const detailOffsetOn = (d: UiState['detail'], key: string | undefined): number => (d.key === key ? d.offset : 0);

export const initialUi = (): UiState => ({
  view: 'findings', mode: 'list', helpReturn: 'list', cursor: 0, at: null, offset: 0, filter: '', plan: null, undo: null, exportAsk: null, message: null,
  revokePlan: null, regrant: null, other: { cursor: 0, at: null, offset: 0 }, dialogOffset: 0, helpOffset: 0, detail: NO_DETAIL, screen: 0,
});

/** `[` (`up`) or `]` on row `key`, whose detail scrolls as far as `view` says; null: it shows everything. */
export const detailScrollBy = (up: boolean, key: string, view: { max: number; page: number }): UiEvent | null =>
  view.max === 0 ? null : { type: 'detailScroll', key, by: up ? -view.page : view.page, max: view.max };

/** The findings list's cursor, as cursor.ts takes it. */
export const cursorAt = (s: UiState): CursorAt => ({ at: s.at, index: s.cursor });

/** The findings cursor put on `to`; another finding's detail starts at its top (and so does this one's when the cursor comes back). */
const onFinding = (s: UiState, to: CursorAt): Partial<UiState> => (to.at === s.at ? { cursor: to.index } : { at: to.at, cursor: to.index, detail: NO_DETAIL });

/** `s` with `patch`, or `s` itself when nothing changes (no render). */
function patched(s: UiState, patch: Partial<UiState>): UiState {
  for (const k of Object.keys(patch) as Array<keyof UiState>) if (patch[k] !== s[k]) return { ...s, ...patch };
  return s;
}

export function uiReducer(s: UiState, e: UiEvent): UiState {
  const next = step(s, e);
  return next.mode === s.mode ? next : { ...next, screen: s.screen + 1 };
}

function step(s: UiState, e: UiEvent): UiState {
  switch (e.type) {
    case 'say':
      return patched(s, { message: e.message });
    case 'cursorOn':
      return patched(s, onFinding(s, e.to));
    case 'scrolled':
      return patched(s, { offset: e.offset });
    case 'open':
      return patched(s, { mode: e.mode, dialogOffset: 0 });
    case 'confirm':
      return patched(s, { plan: e.plan, mode: 'confirm', dialogOffset: 0 });
    case 'dialogScroll':
      return patched(s, { dialogOffset: Math.max(0, Math.min(e.max, s.dialogOffset + e.by)) });
    case 'helpScroll':
      return patched(s, { helpOffset: Math.max(0, Math.min(e.max, s.helpOffset + e.by)) });
    case 'detailScroll': {
      const from = detailOffsetOn(s.detail, e.key);
      const offset = Math.max(0, Math.min(e.max, from + e.by));
      return s.detail.key === e.key && s.detail.offset === offset ? s : { ...s, detail: { key: e.key, offset } };
    }
    case 'dryRun':
      return patched(s, { plan: e.plan, mode: 'dryrun' });
    case 'askUndo':
      return patched(s, { undo: e.ask, mode: 'undo', dialogOffset: 0 });
    case 'askExport':
      return patched(s, { exportAsk: e.ask, mode: 'export' });
    case 'help':
      return patched(s, { helpReturn: s.mode, mode: 'help', helpOffset: 0 });
    case 'closeHelp':
      return patched(s, { mode: s.helpReturn === 'help' ? 'list' : s.helpReturn });
    case 'list':
      return patched(s, e.message === undefined ? { mode: 'list' } : { mode: 'list', message: e.message });
    case 'granting':
      return patched(s, { plan: null, mode: 'list' });
    case 'undoing':
      return patched(s, { undo: null, mode: 'list' });
    case 'filterType':
      return patched(s, { filter: s.filter + e.text, ...onFinding(s, e.to) });
    case 'filterBack':
      return patched(s, { filter: s.filter.slice(0, -1), ...onFinding(s, e.to) });
    case 'filterClear':
      return patched(s, { filter: '', mode: 'list', ...onFinding(s, e.to) });
    case 'view':
      if (e.view === s.view) return s;
      // A direct grant's row has its finding's key: its detail starts at the top, not where the other list's was.
      return { ...s, view: e.view, mode: 'list', cursor: s.other.cursor, at: s.other.at, offset: s.other.offset, other: { cursor: s.cursor, at: s.at, offset: s.offset }, detail: NO_DETAIL };
    case 'confirmRevoke':
      return patched(s, { revokePlan: e.plan, mode: 'revoke', dialogOffset: 0 });
    case 'revokeDryRun':
      return patched(s, { revokePlan: e.plan, mode: 'revokeDry' });
    case 'askRegrant':
      return patched(s, { regrant: e.ask, mode: 'regrant', dialogOffset: 0 });
    case 'revoking':
      return patched(s, { revokePlan: null, mode: 'list' });
    case 'regranting':
      return patched(s, { regrant: null, mode: 'list' });
  }
}
