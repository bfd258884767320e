// The screen reducer: what each event does to the screen state (the keys' effect without a terminal).
import { describe, expect, it } from 'vitest';
import type { BatchPlan } from '../../src/core/session/index.js';
import { initialUi, uiReducer, type UiEvent, type UiState } from '../../src/ui/screen.js';

const run = (s: UiState, ...events: UiEvent[]): UiState => events.reduce(uiReducer, s);
const plan: BatchPlan = { pairs: [{ uid: 'u', rid: 'dcos:x', action: 'read' }], sensitive: [], confirm: [], refused: [] };

describe('uiReducer', () => {
  const s0 = initialUi();

  it('starts on the findings list, nothing open', () => {
    expect(s0).toEqual({
      view: 'findings', mode: 'list', helpReturn: 'list', cursor: 0, at: null, offset: 0, filter: '', plan: null, undo: null, exportAsk: null, message: null,
      revokePlan: null, regrant: null, other: { cursor: 0, at: null, offset: 0 }, dialogOffset: 0, helpOffset: 0, detail: { key: null, offset: 0 }, screen: 0,
    });
  });

  it('returns the same state when an event changes nothing (no render)', () => {
    expect(uiReducer(s0, { type: 'say', message: null })).toBe(s0);
    expect(uiReducer(s0, { type: 'scrolled', offset: 0 })).toBe(s0);
    expect(uiReducer(s0, { type: 'cursorOn', to: { at: null, index: 0 } })).toBe(s0);
    expect(uiReducer(s0, { type: 'list' })).toBe(s0);
    expect(uiReducer(s0, { type: 'scrolled', offset: 3 }).offset).toBe(3);
  });

  it('types, erases and clears the filter, putting the cursor where the key handler found its finding', () => {
    const onB = { at: 'b', index: 1 };
    const typed = run({ ...s0, cursor: 4, at: 'a' }, { type: 'open', mode: 'filter' }, { type: 'filterType', text: 'ka', to: onB }, { type: 'filterType', text: 'f', to: { at: 'b', index: 0 } });
    expect(typed).toMatchObject({ mode: 'filter', filter: 'kaf', at: 'b', cursor: 0 });
    expect(run(typed, { type: 'filterBack', to: onB })).toMatchObject({ filter: 'ka', at: 'b', cursor: 1 });
    expect(run(typed, { type: 'list' })).toMatchObject({ mode: 'list', filter: 'kaf', at: 'b' });
    expect(run(typed, { type: 'filterClear', to: { at: 'b', index: 3 } })).toMatchObject({ mode: 'list', filter: '', at: 'b', cursor: 3 });
  });

  it('puts the cursor on a finding, and notes when a screen opened; each list keeps its own cursor', () => {
    const on = run(s0, { type: 'cursorOn', to: { at: 'k', index: 2 } });
    expect(on).toMatchObject({ at: 'k', cursor: 2 });
    expect(uiReducer(on, { type: 'cursorOn', to: { at: 'k', index: 2 } })).toBe(on);
    // Its detail pane keeps its scroll while the cursor stays on the finding, whatever its row.
    const scrolled = { ...on, detail: { key: 'k', offset: 3 } };
    expect(run(scrolled, { type: 'cursorOn', to: { at: 'k', index: 0 } }).detail.offset).toBe(3);
    expect(run(scrolled, { type: 'cursorOn', to: { at: 'j', index: 2 } }).detail).toEqual({ key: null, offset: 0 });
    // Each change of screen is a new one (a dialog takes keys once its own is drawn: drawn.ts).
    expect(run(s0, { type: 'confirm', plan }, { type: 'list' }, { type: 'confirm', plan }).screen).toBe(3);
    expect(run(s0, { type: 'say', message: 'x' }, { type: 'dialogScroll', by: 1, max: 2 }).screen).toBe(0);
    // The findings cursor's finding is kept while the other list shows, and found again after.
    const there = run(on, { type: 'view', view: 'unused' }, { type: 'cursorOn', to: { at: 'grant-1', index: 1 } }, { type: 'view', view: 'findings' });
    expect(there).toMatchObject({ at: 'k', cursor: 2, other: { cursor: 1, at: 'grant-1' } });
    expect(run(there, { type: 'view', view: 'unused' })).toMatchObject({ at: 'grant-1', cursor: 1, other: { at: 'k', cursor: 2 } });
  });

  it('opens the confirmation with its plan; cancelling keeps the message, granting drops the plan', () => {
    const asked = run(s0, { type: 'confirm', plan });
    expect(asked).toMatchObject({ mode: 'confirm', plan });
    expect(run(asked, { type: 'open', mode: 'confirm2' }).mode).toBe('confirm2');
    expect(run(asked, { type: 'list', message: 'cancelled: nothing granted' })).toMatchObject({ mode: 'list', message: 'cancelled: nothing granted' });
    expect(run(asked, { type: 'granting' })).toMatchObject({ mode: 'list', plan: null });
    expect(run(s0, { type: 'dryRun', plan })).toMatchObject({ mode: 'dryrun', plan });
  });

  it('asks about undo and export, and closes them', () => {
    const batch = { id: 's-b1', round: 1, at: 0, by: null, results: [], countsAt: {}, revoked: [], undoneAt: null, undoResults: [] };
    const undo = run(s0, { type: 'askUndo', ask: { batch, pairs: plan.pairs, n: 1 } });
    expect(undo).toMatchObject({ mode: 'undo', undo: { n: 1 } });
    expect(run(undo, { type: 'undoing' })).toMatchObject({ mode: 'list', undo: null });
    const ask = { what: 'selected' as const, count: 1, accounts: 1, pairs: plan.pairs };
    expect(run(s0, { type: 'askExport', ask })).toMatchObject({ mode: 'export', exportAsk: ask });
  });

  it('every question that lists pairs opens at the top of its list, however far the last one was scrolled', () => {
    const scrolled = run(s0, { type: 'confirm', plan }, { type: 'dialogScroll', by: 5, max: 9 }, { type: 'list' });
    expect(scrolled.dialogOffset).toBe(5);
    const batch = { id: 's-b1', round: 1, at: 0, by: null, results: [], countsAt: {}, revoked: [], undoneAt: null, undoResults: [] };
    expect(run(scrolled, { type: 'askUndo', ask: { batch, pairs: plan.pairs, n: 1 } }).dialogOffset).toBe(0);
    expect(run(scrolled, { type: 'confirmRevoke', plan: { uid: 'u', pairs: plan.pairs, cautions: [], refused: [] } }).dialogOffset).toBe(0);
    const rb = { id: 'r1', n: 1, at: 0, results: [], regranted: [], undoneAt: null, regrants: [] };
    expect(run(scrolled, { type: 'askRegrant', ask: { batch: rb, pairs: plan.pairs } }).dialogOffset).toBe(0);
  });

  it('scrolls the detail pane of one row, within its lines; moving the cursor starts the next row at the top', () => {
    const d = run(s0, { type: 'detailScroll', key: 'k1', by: 8, max: 5 });
    expect(d.detail).toEqual({ key: 'k1', offset: 5 });
    expect(run(d, { type: 'detailScroll', key: 'k1', by: -2, max: 5 }).detail).toEqual({ key: 'k1', offset: 3 });
    // Another row's scroll starts from its top, not from k1's offset.
    expect(run(d, { type: 'detailScroll', key: 'k2', by: 1, max: 5 }).detail).toEqual({ key: 'k2', offset: 1 });
    expect(run(d, { type: 'cursorOn', to: { at: 'k2', index: 1 } }).detail).toEqual({ key: null, offset: 0 });
    expect(run(d, { type: 'cursorOn', to: { at: null, index: 0 } })).toBe(d); // the cursor did not move: nothing changes
  });

  it('help returns to the screen it was opened from', () => {
    const fromConfirm = run(s0, { type: 'confirm', plan }, { type: 'help' });
    expect(fromConfirm).toMatchObject({ mode: 'help', helpReturn: 'confirm' });
    expect(run(fromConfirm, { type: 'closeHelp' }).mode).toBe('confirm');
    expect(run(s0, { type: 'help' }, { type: 'closeHelp' }).mode).toBe('list');
    expect(run({ ...s0, mode: 'help', helpReturn: 'help' }, { type: 'closeHelp' }).mode).toBe('list');
  });
});
