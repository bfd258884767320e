// `journalctl -o export` streams: the decoder frames entries (binary length-prefixed fields
// included); audit messages are parsed, and what each Admin Router connection last logged (a notice,
// or an audit record: a request's end) is remembered (bounded) to explain the denies that follow.
import { lendContext, needsContext, type LastOfConn } from '../audit/request-context.js';
import { MAX_EXAMPLE_BYTES, type AuditEvent, type StreamMeta } from '../types.js';
import type { ChunkScanner } from './chunks.js';
import { AUDIT_TAIL } from './bytes.js';
import type { ExportRecord, ScanParsers } from './parsers.js';
import { isCutPiece, MIN_PIECE, namesWriter, REST_LINES, REST_REASON } from './split-rest.js';
import { malformed } from '../audit/common.js';

const MAX_CONNS = 4096;

/** A connection of one host (nginx numbers them per process, and identical masters share PIDs). */
const connKey = (host: string | null, conn: string): string => `${host ?? ''}\u0000${conn}`;

export function createExportScanner(meta: StreamMeta, sink: (ev: AuditEvent) => void, parsers: ScanParsers): ChunkScanner {
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

  function remember(key: string, item: LastOfConn): void {
    last.delete(key); // re-insert: Map order is the LRU order
    last.set(key, item);
    if (last.size > MAX_CONNS) last.delete(last.keys().next().value as string);
  }

  function onRecords(records: ExportRecord[]): void {
    for (const r of records) {
      if (r.kind !== 'entry') continue; // a broken block without a known message: not an audit line
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
      return decoder.entries;
    },
    push(chunk: Buffer): void {
      bytes += chunk.length;
      onRecords(decoder.push(chunk));
    },
    end(): void {
      onRecords(decoder.end());
    },
  };
}
