// What a bare `undo` says when the session it picked has nothing it can send (ledger.ts stuckUndo):
// why each change stays, and the earlier session `undo --session` can undo instead, so the next bare
// undo is not the same dead end (docs/ledger.md, "A bare `undo` with nothing it can send").
import type { StuckUndo } from '../../iam/ledger.js';
import type { Stays } from '../../iam/undoCheck.js';
import { asciiText } from '../../core/text.js';

/** How each reason is counted, in the order said. */
const SAID: ReadonlyArray<[Stays, string]> = [
  ['in flight', 'still being sent by another run'],
  ['held before?', 'of unknown outcome and maybe held before it'],
  ['unreadable', 'of unreadable outcome'],
  ['refused', 'refused by undo\'s checks'],
];

/** The message and hint (ids come from a file: shown as ASCII). */
export function stuckText(stuck: StuckUndo): { message: string; hint: string } {
  const n = stuck.stays.length;
  const counts = SAID.flatMap(([why, words]) => {
    const k = stuck.stays.filter((s) => s.why === why).length;
    return k > 0 ? [`${k} ${words}`] : [];
  });
  const session = asciiText(stuck.session);
  // Picked among the group's changes: without --gid the hint would undo the whole session.
  const group = stuck.gid === undefined ? '' : ` --gid ${asciiText(stuck.gid)}`;
  const left = stuck.gid === undefined ? 'changes left' : `changes left for group ${asciiText(stuck.gid)}`;
  const message = `nothing can be undone in session ${session}, the latest with ${left}: ${n === 1 ? 'its one change left is' : `its ${n} changes left are`} ${counts.join(', ')}: nothing sent`;
  const then = stuck.earlier === undefined
    ? `no earlier session has ${left} to undo`
    : `\`audit2grant undo --session ${asciiText(stuck.earlier)}${group}\` undoes the nearest earlier session with ${left}`;
  return { message, hint: then };
}
