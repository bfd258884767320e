// Admin Router context for a deny line, without a second pass: the notice that precedes the deny on
// the same nginx connection says why authentication failed (`No auth token in request.`) or names
// the uid a cut line lost (`policyquery?...uid=U`, `UID from ... token: \`U\``). Only the bytes
// before the candidate (current segment, then a bounded tail of earlier ones) are searched, and
// only when a deny actually needs it.
import type { AuthCause, Decision, StreamMeta } from '../types.js';
import { AUDIT_TAIL, decodeLine, lineEndAt, lineStartAt } from './bytes.js';
import type { ScanParsers } from './parsers.js';

/** How much earlier text is kept to look back into (besides the current chunk). */
export const CONTEXT_TAIL_BYTES = 256 * 1024;
const NOTICE_LINE_CAP = 8192;

interface IndexedNotice {
  pos: number;
  conn: string;
  cause?: AuthCause;
  uid?: string;
}

/**
 * Whether a decision can gain from the notices before it: a deny its auth cause or lost uid; an allow
 * (parsed only by the usage scan) the uid a cut line lost, or a use would look like none.
 */
export function needsContext(d: Decision): boolean {
  if (d.conn === null || d.uid !== null) return false;
  return d.result === 'deny' ? d.truncated || d.authCause === null : d.truncated;
}

/** Notices of one buffer, parsed once on first use (most buffers never need it). */
export class NoticeIndex {
  private notices: IndexedNotice[] | null = null;
  constructor(
    private readonly buf: Buffer,
    private readonly meta: StreamMeta,
    private readonly parsers: ScanParsers,
  ) {}

  private build(): IndexedNotice[] {
    const found = new Map<number, IndexedNotice>();
    for (const needle of this.parsers.noticeNeedles) {
      const n = Buffer.from(needle);
      let p = this.buf.indexOf(n);
      while (p !== -1) {
        const ls = lineStartAt(this.buf, p);
        const le = lineEndAt(this.buf, p);
        if (!found.has(ls)) {
          const line = this.buf.subarray(ls, le);
          if (line.indexOf(AUDIT_TAIL) === -1) {
            const parsed = this.parsers.parseLine(decodeLine(this.buf, ls, le, NOTICE_LINE_CAP), this.meta);
            const notice = parsed.kind === 'entry' ? this.parsers.parseNotice(parsed.entry.message, parsed.entry, this.meta) : null;
            if (notice) found.set(ls, { pos: ls, ...notice });
          }
        }
        p = le >= this.buf.length ? -1 : this.buf.indexOf(n, le + 1);
      }
    }
    return [...found.values()].sort((a, b) => a.pos - b.pos);
  }

  /** The nearest notice of `conn` before `before` that has the wanted field. */
  nearest(conn: string, before: number, want: 'cause' | 'uid'): IndexedNotice | null {
    this.notices ??= this.build();
    for (let i = this.notices.length - 1; i >= 0; i--) {
      const n = this.notices[i]!; // 0 <= i < length
      if (n.pos >= before || n.conn !== conn) continue;
      if (n[want] !== undefined) return n;
    }
    return null;
  }
}

/** A place to look back into: a buffer and the offset the candidate starts at (search before it). */
export interface LookBack {
  index: NoticeIndex;
  before: number;
}

/** Fill a deny's auth cause or lost uid from the nearest notices, nearest window first. */
export function applyContext(d: Decision, windows: Iterable<LookBack>): void {
  const conn = d.conn;
  if (conn === null) return;
  const want: 'cause' | 'uid' = d.truncated ? 'uid' : 'cause';
  for (const w of windows) {
    const n = w.index.nearest(conn, w.before, want);
    if (!n) continue;
    if (want === 'uid' && n.uid !== undefined) d.uid = n.uid;
    if (want === 'cause' && n.cause !== undefined) d.authCause = n.cause;
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
