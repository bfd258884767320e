// The held-not-used list's keys (v): the denials list's keys turned to revoking what the account
// did not use (space, a, g/Enter, d, u, r; `[` `]` scroll the detail), and its two questions. Split
// from loop-keys.ts, which routes to these by the latest screen; the same rules: a key that needs
// the IAM while a request is in flight says "busy", and nothing is sent before its question is answered.
import type { Key } from 'ink';
import { lastUndoableRevoke, pairsToRegrant, planRevoke, safeUnusedKeys, unselectable, unusedKey, type UnusedList } from '../core/session/index.js';
import type { RevokeContext } from '../core/policy/index.js';
import type { UnusedRow } from '../core/usage/index.js';
import { busyLine } from './text.js';
import { cursorAt, detailScrollBy } from './screen.js';
import { cursorIndex } from './cursor.js';
import { UNUSED_KEYS, whichKey } from './keys.js';
import type { KeyContext, Ref } from './loop-keys.js';

/** What the App gives these keys (part of loop-keys.ts's KeyContext). */
export interface UnusedContext {
  /** The held-not-used list (null without one account under review). */
  unusedRef?: Ref<UnusedList | null>;
  /** Why `v` cannot open it here (no --uid, no cluster), or null. */
  unusedUnavailable?: string | null;
  /** (Re)compute its verdict; `then` runs once the new verdict is in (not when it failed or another load took over). */
  loadUnused?(then?: () => void): void;
  /** Some source is still read or followed: what the list read may be older than what the logs hold. */
  liveSources?(): boolean;
  /** Who acts, for the revoke policy (the acting account's rights are dangerous to touch). */
  revokePolicy?: RevokeContext;
  /** The detail of `row` (the one under the cursor): how far `[` `]` scroll it (max 0: it shows everything). */
  unusedDetailView?(row: UnusedRow): { max: number; page: number };
}

export interface UnusedKeys {
  /** `v` on the denials list: open this list (computing it the first time), or say why it is not here. */
  open(): void;
  listKey(input: string, key: Key): void;
  revokeKey(input: string, key: Key): void;
  regrantKey(input: string, key: Key): void;
}

export interface SharedKeys {
  say(m: string | null): void;
  openHelp(): void;
  /** Cursor keys of either list (loop-keys.ts); false for any other key. */
  moved(k: string, rows: readonly { key: string }[]): boolean;
  /** A yes/no question's keys (dialog-keys.ts). */
  answer(input: string, key: Key, o: { asked: boolean; cancelled: string; hint: string; yes(): void }): void;
}

