// The event stream's events into a node's batch (docs/logging-api.md, `--follow`). The stream
// resumes by `Last-Event-ID`, and a server that ignores it (dcos-log's v2, a proxy that drops the
// header) sends the journal again from an earlier place: its entries at or before the last cursor
// handed on are skipped (atOrBefore, as a range page's are refused), so no denial counts twice. The
// last cursor is kept per journal (journal-cursors.ts): a replay that starts in an older journal
// hands on an entry of it first, which must not make the newer journal's entries read already look new.
import type { StreamMeta } from '../../core/types.js';
import { entryCursor, takeEntry, validCursor, type Batch } from './entries.js';
import type { JournalCursors } from './journal-cursors.js';
import type { SseEvent } from './sse.js';

export class StreamEvents {
  /**
   * `last`: the cursor handed on before this connection (sent as Last-Event-ID), or null.
   * `journals`: what the node handed on, per journal, across its range pages and connections.
   */
  constructor(
    last: string | null,
    private readonly readerUid: string | null,
    private readonly meta: StreamMeta,
    private readonly journals: JournalCursors,
  ) {
    if (last !== null) journals.remember(last);
  }

  take(events: readonly SseEvent[], b: Batch): void {
    for (const ev of events) {
      const data = ev.cut ? null : Buffer.from(ev.data);
      const at = validCursor(ev.id) ? ev.id : data && entryCursor(data);
      if (at && this.journals.seen(at)) continue;
      // An event over the cap: not scanned, counted as the scan's cut lines; its id still moves the cursor.
      if (data) takeEntry(data, b, this.readerUid, this.meta);
      else {
        b.lines++;
        b.cut++;
      }
      if (at) {
        b.cursor = at;
        this.journals.remember(at);
      }
    }
  }
}
