// The event stream's events into a node's batch (docs/logging-api.md, `--follow`). The stream
// resumes by `Last-Event-ID`, and a server that ignores it (dcos-log's v2, a proxy that drops the
// header) sends the journal again from an earlier place: its entries at or before the last cursor
// handed on are skipped (atOrBefore, as a range page's are refused), so no denial counts twice. The
// last cursor is kept per journal (seqnum id): a replay that starts in an older journal hands on an
// entry of it first, which must not make the newer journal's entries read already look new.
import type { StreamMeta } from '../../core/types.js';
import { entryCursor, takeEntry, validCursor, type Batch } from './entries.js';
import { atOrBefore, part } from './page-check.js';
import type { SseEvent } from './sse.js';

/** Journals remembered (a node rotates its journal files rarely; more are forgotten, oldest first). */
const MAX_JOURNALS = 64;

export class StreamEvents {
  /**
   * `last`: the cursor handed on before this connection (sent as Last-Event-ID), or null. `journals`:
   * by seqnum id (`s=`; '' for a cursor without one), the last cursor of that journal handed
   * on, kept by the node across its connections.
   */
  constructor(
    last: string | null,
    private readonly readerUid: string | null,
    private readonly meta: StreamMeta,
    private readonly journals: Map<string, string>,
  ) {
    if (last !== null) this.remember(last);
  }

  private remember(at: string): void {
    const s = part(at, 's') ?? '';
    this.journals.delete(s);
    this.journals.set(s, at);
    if (this.journals.size > MAX_JOURNALS) this.journals.delete(this.journals.keys().next().value!);
  }

  take(events: readonly SseEvent[], b: Batch): void {
    for (const ev of events) {
      const data = ev.cut ? null : Buffer.from(ev.data);
      const at = validCursor(ev.id) ? ev.id : data && entryCursor(data);
      const before = at && this.journals.get(part(at, 's') ?? '');
      if (at && before && atOrBefore(at, before)) continue;
      // An event over the cap: not scanned, counted as the scan's cut lines; its id still moves the cursor.
      if (data) takeEntry(data, b, this.readerUid, this.meta);
      else {
        b.lines++;
        b.cut++;
      }
      if (at) {
        b.cursor = at;
        this.remember(at);
      }
    }
  }
}
