// What the loop draws on a terminal smaller than its frame needs (layout.ts MIN_TERMINAL): no
// header, list, question or key bar (they would overlap or show nothing), only the size it needs,
// the size there is, and which keys still work on the screen that is open but not shown. The keys
// are routed as usual, except that a question nobody can see takes no answer (loop-keys.ts).
import { MIN_TERMINAL } from './layout.js';
import type { Mode } from './screen.js';
import { wrapWords } from './wrap.js';

/**
 * The first of `forms` (longest first) that fits `room` lines of `width` wrapped at spaces, no word
 * cut: a size it names is never broken. When none fits, the last on one line, its end cut (ink
 * shows `…`): a size cut into pieces could read as another size.
 */
export function fittingForm(forms: readonly string[], width: number, room: number): string[] {
  const lines = Math.max(0, room);
  const fits = (f: string): boolean => f.split(' ').every((w) => w.length <= width) && wrapWords(f, width).length <= lines;
  const form = forms.find(fits);
  return form !== undefined ? wrapWords(form, width) : [forms.at(-1) ?? ''].slice(0, lines);
}

/** What the keys do on the screen open, said long and short. */
function keysFor(mode: Mode): { long: string; short: string } {
  switch (mode) {
    case 'list':
      return { long: 'q quits', short: 'q quits' };
    case 'filter':
      return { long: 'Enter or Esc ends the filter line, then q quits', short: 'Esc, then q quits' };
    case 'help':
    case 'dryrun':
    case 'revokeDry':
      return { long: `any key closes the ${mode === 'help' ? 'help' : 'dry run'}, then q quits`, short: 'any key, then q quits' };
    case 'quit':
      return { long: 'q/y quits now, n/Esc waits for the answer', short: 'q quits' };
    default:
      // A question: it cannot be answered unseen.
      return { long: 'the question is not shown and takes no answer: n/Esc cancels it, q quits', short: 'n/Esc cancels, q quits' };
  }
}

/** The terminal's size and what it needs, in the `room` lines of `cols` there are (longest form that fits). */
export function tinyLines(o: { cols: number; rows: number; mode: Mode; room: number }): string[] {
  const need = `${MIN_TERMINAL.cols}x${MIN_TERMINAL.rows}`;
  const have = `${o.cols}x${o.rows}`;
  const keys = keysFor(o.mode);
  return fittingForm(
    [
      `audit2grant needs at least ${need} (this terminal is ${have}); keys still work: ${keys.long}`,
      `audit2grant needs ${need} (this terminal is ${have}); ${keys.short}`,
      `needs ${need} (is ${have}); ${keys.short}`,
      `needs ${need}; ${keys.short}`,
      `needs ${need}`,
      need,
    ],
    o.cols,
    o.room,
  );
}

/** The answer to a key that would answer a question the terminal does not show. */
/** The list's keys (select, filter, move, grant) would act on rows nobody sees: only q works until it is drawn. */
export const UNSEEN_LIST = 'the terminal is too small to show the list: enlarge it to use its keys; q quits';
export const UNSEEN_QUESTION = 'the terminal is too small to show the question: enlarge it to answer; n/Esc cancels, q quits';
