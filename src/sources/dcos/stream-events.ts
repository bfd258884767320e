// The event stream's events into a node's batch (docs/logging-api.md, `--follow`). The stream
// resumes by `Last-Event-ID`, and a server that ignores it (dcos-log's v2, a proxy that drops the
// header) sends the journal again from an earlier place: its entries at or before the last cursor
// handed on are skipped (atOrBefore, as a range page's are refused), so no denial counts twice.
import type { StreamMeta } from '../../core/types.js';
import { entryCursor, takeEntry, validCursor, type Batch } from './entries.js';
import { atOrBefore } from './page-check.js';
import type { SseEvent } from './sse.js';

export class StreamEvents {
  /** Entries skipped as already handed on. */
  replayed = 0;

  /** `last`: the cursor handed on before this connection (sent as Last-Event-ID), or null. */
  constructor(
    private last: string | null,
    private readonly readerUid: string | null,
    private readonly meta: StreamMeta,
  ) {}

  take(events: readonly SseEvent[], b: Batch): void {
    for (const ev of events) {
      const data = ev.cut ? null : Buffer.from(ev.data);
      const at = validCursor(ev.id) ? ev.id : data && entryCursor(data);
      if (at && this.last !== null && atOrBefore(at, this.last)) {
        this.replayed++;
        continue;
      }
      // An event over the cap: not scanned, counted as the scan's cut lines; its id still moves the cursor.
      if (data) takeEntry(data, b, this.readerUid, this.meta);
      else {
        b.lines++;
        b.cut++;
      }
      if (at) {
        b.cursor = at;
        this.last = at;
      }
    }
  }
}
