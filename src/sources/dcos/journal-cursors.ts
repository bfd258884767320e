// The last cursor handed on per journal (seqnum id `s=`) of one node, kept across its range pages
// and every connection of its event stream. A server that ignores Last-Event-ID (dcos-log's v2, a
// proxy that drops the header) sends the journal again from an earlier place, which may start in an
// older journal file that only the range pages read: its entries must be known as read too, or
// they would count twice (docs/logging-api.md, `--follow`).
import { atOrBefore, part } from './page-check.js';

/** Journals remembered (a node rotates its journal files rarely; more are forgotten, oldest first). */
const MAX_JOURNALS = 64;

export class JournalCursors {
  /** By seqnum id ('' for a cursor without one), the last cursor handed on; newest last. */
  private readonly last = new Map<string, string>();
  private newest: string | null = null;

  remember(at: string): void {
    const s = part(at, 's') ?? '';
    // Moved to the end only when the journal changes: a page's entries are mostly of one journal.
    if (this.newest !== s) {
      this.last.delete(s);
      this.newest = s;
    }
    this.last.set(s, at);
    if (this.last.size > MAX_JOURNALS) this.last.delete(this.last.keys().next().value!);
  }

  /** Was the entry at `at` handed on already (at or before the last one of its journal)? */
  seen(at: string): boolean {
    const before = this.last.get(part(at, 's') ?? '');
    return before !== undefined && atOrBefore(at, before);
  }
}
