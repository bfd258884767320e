// Admin Router context for a deny line, without a second pass: the notice that precedes the deny on
// the same nginx connection says why authentication failed (`No auth token in request.`) or names
// the uid a cut line lost (`policyquery?...uid=U`, `UID from ... token: \`U\``), when it was logged
// for the same request (audit/request-context.ts). Only the bytes before the candidate (current
// segment, then a bounded tail of earlier ones) are searched, and only when a deny needs it.
import { lendContext, type LastOfConn } from '../audit/request-context.js';
import type { Decision, Notice, StreamMeta } from '../types.js';
import { AUDIT_TAIL, decodeLine, lineEndAt, lineStartAt } from './bytes.js';
import type { ScanParsers } from './parsers.js';

/** How much earlier text is kept to look back into (besides the current chunk). */
export const CONTEXT_TAIL_BYTES = 256 * 1024;
const NOTICE_LINE_CAP = 8192;

interface IndexedNotice {
  pos: number;
  conn: string;
  host: string | null;
  notice: Notice;
}

/** Notices of one buffer, parsed once on first use (most buffers never need it). */
export class NoticeIndex {
  private notices: IndexedNotice[] | null = null;
  constructor(
    private readonly buf: Buffer,
    private readonly meta: StreamMeta,
    private readonly parsers: ScanParsers,
  ) {}

  private parse(ls: number, le: number) {
    const parsed = this.parsers.parseLine(decodeLine(this.buf, ls, le, NOTICE_LINE_CAP), this.meta);
    return parsed.kind === 'entry' ? parsed.entry : null;
  }

  private build(): IndexedNotice[] {
    const found = new Map<number, IndexedNotice>();
    for (const needle of this.parsers.noticeNeedles) {
      const n = Buffer.from(needle);
      let p = this.buf.indexOf(n);
      while (p !== -1) {
        const ls = lineStartAt(this.buf, p);
        const le = lineEndAt(this.buf, p);
        if (!found.has(ls) && this.buf.subarray(ls, le).indexOf(AUDIT_TAIL) === -1) {
          const entry = this.parse(ls, le);
          const notice = entry ? this.parsers.parseNotice(entry.message, entry, this.meta) : null;
          if (entry && notice) found.set(ls, { pos: ls, conn: notice.conn, host: entry.host ?? this.meta.host, notice });
        }
        p = le >= this.buf.length ? -1 : this.buf.indexOf(n, le + 1);
      }
    }
    return [...found.values()].sort((a, b) => a.pos - b.pos);
  }

  /** What connection `conn` of `host` last logged before `before`: a notice, an audit record, or null (nothing here). */
  lastOf(conn: string, host: string | null, before: number): LastOfConn | null {
    this.notices ??= this.build();
    let last: IndexedNotice | null = null;
    for (let i = this.notices.length - 1; i >= 0 && last === null; i--) {
      const n = this.notices[i]!; // 0 <= i < length
      if (n.pos < before && n.conn === conn && n.host === host) last = n;
    }
    if (this.recordIn(conn, host, last ? lineEndAt(this.buf, last.pos) : 0, before)) return 'record';
    return last?.notice ?? null;
  }

  /** An Admin Router audit record of `conn` on `host` starts in [from, before). */
  private recordIn(conn: string, host: string | null, from: number, before: number): boolean {
    const auditConn = this.parsers.auditConn;
    if (!auditConn) return false;
    const needle = Buffer.from(`${conn.replace(' *', ': *')} `); // as nginx writes it: `1240#0: *55 `
    const end = Math.min(before, this.buf.length);
    for (let p = this.buf.indexOf(needle, from); p !== -1 && p < end; ) {
      const ls = lineStartAt(this.buf, p);
      const le = lineEndAt(this.buf, p);
      if (ls >= end) break;
      if (this.buf.subarray(ls, le).indexOf(AUDIT_TAIL) !== -1) {
        const entry = this.parse(ls, le);
        if (entry && (entry.host ?? this.meta.host) === host && auditConn(entry.message, entry, this.meta) === conn) return true;
      }
      p = le >= this.buf.length ? -1 : this.buf.indexOf(needle, le + 1);
    }
    return false;
  }
}

/** A place to look back into: a buffer and the offset the candidate starts at (search before it). */
export interface LookBack {
  index: NoticeIndex;
  before: number;
}

/** Fill a deny's auth cause or lost uid from what its connection last logged, nearest window first. */
export function applyContext(d: Decision, windows: Iterable<LookBack>): void {
  const conn = d.conn;
  if (conn === null) return;
  for (const w of windows) {
    const last = w.index.lastOf(conn, d.host, w.before);
    if (last === null) continue;
    lendContext(d, last);
    return;
  }
}

/** Recent complete lines kept by reference (no copy until a lookup needs them joined). */
export class ContextTail {
  private parts: Buffer[] = [];
  private total = 0;
  private joined: { index: NoticeIndex; parts: Buffer[] } | null = null;

  constructor(
    private readonly meta: StreamMeta,
    private readonly parsers: ScanParsers,
  ) {}

  add(seg: Buffer): void {
    if (seg.length === 0) return;
    // Replace, never mutate: a pending candidate keeps the snapshot it was found with.
    const parts = [...this.parts, seg];
    let total = this.total + seg.length;
    while (parts.length > 1 && total - parts[0]!.length >= CONTEXT_TAIL_BYTES) total -= parts.shift()!.length;
    this.parts = parts;
    this.total = total;
  }

  snapshot(): Buffer[] {
    return this.parts;
  }

  /** A lazily built index over a snapshot (cached for the latest snapshot). */
  lookBack(parts: Buffer[]): LookBack | null {
    if (parts.length === 0) return null;
    if (this.joined?.parts !== parts) {
      let buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts); // parts is not empty (checked above)
      if (buf.length > CONTEXT_TAIL_BYTES) {
        buf = buf.subarray(buf.length - CONTEXT_TAIL_BYTES);
        buf = buf.subarray(buf.indexOf(0x0a) + 1);
      }
      this.joined = { parts, index: new NoticeIndex(buf, this.meta, this.parsers) };
    }
    return { index: this.joined.index, before: Number.MAX_SAFE_INTEGER };
  }
}
