// The parsers the scanner calls, behind one small interface so the hot path can be tested with
// stubs and the real journal/audit parsers are wired in one place.
import type { ExportDecoder, ExportDecoderOptions, ParsedLine } from '../journal/index.js';
import type { DenyRead, ParsedAudit, JournalEntry, Notice, StreamMeta } from '../types.js';

export type { ExportRecord } from '../journal/index.js';

export interface ScanParsers {
  parseLine(line: string, meta: StreamMeta): ParsedLine;
  isContinuationLine(line: string): boolean;
  parseAudit(entry: JournalEntry, meta: StreamMeta): ParsedAudit;
  /** With the entry, the notice must come from Admin Router's unit/identifier too. */
  parseNotice(message: string, entry?: JournalEntry, meta?: StreamMeta): Notice | null;
  /** The connection of an Admin Router audit record, its request's last line (absent: none are told apart). */
  auditConn?(message: string, entry?: JournalEntry, meta?: StreamMeta): string | null;
  /** Substrings that every Admin Router notice of interest contains (searched as bytes). */
  noticeNeedles: readonly string[];
  /** `accept` sees each entry's raw MESSAGE bytes first, so other entries are never decoded. */
  createExportDecoder(meta: StreamMeta, opts: ExportDecoderOptions): ExportDecoder;
  /** parseAudit would read this entry as an Admin Router record (absent: no --uid fast path for denials). */
  isAdminRouterRecord?(entry: JournalEntry, meta: StreamMeta): boolean;
  /**
   * The uid parseAudit would read from this entry as a Mesos/Marathon denial of a principal not in
   * `wanted`, or null when unsure or wanted (absent: parsed). `line`: the bytes the entry's line
   * was decoded from, trailing CR dropped.
   */
  denyUidOf?(entry: JournalEntry, meta: StreamMeta, line: Buffer, wanted: ReadonlySet<string>): string | null;
  /**
   * The same two questions on the line's bytes, for the envelopes they know (`typeAudit`: where the
   * line's first `type=audit` starts): true or a uid only when the decoded answer is the same;
   * false or null when not, or not sure (then the decoded path is asked), except that
   * denyUidOfBytes says false for a wanted principal's denial (parsed whole, not asked again).
   */
  adminRouterRecordBytes?(line: Buffer, typeAudit: number, meta: StreamMeta): boolean;
  denyUidOfBytes?(line: Buffer, typeAudit: number, meta: StreamMeta, wanted: ReadonlySet<string>): string | false | null;
  /**
   * For one stream: a reader of denials (with --uid, the wanted principals') from their line's
   * bytes, as the parser would count them, or null (parse it). `parse` parses a line whole
   * (absent: every denial is parsed). `mayFollowCut`: asked of the line being read, whether a line
   * before it may be a piece journald cut (split-rest.ts): then only an Admin Router record is read.
   */
  denyReader?(meta: StreamMeta, parse: (line: Buffer) => ParsedAudit, mayFollowCut?: () => boolean): (line: Buffer, typeAudit: number) => DenyRead | null;
}
