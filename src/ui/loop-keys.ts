// What each key does, screen by screen: it becomes events of the screen (screen.ts) and of the loop
// driver (core/session/driver.ts). One dispatcher routed by the latest mode (a ref): keys typed
// faster than React renders still reach the screen the previous key opened (the filter line takes
// the keys typed after `/` at once). Handlers read the latest state through refs for the same reason.
// A dialog, though, takes no key before it is on the terminal (drawn.ts): a `y` typed ahead of the
// question is dropped, with a word. Nothing a key asks for is dropped silently: a key that needs the
// IAM while a request is in flight says "busy", and a dialog says which keys it takes. The keys of
// the questions and the help are in dialog-keys.ts, the held-not-used list's in unused-keys.ts.
import type { Key } from 'ink';
import {
  appliedPairs, batchNumber, keyOf, lastUndoableBatch, pairsToUndo, planBatch, safeKeys,
  type LoopEvent, type SessionState,
} from '../core/session/index.js';
import type { Finding, GrantPair } from '../core/types.js';
import { cursorIndex, followCursor, stepCursor } from './cursor.js';
import type { FrameWatch } from './drawn.js';
import type { GrantActions } from './hooks/useGrantActions.js';
import { busyLine } from './text.js';
import { UNSEEN_LIST, UNSEEN_QUESTION } from './tiny-view.js';
import type { DialogScroll } from './dialog-view.js';
import { createDialogKeys, type ScrollView } from './dialog-keys.js';
import { EXPORT_KEYS, LIST_KEYS, QUIT_KEYS, whichKey } from './keys.js';
import { splitKeys } from './split-keys.js';
import { createUnusedKeys, type UnusedContext } from './unused-keys.js';
import type { Row } from './model.js';
import type { ExportKind } from './ports.js';
import { cursorAt, detailScrollBy, type UiEvent, type UiState } from './screen.js';

export type Ref<T> = { readonly current: T };

export interface KeyContext extends UnusedContext {
  /** Rows as shown now (filtered), computed from the latest state; with `filter`, as that filter would show them. */
  rows(filter?: string): Row[];
  /** The screen (screen.ts): its latest state, and the events that change it. */
  uiRef: Ref<UiState>;
  ui(e: UiEvent): void;
  sessionRef: Ref<SessionState>;
  /** The loop driver: selection changes go through it. */
  loop(e: LoopEvent): void;
  findingsRef: Ref<Finding[]>;
  clearError(): void;
  /** What the IAM job is doing, or null. */
  busy(): string | null;
  readOnly: boolean;
  canExport: boolean;
  allowDangerous: boolean;
  forceNative: boolean;
  assumeYes: boolean;
  pageSize(): number;
  /** The detail pane of `row` (the one under the cursor): how far `[` `]` scroll it (max 0: it shows everything). */
  detailView?(row: Row): { max: number; page: number };
  /** The open question that lists pairs: whether it may ask at all (the terminal shows what it is for), how far it scrolls. */
  confirmView?(): DialogScroll;
  /** How far the help scrolls as drawn (max 0: it shows whole, and any key closes it). */
  helpView?(): ScrollView;
  actions: GrantActions;
  reread(): void;
  quit(): void;
  /** What ink has drawn (drawn.ts); without it every screen counts as drawn. */
  frames?: FrameWatch;
  /** The terminal is too small for the frame (tiny-view.ts): no screen but the size it needs is drawn. */
  tooSmall?(): boolean;
}

/** Screens that ask something: on a terminal too small to show them they take only n/Esc and q. */
const ASKING = new Set<UiState['mode']>(['confirm', 'confirm2', 'undo', 'revoke', 'regrant', 'export']);

