// `journalctl -o export` streams: the decoder frames entries (binary length-prefixed fields
// included); audit messages are parsed, and what each Admin Router connection last logged (a notice,
// or an audit record: a request's end) is remembered (bounded) to explain the denies that follow.
// What in the stream is no export (text appended to it) is read by the line scanner to the end
// (export-text.ts); export the decoder could not frame is said by `damaged()`.
import { lendContext, needsContext, type LastOfConn } from '../audit/request-context.js';
import { MAX_EXAMPLE_BYTES, type AuditEvent, type StreamMeta } from '../types.js';
import type { ChunkScanner } from './chunk-scanner.js';
import { createTextPart, type TextPart } from './export-text.js';
import { AUDIT_TAIL } from './bytes.js';
import type { ExportRecord, ScanParsers } from './parsers.js';
import { isCutPiece, MIN_PIECE, namesWriter, REST_LINES, REST_REASON } from './split-rest.js';
import { malformed } from '../audit/common.js';

const MAX_CONNS = 4096;

/** A connection of one host (nginx numbers them per process, and identical masters share PIDs). */
const connKey = (host: string | null, conn: string): string => `${host ?? ''}\u0000${conn}`;

/** `textScanner`: a new line scanner, for text found inside the stream. */
export function createExportScanner(meta: StreamMeta, sink: (ev: AuditEvent) => void, parsers: ScanParsers, textScanner: () => ChunkScanner): ChunkScanner {
  const needles = [AUDIT_TAIL, ...parsers.noticeNeedles.map((k) => Buffer.from(k))];
  // Only entries that may be audit lines, notices or pieces of a split line are decoded at all, and
  // for REST_LINES entries after a piece, every entry (which writer's line comes next: split-rest.ts).
  let lastPiece = -Infinity;
  const accept = (m: Buffer, lineBreak: boolean): boolean => {
    if (lineBreak || m.length >= MIN_PIECE) lastPiece = decoder.entries;
    return decoder.entries - lastPiece <= REST_LINES || needles.some((n) => m.indexOf(n) !== -1);
  };
  const decoder = parsers.createExportDecoder(meta, { accept });
  const last = new Map<string, LastOfConn>();
  /** Per writer whose entry before was a piece journald cut, that entry's number (bounded as `last`). */
  const cutAt = new Map<string, number>();
  let bytes = 0;
  /** The text being read (not export), or null while export is; where in the stream it starts. */
  let text: TextPart | null = null;
  let textAt = 0;
  /** Lines and entries of the parts before the current one. */
  let linesBefore = 0;
  /** The first damage seen, and how many places were damaged. */
  let damage: string | null = null;
  let damages = 0;
  /** Fields over the line cap, skipped (counted with the text part's cut lines: `long-lines-cut`). */
  let cutFields = 0;
  const damaged = (why: string): void => {
    damage ??= why;
    damages++;
  };

  function remember(key: string, item: LastOfConn): void {
    last.delete(key); // re-insert: Map order is the LRU order
    last.set(key, item);
    if (last.size > MAX_CONNS) last.delete(last.keys().next().value as string);
  }

  function pushText(chunk: Buffer): void {
    text!.push(chunk);
  }

  function pushExport(chunk: Buffer): void {
    onRecords(decoder.push(chunk));
  }

  function onRecords(records: ExportRecord[]): void {
    for (const r of records) {
      if (r.kind === 'damaged') damaged(r.why);
      if (r.kind === 'bad' && r.cut) cutFields++;
      if (r.kind === 'text') {
        if (r.damaged) damaged(r.damaged);
        linesBefore += decoder.entries;
        textAt = bytes - r.rest.length;
        text = createTextPart(textScanner());
        pushText(r.rest);
        return; // the last record
      }
      if (r.kind !== 'entry') continue; // a block without a known message: not an audit line
      const msg = r.entry.message;
      const host = r.entry.host ?? meta.host;
      // Per writer, only while some piece is remembered (nearly never): no key made per entry else.
      const cut = isCutPiece(r.entry);
      let piece: number | undefined;
      if (cut || cutAt.size > 0) {
        const writer = [host, r.entry.unit, r.entry.ident, r.entry.pid].join('\u0000');
        piece = cutAt.get(writer);
        cutAt.delete(writer);
        if (cut) cutAt.set(writer, r.at);
        if (cutAt.size > MAX_CONNS) cutAt.delete(cutAt.keys().next().value as string);
      }
      if (msg.includes('type=audit')) {
        let ev = parsers.parseAudit(r.entry, meta);
        // Not Admin Router's (its lines are whole): the rest of a line its writer had cut, maybe.
        if (ev.type === 'decision' && namesWriter(r.entry) && piece !== undefined && r.at - piece <= REST_LINES && !parsers.isAdminRouterRecord?.(r.entry, meta)) {
          ev = malformed(REST_REASON, r.entry, meta);
        }
        if (ev.type === 'decision' && needsContext(ev) && ev.conn !== null) lendContext(ev, last.get(connKey(ev.host, ev.conn)) ?? null);
        if (ev.type !== 'decision') ev.raw = ev.raw.slice(0, MAX_EXAMPLE_BYTES);
        sink(ev);
        // A decision's own connection, else (a malformed record) its prefix's.
        const conn = ev.type === 'decision' ? ev.conn : parsers.auditConn?.(msg, r.entry, meta);
        if (conn) remember(connKey(host, conn), 'record');
        continue;
      }
      if (parsers.noticeNeedles.some((k) => msg.includes(k))) {
        const n = parsers.parseNotice(msg, r.entry, meta);
        if (n) remember(connKey(host, n.conn), n);
      }
    }
  }

  return {
    get bytes() {
      return bytes;
    },
    get lines() {
      return linesBefore + (text ? text.lines : decoder.entries);
    },
    get cutLines() {
      return cutFields + (text ? text.cutLines : 0);
    },
    // Export's binary fields may hold NUL bytes: only the text after it is looked at, and only when
    // no export data was damaged (a binary field cut or of an impossible length goes on as text, and
    // so do export entries after text: damaged() says so, and that what they held was not checked).
    // In CRLF export data, textAt is a few bytes late: the decoder hands back the rest converted.
    get nulAt() {
      const at = text && damage === null && !text.exportFields ? text.nulAt : null;
      return at === null ? null : textAt + at;
    },
    // Export entries carry their time: only text after them may be `short` lines.
    get shortFrom() {
      return text?.shortFrom;
    },
    push(chunk: Buffer): void {
      bytes += chunk.length;
      if (text) pushText(chunk);
      else pushExport(chunk);
    },
    end(): void {
      if (text) {
        if (text.exportFields) damaged('export entries after text that is no export were read as text, not as export (export data is read only from the start of a stream)');
        text.end();
      } else onRecords(decoder.end());
    },
    damaged(): string | null {
      if (damage === null) return null;
      const more = damages > 1 ? ` (and ${damages - 1} more place(s))` : '';
      return `${meta.label} holds journal export data that is damaged: ${damage}${more}; what the damaged part held was not checked (save the journal again with journalctl -o export, or scan the .journal file)`;
    },
  };
}
