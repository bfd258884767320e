// The key handler without a terminal: keys typed ahead (one read holding several) reach the filter
// line at once, never a dialog that is not drawn yet; the cursor keys and the filter keep the cursor
// on its finding.
import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { loopStep, startLoop, type LoopEvent, type LoopState } from '../../src/core/session/index.js';
import type { GrantPair } from '../../src/core/types.js';
import { frameWatch, type FrameWatch } from '../../src/ui/drawn.js';
import type { GrantActions } from '../../src/ui/hooks/useGrantActions.js';
import { createKeyHandler } from '../../src/ui/loop-keys.js';
import { buildRows } from '../../src/ui/model.js';
import { initialUi, uiReducer, type UiState } from '../../src/ui/screen.js';
import { finding, T0, UID } from '../core/session/helpers.js';

const role = (r: string, n: number) => finding(`dcos:mesos:master:framework:role:${r}`, 'create', { firstSeen: T0 + n });
const FINDINGS = [role('r1', 1), role('r2', 2), role('r3', 3), role('x4', 4)];
const KEY = {} as Key;
const ESC = { escape: true, meta: true } as Key;
const DOWN = { downArrow: true } as Key;

/** A handler over a real session and screen reducer; `frames` says what the terminal shows. */
function setup(frames: FrameWatch) {
  let loop: LoopState = startLoop({ id: 's', uid: UID, by: 'admin', now: T0 });
  loop = loopStep(loop, { type: 'observed', findings: FINDINGS, lines: 4, now: T0 }).state;
  const ui = { current: initialUi() as UiState };
  const granted: GrantPair[][] = [];
  const rows = (filter = ui.current.filter) => buildRows(loop.session, FINDINGS, filter, T0);
  const handler = createKeyHandler({
    rows,
    uiRef: ui,
    ui: (e) => (ui.current = uiReducer(ui.current, e)),
    sessionRef: { get current() { return loop.session; } },
    loop: (e: LoopEvent) => void (loop = loopStep(loop, e).state),
    findingsRef: { current: FINDINGS },
    clearError: () => undefined,
    busy: () => null,
    readOnly: false, canExport: false, allowDangerous: false, forceNative: false, assumeYes: false,
    pageSize: () => 10,
    actions: { grant: (pairs: GrantPair[]) => void granted.push(pairs) } as unknown as GrantActions,
    reread: () => undefined,
    quit: () => undefined,
    frames,
  });
  /** The key under the cursor, as the list would show it. */
  const shown = () => {
    const r = rows();
    const i = r.findIndex((x) => x.key === ui.current.at);
    return r[i >= 0 ? i : Math.min(ui.current.cursor, r.length - 1)]?.finding.rid.split(':').at(-1);
  };
  /** React commits the screen (and, with `atCommit`, ink writes it). */
  const commit = () => frames.committed(ui.current.screen);
  return { ui, granted, handler, shown, commit, selected: () => [...loop.session.selected] };
}

describe('keys typed ahead', () => {
  it('`/` then text in the same read: the text goes to the filter line', () => {
    const t = setup(frameWatch({ atCommit: true }));
    t.handler('/r2', KEY);
    expect(t.ui.current).toMatchObject({ mode: 'filter', filter: 'r2' });
    t.handler('', { return: true } as Key);
    expect(t.ui.current).toMatchObject({ mode: 'list', filter: 'r2' });
  });

  it('`g y` in one read opens the question and does not answer it; `y` once it is drawn grants', () => {
    const t = setup(frameWatch({ atCommit: true }));
    t.commit();
    t.handler(' gy', KEY);
    expect(t.ui.current.mode).toBe('confirm');
    expect(t.granted).toHaveLength(0);
    expect(t.ui.current.message).toContain('before this screen was shown is ignored');
    t.commit(); // the question is on the terminal
    t.handler('y', KEY);
    expect(t.granted).toHaveLength(1);
    expect(t.ui.current.mode).toBe('list');
  });

  it('a dialog committed but not yet written (ink throttles writes) takes no key', () => {
    const frames = frameWatch();
    const t = setup(frames);
    t.commit();
    frames.rendered();
    frames.wrote();
    t.handler(' g', KEY);
    t.commit();
    frames.rendered();
    t.handler('y', KEY);
    expect(t.granted).toHaveLength(0);
    frames.wrote();
    t.handler('y', KEY);
    expect(t.granted).toHaveLength(1);
  });

  it('a cancel and a new question typed ahead: the new question is not the one drawn', () => {
    const t = setup(frameWatch({ atCommit: true }));
    t.commit();
    t.handler(' g', KEY);
    t.commit(); // question 1 drawn
    t.handler('n', KEY);
    t.handler(' g', KEY); // unselect, then `g`: nothing selected, no question
    t.handler(' g', KEY); // select again and ask: question 2, not drawn
    t.handler('y', KEY);
    expect(t.ui.current.mode).toBe('confirm');
    expect(t.granted).toHaveLength(0);
  });
});

describe('the cursor in the key handler', () => {
  it('moves by finding and keeps it through filter on and off', () => {
    const t = setup(frameWatch({ atCommit: true }));
    t.handler('', DOWN);
    t.handler('', DOWN);
    expect(t.shown()).toBe('r3');
    // `r` matches every role row; `r3` stays under the cursor as the filter narrows, then clears.
    t.handler('/r', KEY);
    expect(t.shown()).toBe('r3');
    t.handler('3', KEY);
    expect(t.ui.current).toMatchObject({ filter: 'r3', cursor: 0 });
    expect(t.shown()).toBe('r3');
    t.handler('', ESC);
    expect(t.ui.current).toMatchObject({ mode: 'list', filter: '', cursor: 2 });
    expect(t.shown()).toBe('r3');
  });

  it('its finding filtered out: the nearest one below it stays under the cursor, and space selects that one', () => {
    const t = setup(frameWatch({ atCommit: true }));
    t.handler('', DOWN);
    expect(t.shown()).toBe('r2');
    t.handler('/role:r1', KEY); // r2 hidden, none below it left: the nearest above
    expect(t.shown()).toBe('r1');
    t.handler('', ESC);
    t.handler('/x', KEY); // r1 hidden: the nearest below it that matches
    expect(t.shown()).toBe('x4');
    t.handler('\r ', KEY);
    expect(t.selected()).toEqual([expect.stringContaining('role:x4')]);
  });
});