export function createKeyHandler(c: KeyContext): (input: string, key: Key) => void {
  const say = (message: string | null) => c.ui({ type: 'say', message });
  const openHelp = () => c.ui({ type: 'help' });
  const toList = (message: string | null) => c.ui({ type: 'list', message });
  const selectedPlan = () => planBatch(c.sessionRef.current, c.findingsRef.current, { allowDangerous: c.allowDangerous, forceNative: c.forceNative, yes: c.assumeYes });

  // The rows for a filter, kept while the session and the findings are the same objects: the keys
  // of one read (a filter typed ahead) build each list once, not twice per key.
  let memo: { session: SessionState; findings: Finding[]; filter: string; rows: Row[] } | null = null;
  const rowsFor = (filter = c.uiRef.current.filter): Row[] => {
    const session = c.sessionRef.current;
    const findings = c.findingsRef.current;
    if (memo?.session !== session || memo.findings !== findings || memo.filter !== filter) memo = { session, findings, filter, rows: c.rows(filter) };
    return memo.rows;
  };

  const moveBy = (k: string): number => (k === 'up' ? -1 : k === 'down' ? 1 : k === 'pageUp' ? -c.pageSize() : k === 'pageDown' ? c.pageSize() : 0);
  /** Cursor keys of the held-not-used list (its cursor is a grant, as the denials list's is a finding); false for any other key. */
  const moved = (k: string, rows: readonly { key: string }[]): boolean => {
    const by = moveBy(k);
    if (by !== 0 && rows.length) c.ui({ type: 'cursorOn', to: stepCursor(rows, cursorAt(c.uiRef.current), by) });
    return by !== 0;
  };
  function grant(pairs: GrantPair[]): void {
    c.ui({ type: 'granting' });
    c.actions.grant(pairs);
  }

  const dialog = createDialogKeys(c, { say, openHelp, toList, grant });
  const unused = createUnusedKeys(c, { say, openHelp, moved, answer: dialog.answer });

  function listKey(input: string, key: Key): void {
    const k = whichKey(LIST_KEYS, input, key);
    if (!k) return;
    say(null);
    c.clearError();
    const rows = rowsFor();
    const here = cursorAt(c.uiRef.current);
    const by = moveBy(k);
    if (by) return c.ui({ type: 'cursorOn', to: stepCursor(rows, here, by) });
    const cur = cursorIndex(rows, here);
    const row = rows[cur] ?? null;
    // The key acts on the finding shown under the cursor: the cursor stays on it from now on.
    if (row) c.ui({ type: 'cursorOn', to: { at: row.key, index: cur } });
    const busy = c.busy();
    switch (k) {
      case 'select':
        if (row) c.loop({ type: 'toggle', key: row.key });
        return;
      case 'selectSafe': {
        const shownFindings = rows.map((r) => r.finding);
        const keys = safeKeys(c.sessionRef.current, shownFindings);
        c.loop({ type: 'select', keys, on: true });
        const inferred = rows.filter((r) => r.finding.kind === 'derived' && r.status.status === 'new').length;
        const among = c.uiRef.current.filter ? ' among the rows shown' : '';
        const rest = inferred ? `; ${inferred} inferred (~) left to check and select by hand` : '';
        return say(keys.length ? `selected ${keys.length} safe finding(s)${among}: g to grant${rest}` : `no safe finding left to select${among}${rest}`);
      }
      case 'grant': {
        if (c.readOnly) return say('no cluster configured: grants are disabled (--cluster-url or DCOS_URL and credentials); e exports the selection as a script, d shows the requests');
        if (busy) return say(busyLine(busy, 'g'));
        const p = selectedPlan();
        if (!p.pairs.length && !p.refused.length) return say('nothing selected: space selects a finding, a selects every safe one');
        return c.ui({ type: 'confirm', plan: p });
      }
      case 'dryRun':
        return c.ui({ type: 'dryRun', plan: selectedPlan() });
      case 'undo': {
        if (c.readOnly) return say('no cluster configured: nothing to undo');
        if (busy) return say(busyLine(busy, 'u'));
        const s = c.sessionRef.current;
        const b = lastUndoableBatch(s);
        const pairs = b ? pairsToUndo(b) : [];
        if (!b || !pairs.length) return say('nothing to undo in this session');
        // The number the results showed ("batch 2"): in its id, as batches that failed whole are not kept.
        const n = batchNumber(b.id) ?? s.batches.indexOf(b) + 1;
        return c.ui({ type: 'askUndo', ask: { batch: b, pairs, n } });
      }
      case 'reread':
        c.reread();
        return say('re-reading the sources from the start');
      case 'export':
        return openExport();
      case 'filter':
        return c.ui({ type: 'open', mode: 'filter' });
      case 'view':
        return unused.open();
      case 'detailUp':
      case 'detailDown': {
        const e = row && c.detailView ? detailScrollBy(k === 'detailUp', row.key, c.detailView(row)) : null;
        return e ? c.ui(e) : say('the detail pane shows all of this finding');
      }
      case 'help':
        return openHelp();
      case 'quit':
        if (busy) return c.ui({ type: 'open', mode: 'quit' });
        return c.quit();
    }
  }

  /** The applied grants when there are some (with a cluster), else the selected findings. */
  function openExport(): void {
    if (!c.canExport) return say('export is not available here');
    const s = c.sessionRef.current;
    const applied = c.readOnly ? [] : appliedPairs(s);
    const selected = c.findingsRef.current.filter((f) => s.selected.has(keyOf(f))).map(({ uid, rid, action }) => ({ uid, rid, action }));
    const pairs = applied.length ? applied : selected;
    if (!pairs.length) {
      return say(c.readOnly ? 'nothing selected: space or a selects findings; e then writes them as a script for an administrator' : 'nothing granted or selected yet: nothing to export');
    }
    c.ui({ type: 'askExport', ask: { what: applied.length ? 'applied' : 'selected', count: pairs.length, accounts: new Set(pairs.map((p) => p.uid)).size, pairs } });
  }

  function filterKey(input: string, key: Key): void {
    const f = c.uiRef.current.filter;
    // The cursor stays on its finding while the filter shows it, else goes to the nearest one shown.
    const to = (next: string) => followCursor(rowsFor(), rowsFor(next), cursorAt(c.uiRef.current));
    if (key.return) return c.ui({ type: 'list' });
    if (key.escape) return c.ui({ type: 'filterClear', to: to('') });
    if (key.backspace || key.delete) return c.ui({ type: 'filterBack', to: to(f.slice(0, -1)) });
    if (input && !key.ctrl && !key.meta) c.ui({ type: 'filterType', text: input, to: to(f + input) });
  }

  function exportKey(input: string, key: Key): void {
    const e = c.uiRef.current.exportAsk;
    const k = whichKey(EXPORT_KEYS, input, key);
    if (k === 'help') return openHelp();
    if (k === 'quit') return c.quit();
    if (!e || k === 'no') return toList(null);
    const kind: ExportKind | null = k === 'exportDcos' ? 'dcos' : k === 'exportCurl' ? 'curl' : k === 'exportJson' ? 'json' : null;
    if (!kind) return say('s: dcos script, c: curl script, j: JSON, n/Esc: cancel');
    c.ui({ type: 'list' });
    void c.actions.exportPairs(kind, e.what, e.pairs);
  }

  function one(input: string, key: Key): void {
    if (key.ctrl && input === 'c') return c.quit(); // raw mode: Ctrl-C is a key, not a signal
    const u = c.uiRef.current;
    // A question the terminal is too small to show is cancelled or quit, never answered.
    const tiny = c.tooSmall?.() ?? false;
    if (tiny && ASKING.has(u.mode) && !whichKey(['no', 'quit'], input, key)) return say(UNSEEN_QUESTION);
    if (tiny && u.mode === 'list' && !whichKey(['quit'], input, key)) return say(UNSEEN_LIST);
    // The list and the filter line take keys typed ahead; a dialog only once it is on the screen.
    if (!tiny && u.mode !== 'list' && u.mode !== 'filter' && c.frames && !c.frames.drawn(u.screen)) {
      return say('a key that came before this screen was shown is ignored: read it, then answer');
    }
    switch (u.mode) {
      case 'list':
        return c.uiRef.current.view === 'unused' ? unused.listKey(input, key) : listKey(input, key);
      case 'filter':
        return filterKey(input, key);
      case 'confirm':
      case 'confirm2':
        return dialog.confirmKey(input, key);
      case 'undo':
        return dialog.undoKey(input, key);
      case 'export':
        return exportKey(input, key);
      case 'help':
        return dialog.helpKey(input, key);
      case 'dryrun':
      case 'revokeDry':
        return c.ui({ type: 'list' });
      case 'revoke':
        return unused.revokeKey(input, key);
      case 'regrant':
        return unused.regrantKey(input, key);
      case 'quit': {
        const k = whichKey(QUIT_KEYS, input, key);
        if (k === 'quit' || k === 'yes') c.quit();
        else if (k === 'no') c.ui({ type: 'list' });
        else say('q/y quits anyway, n/Esc waits for the answer');
        return;
      }
    }
  }

  // Keys that arrive together (typed fast over a slow link, pasted, sent by a script) come as one
  // string: each is handled in turn, so none is lost and each sees the screen the previous opened.
  return (input, key) => {
    for (const [i, k] of splitKeys(input, key)) one(i, k);
  };
}
