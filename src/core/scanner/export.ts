// `journalctl -o export` streams: the decoder frames entries (binary length-prefixed fields
// included); audit messages are parsed, Admin Router notices remembered per connection (bounded)
// to explain the denies that follow them.
import { MAX_EXAMPLE_BYTES, type AuditEvent, type AuthCause, type StreamMeta } from '../types.js';
import type { ChunkScanner } from './chunks.js';
import { AUDIT_TAIL } from './bytes.js';
import { needsContext } from './context.js';
import type { ExportRecord, ScanParsers } from './parsers.js';

const MAX_CONNS = 4096;

export function createExportScanner(meta: StreamMeta, sink: (ev: AuditEvent) => void, parsers: ScanParsers): ChunkScanner {
  const needles = [AUDIT_TAIL, ...parsers.noticeNeedles.map((k) => Buffer.from(k))];
  // Only entries that may be audit lines or notices are decoded at all.
  const decoder = parsers.createExportDecoder(meta, { accept: (m) => needles.some((n) => m.indexOf(n) !== -1) });
  const notices = new Map<string, { cause?: AuthCause; uid?: string }>();
  let bytes = 0;

  function remember(conn: string, n: { cause?: AuthCause; uid?: string }): void {
    const prev = notices.get(conn);
    notices.delete(conn); // re-insert: Map order is the LRU order
    notices.set(conn, { ...prev, ...(n.cause !== undefined ? { cause: n.cause } : {}), ...(n.uid !== undefined ? { uid: n.uid } : {}) });
    if (notices.size > MAX_CONNS) notices.delete(notices.keys().next().value as string);
  }

  function onRecords(records: ExportRecord[]): void {
    for (const r of records) {
      if (r.kind !== 'entry') continue; // a broken block without a known message: not an audit line
      const msg = r.entry.message;
      if (msg.includes('type=audit')) {
        const ev = parsers.parseAudit(r.entry, meta);
        if (ev.type === 'decision' && needsContext(ev) && ev.conn !== null) {
          const n = notices.get(ev.conn);
          if (ev.truncated && n?.uid !== undefined) ev.uid = n.uid;
          else if (!ev.truncated && n?.cause !== undefined) ev.authCause = n.cause;
        }
        if (ev.type !== 'decision') ev.raw = ev.raw.slice(0, MAX_EXAMPLE_BYTES);
        sink(ev);
        continue;
      }
      if (parsers.noticeNeedles.some((k) => msg.includes(k))) {
        const n = parsers.parseNotice(msg, r.entry, meta);
        if (n) remember(n.conn, n);
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
