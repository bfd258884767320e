// The parsers the scanner calls, behind one small interface so the hot path can be tested with
// stubs and the real journal/audit parsers are wired in one place.
import type { ParsedAudit, JournalEntry, Notice, StreamMeta } from '../types.js';

export type LineParse = { kind: 'entry'; entry: JournalEntry } | { kind: 'header' } | { kind: 'bad'; why: string };
export type ExportRecord = { kind: 'entry'; entry: JournalEntry } | { kind: 'bad'; why: string };

export interface ExportDecoder {
  push(chunk: Buffer): ExportRecord[];
  end(): ExportRecord[];
  /** Entries seen, accepted or not: the stream's line count. */
  readonly entries: number;
}

export interface ScanParsers {
  parseLine(line: string, meta: StreamMeta): LineParse;
  isContinuationLine(line: string): boolean;
  parseAudit(entry: JournalEntry, meta: StreamMeta): ParsedAudit;
  parseNotice(message: string): Notice | null;
  /** Substrings that every Admin Router notice of interest contains (searched as bytes). */
  noticeNeedles: readonly string[];
  /** `accept` sees each entry's raw MESSAGE bytes first, so other entries are never decoded. */
  createExportDecoder(meta: StreamMeta, opts: { accept?: (message: Buffer) => boolean }): ExportDecoder;
}
