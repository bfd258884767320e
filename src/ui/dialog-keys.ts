// The keys of what replaces the list and scrolls: the questions that list pairs (the grant
// confirmation and its second key, undo; the held-not-used list's two use `answer`) and the help
// overlay. Split from loop-keys.ts, which routes to these by the latest screen. In a question ↑↓
// PgUp/PgDn scroll the pairs and nothing is consented to that the terminal cannot show; in the help
// they scroll it when it is longer than the screen, and any other key closes it.
import type { Key } from 'ink';
import type { GrantPair } from '../core/types.js';
import { confirmWord } from './confirm-view.js';
import { NO_DIALOG_SCROLL, TOO_SMALL } from './dialog-view.js';
import { CONFIRM2_KEYS, CONFIRM_KEYS, whichKey } from './keys.js';
import type { KeyContext } from './loop-keys.js';

/** How far a screen scrolls: its last first line (0: it shows whole), and a page. */
export interface ScrollView {
  max: number;
  page: number;
}

/** What a yes/no question about pairs is told to do with its keys. */
export interface Answer {
  asked: boolean;
  cancelled: string;
  hint: string;
  yes(): void;
}

export interface DialogKeys {
  /** A yes/no question's keys: ↑↓ scroll, y/Enter does `yes` (refused while the terminal cannot show the pairs), n/Esc cancels. */
  answer(input: string, key: Key, o: Answer): void;
  confirmKey(input: string, key: Key): void;
  undoKey(input: string, key: Key): void;
  helpKey(input: string, key: Key): void;
}

/** ↑↓ PgUp/PgDn: by how many lines `view` scrolls (0: another key). */
const scrollBy = (key: Key, view: ScrollView): number => (key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -view.page : key.pageDown ? view.page : 0);

export function createDialogKeys(c: KeyContext, h: { say(m: string | null): void; openHelp(): void; toList(m: string | null): void; grant(pairs: GrantPair[]): void }): DialogKeys {
  const { say, openHelp, toList } = h;
  /** ↑↓ PgUp/PgDn scroll the open question's pairs: true when the key did. */
  const scrolled = (key: Key, view: ScrollView): boolean => {
    const by = scrollBy(key, view);
    if (by) c.ui({ type: 'dialogScroll', by, max: view.max });
    return by !== 0;
  };

  function answer(input: string, key: Key, o: Answer): void {
    const k = whichKey(CONFIRM_KEYS, input, key);
    if (k === 'help') return openHelp();
    if (k === 'quit') return c.quit();
    if (!o.asked || k === 'no') return toList(o.cancelled);
    const view = c.confirmView?.() ?? NO_DIALOG_SCROLL;
    if (scrolled(key, view)) return;
    if (k !== 'yes') return say(`${o.hint}, ↑↓ scroll`);
    if (view.tooSmall) return say(TOO_SMALL); // never a consent to what the screen cannot show
    o.yes();
  }

  function confirmKey(input: string, key: Key): void {
    const p = c.uiRef.current.plan;
    const first = c.uiRef.current.mode === 'confirm';
    const k = whichKey(first ? CONFIRM_KEYS : CONFIRM2_KEYS, input, key);
    if (k === 'help') return openHelp();
    if (k === 'quit') return c.quit();
    if (!p || k === 'no') return toList('cancelled: nothing granted');
    const view = c.confirmView?.() ?? NO_DIALOG_SCROLL;
    if (scrolled(key, view)) return;
    // Never a consent to what the screen cannot show.
    if ((k === 'yes' || k === 'sensitiveYes') && view.tooSmall) return say(TOO_SMALL);
    if (k === 'yes') {
      // The policy decided (with --yes nothing needs the second key).
      if (p.confirm.length) return c.ui({ type: 'open', mode: 'confirm2' });
      return h.grant(p.pairs);
    }
    if (k === 'sensitiveYes') return h.grant(p.pairs);
    say(first ? 'y/Enter grants, n/Esc cancels, ↑↓ scroll' : `s confirms the ${confirmWord(p.confirm)} ones too, n/Esc cancels the whole batch, ↑↓ scroll`);
  }

  function undoKey(input: string, key: Key): void {
    const u = c.uiRef.current.undo;
    answer(input, key, {
      asked: !!u, cancelled: 'undo cancelled: nothing revoked', hint: 'y/Enter revokes, n/Esc keeps the grants',
      yes: () => {
        if (!u) return;
        c.ui({ type: 'undoing' });
        c.actions.undo(u.batch, u.pairs);
      },
    });
  }

  function helpKey(_input: string, key: Key): void {
    // A help that shows whole closes at any key, as it always has; one that scrolls keeps its scroll keys.
    const view = c.helpView?.() ?? { max: 0, page: 1 };
    const by = view.max > 0 ? scrollBy(key, view) : 0;
    c.ui(by ? { type: 'helpScroll', by, max: view.max } : { type: 'closeHelp' });
  }

  return { answer, confirmKey, undoKey, helpKey };
}
