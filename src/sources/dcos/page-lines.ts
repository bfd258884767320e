// The lines of one range page, checked before they are handed on (docs/logging-api.md): each must be
// a logging-API entry (a 200 of HTML or other text is no quiet journal), and none may be one the
// node already read (page-check.ts: a server that ignores the cursor would be read for ever).
import type { StreamMeta } from '../../core/types.js';
import { entryCursor, isEntryEnd, isEntryLine, takeCut, takeEntry, type Batch, type LineSplitter } from './entries.js';
import { notEntries, notEntryText, type NodeFailure } from './fetch.js';
import type { JournalCursors } from './journal-cursors.js';
import { atOrBefore, stuckMessage } from './page-check.js';
import type { NodeTarget } from './targets.js';

export class PageLines {
  /** The cursor of the page's last entry so far (null: it had none). */
  lastCursor: string | null = null;
  /** Why reading the page stopped (a line that is no entry, an entry already read), or null. */
  stop: NodeFailure | null = null;

  /**
   * `sent`: the cursor the page was asked to start after (null for a `--since` page, which starts
   * entries before it); `token`: the one it was asked with, hidden should a body echo it;
   * `journals`: when following, where each journal's last entry handed on is noted, so that the
   * event stream knows what a replay sends again (stream-events.ts).
   */
  constructor(
    private readonly target: NodeTarget,
    private readonly split: LineSplitter,
    private readonly sent: string | null,
    private readonly token: string | undefined,
    private readonly readerUid: string | null,
    private readonly meta: StreamMeta,
    private readonly journals: JournalCursors | null,
  ) {}

  /** Hands `lines` into `b`, up to a line that is no entry or an entry already read: false, with `stop` set, there. */
  take(lines: readonly Buffer[], b: Batch): boolean {
    for (const line of lines) {
      const cut = this.split.wasCut(line);
      if (cut ? !isEntryEnd(line) : !isEntryLine(line)) {
        this.stop = notEntries(this.target, notEntryText(line, this.token));
        return false;
      }
      const c = entryCursor(line);
      if (this.sent !== null && c !== null && atOrBefore(c, this.sent)) {
        this.stop = { retriable: false, message: stuckMessage(this.target.label, 'it answered with entries already read') };
        return false;
      }
      // The batch keeps the last cursor it saw; this line's own (or none) is what lastCursor says.
      const held = b.cursor;
      b.cursor = null;
      if (cut) takeCut(line, b, c);
      else takeEntry(line, b, this.readerUid, this.meta, c);
      this.lastCursor = b.cursor;
      if (b.cursor !== null) this.journals?.remember(b.cursor);
      b.cursor ??= held;
    }
    return true;
  }
}