export function createUnusedKeys(c: KeyContext, h: SharedKeys): UnusedKeys {
  const { say, openHelp, moved, answer } = h;

  function open(): void {
    const l = c.unusedRef?.current ?? null;
    if (c.unusedUnavailable || !l) return say(c.unusedUnavailable ?? 'the held-not-used list is not available here');
    c.ui({ type: 'view', view: 'unused' });
    if (l.load === 'idle') c.loadUnused?.();
  }

  /** The held-not-used list: the denials list's keys, turned to revoking what the account did not use. */
  function listKey(input: string, key: Key): void {
    const k = whichKey(UNUSED_KEYS, input, key);
    if (!k) return;
    say(null);
    c.clearError();
    const l = c.unusedRef?.current ?? null;
    if (!l) return c.ui({ type: 'view', view: 'findings' });
    const rows = l.report?.rows ?? [];
    // The cursor is a grant: rows change under it (a re-read, a revoke), and an index would land on another.
    const keyed = rows.map((r) => ({ key: unusedKey(l.uid, r) }));
    const cur = cursorIndex(keyed, cursorAt(c.uiRef.current));
    const row = rows[cur] ?? null;
    if (moved(k, keyed)) return;
    // The row a key acts on holds the cursor from then on, as on the denials list.
    if (row && c.uiRef.current.at !== keyed[cur]?.key) c.ui({ type: 'cursorOn', to: { at: keyed[cur]!.key, index: cur } });
    const busy = c.busy();
    const plan = () => planRevoke(l, { allowDangerous: c.allowDangerous, policy: c.revokePolicy });
    switch (k) {
      case 'select': {
        if (!row) return;
        const why = unselectable(l, row);
        if (why) return say(`not selectable: ${why}`);
        return c.loop({ type: 'unusedToggle', key: unusedKey(l.uid, row) });
      }
      case 'selectSafe': {
        const keys = safeUnusedKeys(l, c.revokePolicy);
        c.loop({ type: 'unusedSelect', keys, on: true });
        const touchy = rows.filter((r) => unselectable(l, r) === null && !keys.includes(unusedKey(l.uid, r))).length;
        const rest = touchy ? `; ${touchy} dangerous to touch left to select by hand` : '';
        return say(keys.length ? `selected ${keys.length} unused grant(s) safe to touch: g to revoke${rest}` : `no unused grant safe to touch left to select${rest}`);
      }
      case 'revoke': {
        if (busy) return say(busyLine(busy, 'g'));
        const p = plan();
        if (!p.pairs.length && !p.refused.length) return say('nothing selected: space selects an unused grant, a selects every one safe to touch');
        // Followed sources: a use logged since the list was read would not show in it. Read them
        // again, and ask on that verdict (the selection keeps only what is still unused).
        if (c.liveSources?.() && c.loadUnused) {
          const before = new Set(l.selected);
          c.loadUnused(() => askAfterReread(before));
          return say('reading the sources again before asking: a use logged since the list was read must show');
        }
        return c.ui({ type: 'confirmRevoke', plan: p });
      }
      case 'dryRun':
        return c.ui({ type: 'revokeDryRun', plan: plan() });
      case 'undo': {
        if (busy) return say(busyLine(busy, 'u'));
        const b = lastUndoableRevoke(l);
        const pairs = b ? pairsToRegrant(b) : [];
        if (!b || !pairs.length) return say('no revoke to undo in this session');
        return c.ui({ type: 'askRegrant', ask: { batch: b, pairs } });
      }
      case 'reread':
        c.loadUnused?.();
        return say(`re-reading what ${l.uid} holds and the sources`);
      case 'view':
        return c.ui({ type: 'view', view: 'findings' });
      case 'filter':
      case 'export':
        return say(`${k === 'filter' ? 'the filter' : 'export'} works on the denials list: v goes back to it`);
      case 'detailUp':
      case 'detailDown': {
        const e = row && c.unusedDetailView ? detailScrollBy(k === 'detailUp', unusedKey(l.uid, row), c.unusedDetailView(row)) : null;
        return e ? c.ui(e) : say('the detail shows all of this grant');
      }
      case 'help':
        return openHelp();
      case 'quit':
        if (busy) return c.ui({ type: 'open', mode: 'quit' });
        return c.quit();
    }
  }

  /** g's question, on the verdict read again for it; `before`: the grants selected when g was pressed. */
  function askAfterReread(before: ReadonlySet<string>): void {
    const l = c.unusedRef?.current ?? null;
    const u = c.uiRef.current;
    if (!l || l.load !== 'ready') return;
    // Only where g was pressed: the operator may have moved on while it read.
    if (u.view !== 'unused' || u.mode !== 'list') return say('the held-not-used list was read again: g there asks on it');
    const part = l.report?.incomplete ?? [];
    if (part.length > 0) return say(`read again, not whole (${part[0]}${part.length > 1 ? '; …' : ''}): nothing asked, nothing revoked`);
    // What the new read took out of the selection (not what the operator unselected meanwhile):
    // grants it shows used, and others no longer selectable (the first one's reason said).
    const rows = new Map((l.report?.rows ?? []).map((r) => [unusedKey(l.uid, r), r]));
    const dropped = [...before].filter((k) => !l.selected.has(k)).map((k) => rows.get(k)).filter((r): r is UnusedRow => r !== undefined && unselectable(l, r) !== null);
    const used = dropped.filter((r) => r.status === 'used').length;
    const other = dropped.find((r) => r.status !== 'used');
    const left = [used ? `${used} selected grant(s) used since the list was read` : '', other ? `${dropped.length - used} no longer selectable (${unselectable(l, other)})` : ''].filter(Boolean).join('; ');
    const p = planRevoke(l, { allowDangerous: c.allowDangerous, policy: c.revokePolicy });
    if (!p.pairs.length && !p.refused.length) return say(`${left || 'nothing selected'}: nothing to revoke`);
    say(left ? `${left}: left out` : null);
    c.ui({ type: 'confirmRevoke', plan: p });
  }

  function revokeKey(input: string, key: Key): void {
    const p = c.uiRef.current.revokePlan;
    answer(input, key, {
      asked: !!p && p.pairs.length > 0, cancelled: 'cancelled: nothing revoked', hint: 'y/Enter revokes, n/Esc cancels',
      yes: () => {
        if (!p) return;
        c.ui({ type: 'revoking' });
        c.actions.revoke(p.pairs);
      },
    });
  }

  function regrantKey(input: string, key: Key): void {
    const a = c.uiRef.current.regrant;
    answer(input, key, {
      asked: !!a, cancelled: 'undo cancelled: nothing granted back', hint: 'y/Enter grants them back, n/Esc leaves them revoked',
      yes: () => {
        if (!a) return;
        c.ui({ type: 'regranting' });
        c.actions.regrant(a.batch, a.pairs);
      },
    });
  }

  return { open, listKey, revokeKey, regrantKey };
}
