// Admin Router context for a deny line, without a second pass: the notice that precedes the deny on
// the same nginx connection says why authentication failed (`No auth token in request.`) or names
// the uid a cut line lost (`policyquery?...uid=U`, `UID from ... token: \`U\``), when it was logged
// for the same request (audit/request-context.ts). Only the bytes before the candidate (current
// segment, then a bounded tail of earlier ones) are searched, and only when a deny needs it.
import { lendContext } from '../audit/request-context.js';
import type { Decision, Notice, StreamMeta } from '../types.js';
import { AUDIT_TAIL, decodeLine, lineEndAt, lineStartAt } from './bytes.js';
import type { ScanParsers } from './parsers.js';

/** How much earlier text is kept to look back into (besides the current chunk). */
export const CONTEXT_TAIL_BYTES = 256 * 1024;
const NOTICE_LINE_CAP = 8192;
/** What lua writes before an Admin Router audit record, and nginx's connection in its prefix. */
const RECORD_MARKER = Buffer.from('auditlog(): type=audit');
const NGINX_CONN = /(\d+)#(\d+): \*(\d+) \[lua\] /g;

interface IndexedNotice {
  pos: number;
  conn: string;
  host: string | null;
  notice: Notice;
}

/** Notices of one buffer, parsed once on first use (most buffers never need it). */
export class NoticeIndex {
  private notices: IndexedNotice[] | null = null;
  /** candidatesOf's lines, by connection. */
  private candidates: Map<string, number[]> | null = null;
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

  /** The last notice of connection `conn` on `host` before `before`, and where its line ends. */
  noticeBefore(conn: string, host: string | null, before: number): { notice: Notice; end: number } | null {
    this.notices ??= this.build();
    for (let i = this.notices.length - 1; i >= 0; i--) {
      const n = this.notices[i]!; // 0 <= i < length
      if (n.pos < before && n.conn === conn && n.host === host) return { notice: n.notice, end: lineEndAt(this.buf, n.pos) };
    }
    return null;
  }

  /** An Admin Router audit record of `conn` on `host` starts in [from, before). */
  recordIn(conn: string, host: string | null, from: number, before: number): boolean {
    const auditConn = this.parsers.auditConn;
    if (!auditConn) return false;
    const lines = this.candidatesOf(conn); // in buffer order
    let lo = 0;
    for (let hi = lines.length; lo < hi; ) {
      const mid = (lo + hi) >>> 1;
      if (lines[mid]! < from) lo = mid + 1; // mid < hi <= length
      else hi = mid;
    }
    for (let i = lo; i < lines.length && lines[i]! < before; i++) {
      const ls = lines[i]!; // i < length
      const entry = this.parse(ls, lineEndAt(this.buf, ls));
      if (entry && (entry.host ?? this.meta.host) === host && auditConn(entry.message, entry, this.meta) === conn) return true;
    }
    return false;
  }

  /**
   * The lines that may be an audit record of `conn`: each line holding lua's `auditlog(): type=audit`,
   * under every `PID#TID: *CONN [lua] ` before that marker (a superset: recordIn parses the ones it
   * needs). Found in one pass over the buffer, the first time a notice needs it.
   */
  private candidatesOf(conn: string): number[] {
    if (!this.candidates) {
      const found = new Map<string, number[]>();
      for (let p = this.buf.indexOf(RECORD_MARKER); p !== -1; ) {
        const ls = lineStartAt(this.buf, p);
        for (const m of this.buf.toString('latin1', ls, p).matchAll(NGINX_CONN)) {
          const key = `${m[1]}#${m[2]} *${m[3]}`; // Decision.conn's form
          const list = found.get(key);
          if (list) list.push(ls);
          else found.set(key, [ls]);
        }
        const le = lineEndAt(this.buf, p);
        p = le >= this.buf.length ? -1 : this.buf.indexOf(RECORD_MARKER, le + 1);
      }
      this.candidates = found;
    }
    return this.candidates.get(conn) ?? [];
  }
}

/** A place to look back into: a buffer and the offset the candidate starts at (search before it). */
export interface LookBack {
  index: NoticeIndex;
  before: number;
}

/**
 * Fill a deny's auth cause or lost uid from what its connection last logged, nearest window first:
 * its last notice, unless an audit record of the connection (an earlier request's end) follows it.
 * Records are looked for only once a notice is found: most lines that need context have none.
 */
export function applyContext(d: Decision, windows: Iterable<LookBack>): void {
  const conn = d.conn;
  if (conn === null) return;
  const nearer: LookBack[] = [];
  for (const w of windows) {
    const n = w.index.noticeBefore(conn, d.host, w.before);
    if (n === null) {
      nearer.push(w);
      continue;
    }
    const ended = w.index.recordIn(conn, d.host, n.end, w.before) || nearer.some((v) => v.index.recordIn(conn, d.host, 0, v.before));
    lendContext(d, ended ? 'record' : n.notice);
    return;
  }
}

/** Recent complete lines kept by reference (no copy until a lookup needs them joined). */
export class ContextTail {
  private parts: Buffer[] = [];
  private total = 0;
  private joined: { index: NoticeIndex; parts: Buffer[] } | null = null;
  private copied = false;

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
    this.copied = false;
  }

  /**
   * Keep copies of the parts from now on: a chunk wholly inside one long line adds no part
   * (chunks.ts), and the source may reuse the buffers the parts lie in once a few more chunks come
   * (sources/file.ts FILE_CHUNK_LIFETIME). The lines after the long one still look back at the
   * lines before it (test/core/scanner/pending-reuse.test.ts).
   */
  keepCopies(copy: (b: Buffer) => Buffer): void {
    if (this.copied) return;
    this.parts = this.parts.map(copy);
    this.joined = null;
    this.copied = true;
  }

  snapshot(): Buffer[] {
    return this.parts;
  }

  /** A lazily built index over a snapshot (cached for the latest snapshot). */
  lookBack(parts: Buffer[]): LookBack | null {
    if (parts.length === 0) return null;
    if (this.joined?.parts !== parts) this.joined = { parts, index: new NoticeIndex(tailOf(parts), this.meta, this.parsers) };
    return { index: this.joined.index, before: Number.MAX_SAFE_INTEGER };
  }
}

/**
 * The last CONTEXT_TAIL_BYTES of `parts` (not empty), from the first line that starts in them, copied
 * only from the parts those bytes lie in: joining the whole snapshot copied a 1 MiB chunk to keep a
 * quarter of it, on every look-back of a log whose cut or unauthenticated lines need one (a sample
 * log repeated to 200 MB: 199 MB of garbage buffers, a major collection every ~120 ms, peak RSS 107 MB).
 */
export function tailOf(parts: readonly Buffer[]): Buffer {
  let from = parts.length - 1;
  let bytes = parts[from]!.length;
  while (from > 0 && bytes < CONTEXT_TAIL_BYTES) bytes += parts[--from]!.length;
  // Cut (from a line's start) whenever the snapshot holds more than the tail, as the whole joined would be.
  const cut = bytes + parts.slice(0, from).reduce((n, p) => n + p.length, 0) > CONTEXT_TAIL_BYTES;
  const first = cut ? parts[from]!.subarray(Math.max(0, bytes - CONTEXT_TAIL_BYTES)) : parts[from]!;
  const buf = from === parts.length - 1 ? first : Buffer.concat([first, ...parts.slice(from + 1)]);
  return cut ? buf.subarray(buf.indexOf(0x0a) + 1) : buf;
}
