// What each source (as the user named it) turned out to hold: journal output or not, audit lines
// or not. A scan that found nothing is a verdict only for sources that were journal output.
import { hasJournalLine, looksBinary } from '../core/journal/sniff.js';
import type { SourceCoverage } from '../core/findings/verdict.js';
import type { SourceStream } from '../sources/index.js';
import { NullMessages } from './null-messages.js';

/** Tracks one stream: sniffs its chunks until one holds a journal line, counts its audit lines. */
export interface StreamWatch {
  /** Call with each chunk before it is scanned (reads it synchronously, keeps nothing). */
  look(chunk: Buffer): void;
  /** One audit event of this stream (verified, or malformed: a known writer's line that could not be read). */
  audit(): void;
  /** One audit-looking line of this stream that no known writer was shown to write; `otherForm`: json or export entries after the stream's text (core/findings/unchecked.ts). */
  unverified(otherForm: boolean): void;
  /** The stream ended after `bytes` bytes and `lines` lines (export framing: entries). */
  end(bytes: number, lines: number): void;
  /**
   * So far the stream is data no text reader takes (it began with a NUL byte or a compressor's
   * magic) and held no journal line: the scan names it unreadable, its NUL bytes need no word of their own.
   */
  notText(): boolean;
}

const BLOB = Buffer.from(' blob data]');
/** journalctl's `[1.1K blob data]` placeholders (text forms without `--all`) in a chunk (a stream's first). */
export function countBlobs(chunk: Buffer): number {
  let n = 0;
  for (let p = chunk.indexOf(BLOB); p !== -1; p = chunk.indexOf(BLOB, p + BLOB.length)) n++;
  return n;
}

/** One file of a source that was read but held no journal output and data that is not text. */
export interface UnreadableStream {
  source: string;
  file: string;
}

/** What one stream showed so far; judged when it ends, or as if it ended now (soFar). */
interface Watched {
  source: string;
  label: string;
  /** Export framing: any entry is journal output. */
  exported: boolean;
  known: boolean;
  binary: boolean;
  auditLines: number;
  /** Bytes looked at (soFar's count; end() is given the scanner's). */
  bytes: number;
  nulls: NullMessages;
}

/** One stream's end, counted into its source: the one rule for both end() and soFar(). */
function settle(w: Watched, cov: SourceCoverage, bytes: number, entries: boolean, binaries: UnreadableStream[]): void {
  cov.bytes += bytes;
  cov.nullMessages = (cov.nullMessages ?? 0) + w.nulls.count;
  if (w.known || cov.auditLines > 0 || (w.exported && entries)) cov.journal = true;
  const unread = bytes > 0 && w.binary && !w.known && w.auditLines === 0 && !(w.exported && entries);
  if (unread) binaries.push({ source: w.source, file: w.label });
  // Every stream with bytes was such data: the source is named as the file of a directory would be.
  if (bytes > 0) cov.binary = (cov.binary ?? true) && unread;
}

export class Coverage {
  private readonly specs = new Map<string, SourceCoverage>();
  private readonly binary: UnreadableStream[] = [];
  /** Streams not ended yet (live ones, while --follow keeps them open). */
  private readonly open = new Set<Watched>();
  /** `[N blob data]` placeholders seen in the streams' first chunks. */
  private readonly tally = { blobs: 0 };

  get blobs(): number {
    return this.tally.blobs;
  }

  watch(item: SourceStream): StreamWatch {
    const source = item.spec ?? item.meta.label;
    let c = this.specs.get(source);
    if (!c) this.specs.set(source, (c = { source, streams: 0, bytes: 0, journal: false, auditLines: 0, unverifiedLines: 0 }));
    const cov = c;
    cov.streams++;
    // A container that says what it holds (bundle entries, the ssh journalctl stream) is journal output.
    const w: Watched = { source, label: item.meta.label, exported: item.framing === 'export', known: item.meta.envelope !== null, binary: false, auditLines: 0, bytes: 0, nulls: new NullMessages() };
    this.open.add(w);
    let first = true;
    let sampled = false;
    const { tally, binary, open } = this;
    return {
      look(chunk) {
        w.bytes += chunk.length;
        // Only a stream's first chunk: a search of every byte for the placeholder cost the scan
        // ~35 % on the bench's 1 GB `short` log with --uid; one is enough to tell messages are hidden.
        if (!sampled) {
          sampled = true;
          tally.blobs += countBlobs(chunk);
        }
        w.nulls.look(chunk);
        if (w.known) return;
        if (first) w.binary = looksBinary(chunk);
        w.known = hasJournalLine(chunk, !first);
        first = false;
      },
      audit() {
        cov.auditLines++;
        w.auditLines++;
      },
      unverified(otherForm) {
        cov.unverifiedLines = (cov.unverifiedLines ?? 0) + 1;
        if (otherForm) {
          cov.otherFormLines = (cov.otherFormLines ?? 0) + 1;
          cov.otherFormFiles ??= [];
          if (cov.otherFormFiles.length < 4 && !cov.otherFormFiles.includes(w.label)) cov.otherFormFiles.push(w.label);
        }
      },
      end(bytes, lines) {
        open.delete(w);
        settle(w, cov, bytes, lines > 0, binary);
      },
      notText: () => w.binary && !w.known && w.auditLines === 0 && !w.exported,
    };
  }

  result(): SourceCoverage[] {
    return [...this.specs.values()];
  }

  /** Files of binary or encoded data in sources that otherwise held journal output (those are named by no-journal-output). */
  unreadable(): UnreadableStream[] {
    return Coverage.unreadableOf(this.binary, this.specs);
  }

  /**
   * Coverage and unreadable files as if every open stream ended now: what a live scan can say of
   * what it read so far. An open export stream's entries are not counted yet: any byte stands for one.
   */
  soFar(): { coverage: SourceCoverage[]; unreadable: UnreadableStream[] } {
    const specs = new Map([...this.specs].map(([k, c]) => [k, { ...c }]));
    const binaries = [...this.binary];
    for (const w of this.open) settle(w, specs.get(w.source)!, w.bytes, w.bytes > 0, binaries);
    return { coverage: [...specs.values()], unreadable: Coverage.unreadableOf(binaries, specs) };
  }

  private static unreadableOf(binaries: readonly UnreadableStream[], specs: ReadonlyMap<string, SourceCoverage>): UnreadableStream[] {
    return binaries.filter((b) => specs.get(b.source)?.journal === true);
  }
}
