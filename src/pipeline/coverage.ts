// What each source (as the user named it) turned out to hold: journal output or not, audit lines
// or not. A scan that found nothing is a verdict only for sources that were journal output.
import { hasJournalLine } from '../core/journal/sniff.js';
import type { SourceCoverage } from '../core/findings/verdict.js';
import type { SourceStream } from '../sources/index.js';

/** Tracks one stream: sniffs its chunks until one holds a journal line, counts its audit lines. */
export interface StreamWatch {
  /** Call with each chunk before it is scanned (reads it synchronously, keeps nothing). */
  look(chunk: Buffer): void;
  /** One audit event of this stream. */
  audit(): void;
  /** The stream ended after `bytes` bytes and `lines` lines (export framing: entries). */
  end(bytes: number, lines: number): void;
}

export class Coverage {
  private readonly specs = new Map<string, SourceCoverage>();

  watch(item: SourceStream): StreamWatch {
    const source = item.spec ?? item.meta.label;
    let c = this.specs.get(source);
    if (!c) this.specs.set(source, (c = { source, streams: 0, bytes: 0, journal: false, auditLines: 0 }));
    const cov = c;
    cov.streams++;
    // A container that says what it holds (bundle entries, the ssh journalctl stream) is journal output.
    let known = item.meta.envelope !== null;
    let first = true;
    return {
      look(chunk) {
        if (known) return;
        known = hasJournalLine(chunk, !first);
        first = false;
      },
      audit() {
        cov.auditLines++;
      },
      end(bytes, lines) {
        cov.bytes += bytes;
        // Export framing counts entries as lines: any entry is journal output.
        if (known || cov.auditLines > 0 || (item.framing === 'export' && lines > 0)) cov.journal = true;
      },
    };
  }

  result(): SourceCoverage[] {
    return [...this.specs.values()];
  }
}
