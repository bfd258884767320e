// One logging-API entry (`{"fields":{…},"cursor":"…","monotonic_timestamp":N,"realtime_timestamp":N}`,
// docs/logging-api.md) → the `journalctl -o json` line the scanner already reads, for the lines
// worth scanning only: audit lines and the Admin Router notices that explain them (the same
// patterns the SSH path greps for on the node). Everything else is counted and dropped here, read
// only for its cursor and time, which are found in the raw bytes without parsing the entry.
import { parseAudit } from '../../core/audit/index.js';
import { cutLength } from '../../core/audit/cut.js';
import { MIN_PIECE } from '../../core/scanner/split-rest.js';
import { MAX_LINE_BYTES, type JournalEntry, type StreamMeta } from '../../core/types.js';
import { REMOTE_PATTERNS } from '../ssh/command.js';

const CURSOR_KEY = Buffer.from('"cursor":"');
/** journald cursors are `key=hex` parts joined by `;`: anything else is refused, since a cursor goes back into a URL and a header. */
const CURSOR_SHAPE = /^[A-Za-z0-9=;_-]{1,512}$/;

export function validCursor(c: unknown): c is string {
  return typeof c === 'string' && CURSOR_SHAPE.test(c);
}
const REALTIME_KEY = Buffer.from('"realtime_timestamp":');
const NEEDLES = REMOTE_PATTERNS.map((p) => Buffer.from(p));

// JSON strings escape every `"` inside them, and journal field names are upper case: the
// unescaped key `"cursor":"` can only be the entry's own, whatever a message holds.
/** The entry's cursor, read from its raw bytes; null when the line holds none. */
export function entryCursor(line: Buffer): string | null {
  const i = line.indexOf(CURSOR_KEY);
  if (i < 0) return null;
  const start = i + CURSOR_KEY.length;
  const end = line.indexOf(0x22, start);
  const c = end < 0 ? null : line.toString('latin1', start, end);
  return validCursor(c) ? c : null;
}

/** The entry's `realtime_timestamp` in ms, read from its raw bytes; null when missing. */
export function entryTimeMs(line: Buffer): number | null {
  const i = line.indexOf(REALTIME_KEY);
  if (i < 0) return null;
  let p = i + REALTIME_KEY.length;
  let us = 0;
  let digits = 0;
  // Per line: p < line.length makes each read in range (no added check).
  for (; p < line.length && line[p]! >= 0x30 && line[p]! <= 0x39 && digits < 19; p++, digits++) us = us * 10 + (line[p]! - 0x30);
  return digits ? Math.floor(us / 1000) : null;
}

const FIELDS_KEY = Buffer.from('"fields":');

/**
 * Is the line one of the logging API's entries (a JSON object with `"fields":`), or blank? Cheap:
 * dcos-log writes `{"fields":` first. Anything else (an HTML page, a proxy's text) is no journal.
 */
export function isEntryLine(line: Buffer): boolean {
  let i = 0;
  while (i < line.length && (line[i] === 0x20 || line[i] === 0x09 || line[i] === 0x0d)) i++;
  return i === line.length || (line[i] === 0x7b && line.indexOf(FIELDS_KEY, i) >= 0);
}

/** Does the end of a line cut for its length look like an entry's end (`…}`)? Its head is gone; its end is all there is to judge by. */
export function isEntryEnd(tail: Buffer): boolean {
  let i = tail.length - 1;
  while (i >= 0 && (tail[i] === 0x20 || tail[i] === 0x09 || tail[i] === 0x0d)) i--;
  return i >= 0 && tail[i] === 0x7d;
}

/** Does the entry hold one of the texts worth scanning? */
export function isCandidate(line: Buffer): boolean {
  for (const n of NEEDLES) if (line.indexOf(n) >= 0) return true;
  return false;
}

interface ApiEntry {
  fields?: Record<string, unknown>;
  cursor?: unknown;
  realtime_timestamp?: unknown;
  monotonic_timestamp?: unknown;
}

/** Parse one entry line; null when it is not an entry of the logging API. */
export function parseEntry(line: Buffer | string): ApiEntry | null {
  let o: unknown;
  try {
    o = JSON.parse(typeof line === 'string' ? line : line.toString('utf8'));
  } catch {
    return null;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
  const e = o as ApiEntry;
  return e.fields && typeof e.fields === 'object' && !Array.isArray(e.fields) ? e : null;
}

/** The entry as `journalctl -o json` prints it: the address fields first, then the entry's own. */
export function journalJson(e: ApiEntry): string {
  const out: Record<string, unknown> = {};
  if (typeof e.cursor === 'string') out.__CURSOR = e.cursor;
  if (typeof e.realtime_timestamp === 'number') out.__REALTIME_TIMESTAMP = String(e.realtime_timestamp);
  if (typeof e.monotonic_timestamp === 'number') out.__MONOTONIC_TIMESTAMP = String(e.monotonic_timestamp);
  for (const [k, v] of Object.entries(e.fields ?? {})) if (!(k in out)) out[k] = v;
  return JSON.stringify(out);
}

/** Admin Router's rids for the logging API's routes: what reading logs is checked against. */
const LOG_RIDS = new Set(['dcos:adminrouter:ops:system-logs', 'dcos:adminrouter:system:agent', 'dcos:adminrouter:system:leader:mesos']);
const ADMINROUTER = new Set(['adminrouter']);

/**
 * Admin Router writes an audit line for every log request, under the reading account's uid, into
 * the journals being read: those are the reader's, never the target's (docs/logging-api.md). A
 * line is the reader's when Admin Router's own record (as the audit parser verifies it) names the
 * reader's uid and a logging route's rid.
 */
export function isReadersOwn(e: ApiEntry, readerUid: string | null, meta: StreamMeta): boolean {
  if (!readerUid) return false;
  const f = e.fields ?? {};
  const message = typeof f.MESSAGE === 'string' ? f.MESSAGE : null;
  if (!message || !message.includes(readerUid)) return false;
  const str = (k: string): string | null => (typeof f[k] === 'string' ? (f[k] as string) : null);
  const entry: JournalEntry = {
    envelope: 'json',
    time: null,
    host: str('_HOSTNAME'),
    ident: str('SYSLOG_IDENTIFIER') ?? str('_COMM'),
    unit: str('_SYSTEMD_UNIT'),
    pid: null,
    message,
    cursor: null,
  };
  const d = parseAudit(entry, meta);
  return d.type === 'decision' && d.uid === readerUid && ADMINROUTER.has(d.component) && LOG_RIDS.has(d.object);
}

/** What one node's lines came to: the lines to scan (journalctl JSON), and the counters. */
export interface Batch {
  out: Buffer[];
  lines: number;
  kept: number;
  own: number;
  cursor: string | null;
  timeMs: number | null;
  /** Lines over the cap (takeCut): not scanned, counted as the scan's cut lines. */
  cut: number;
}

/**
 * Turns one entry line into what the scanner gets (or nothing), updating the batch. Only lines that
 * hold a candidate text are parsed.
 */
export function takeEntry(line: Buffer, b: Batch, readerUid: string | null, meta: StreamMeta, c = entryCursor(line)): void {
  b.lines++;
  if (c !== null) b.cursor = c;
  const t = entryTimeMs(line);
  if (t !== null) b.timeMs = t;
  const candidate = isCandidate(line);
  if (!candidate && line.length < MIN_PIECE) return;
  const e = parseEntry(line);
  if (!e) {
    // No entry (not JSON: cut by a proxy, corrupt; or JSON of another shape): audit text in it must not vanish.
    const bad = candidate ? unreadableLine(line) : null;
    if (bad) {
      b.kept++;
      b.out.push(bad);
    }
    return;
  }
  // A piece of a line journald split before systemd 235 (unmarked): the scan must see it to refuse
  // what follows it (core/scanner/split-rest.ts). Other long lines are not sent.
  if (!candidate && !(typeof e.fields?.MESSAGE === 'string' && cutLength(e.fields.MESSAGE, 'generic'))) return;
  if (c === null && validCursor(e.cursor)) b.cursor = e.cursor;
  if (isReadersOwn(e, readerUid, meta)) {
    b.own++;
    return;
  }
  b.kept++;
  b.out.push(Buffer.from(`${journalJson(e)}\n`));
}

const AUDIT = Buffer.from('type=audit');
/** How much of an unreadable entry goes on (from its start, or from just before its audit text): enough for the example the scan shows. */
const UNREADABLE_BYTES = 1024;

/**
 * An entry line that is no logging-API entry yet holds audit text, as a `journalctl -o json` line
 * that never parses (its MESSAGE string is left open, whatever the entry held): the scan counts it
 * as a malformed audit line, as it does a file's cut json line, and shows its head as the example.
 * Its fields cannot be trusted, so nothing is read from them. Null when it holds no `type=audit`.
 */
export function unreadableLine(line: Buffer): Buffer | null {
  const at = line.indexOf(AUDIT);
  if (at < 0) return null;
  const from = at + AUDIT.length <= UNREADABLE_BYTES ? 0 : at - (UNREADABLE_BYTES >> 2);
  const text = line.toString('utf8', from, Math.min(line.length, from + UNREADABLE_BYTES));
  return Buffer.from(`{"MESSAGE":${JSON.stringify(text).slice(0, -1)}\n`);
}

/** A line cut for its length (LineSplitter): an entry still, counted for paging, read only for the cursor and time at its end. */
export function takeCut(tail: Buffer, b: Batch, c = entryCursor(tail)): void {
  b.lines++;
  b.cut++;
  if (c !== null) b.cursor = c;
  const t = entryTimeMs(tail);
  if (t !== null) b.timeMs = t;
}

export function newBatch(): Batch {
  return { out: [], lines: 0, kept: 0, own: 0, cursor: null, timeMs: null, cut: 0 };
}

/** What is kept of a line longer than the cap: its end, where dcos-log writes the cursor (at most 512 characters) and the times. */
export const CUT_TAIL = 4096;

/**
 * Splits a byte stream into lines (without the newline), keeping a cut line for the next chunk.
 * A line is at most `maxLine` bytes (MAX_LINE_BYTES, as every source): a longer one is cut, and only
 * its last CUT_TAIL bytes are handed on (wasCut() says so), for the cursor and time an entry ends
 * with; cut JSON is no entry to scan, as a file's journalctl JSON line cut by the scanner is none.
 * The pieces of a line are joined once, when it ends: never a copy per chunk.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Past maxLine: the line's last bytes so far. */
  private tail: Buffer | null = null;
  private readonly cutLines = new WeakSet<Buffer>();
  constructor(private readonly maxLine = MAX_LINE_BYTES) {}

  /** Was this line (from push or end) cut? It is then only the line's end. */
  wasCut(line: Buffer): boolean {
    return this.cutLines.has(line);
  }

  /** The complete lines in `chunk` (with what was carried). */
  push(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      this.add(chunk.subarray(start, nl));
      lines.push(this.take());
      start = nl + 1;
    }
    // Copied: the chunk may be a slice of a buffer its reader reuses.
    if (start < chunk.length) this.add(Buffer.from(chunk.subarray(start)));
    return lines;
  }

  /** What is left at the end of the body (a last line without its newline). */
  end(): Buffer | null {
    if (this.partBytes === 0 && this.tail === null) return null;
    return this.take();
  }

  private add(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.tail === null && this.partBytes + piece.length <= this.maxLine) {
      this.parts.push(piece);
      this.partBytes += piece.length;
      return;
    }
    // Too long: from here on only its last CUT_TAIL bytes are kept.
    const joined = Buffer.concat([...(this.tail ? [this.tail] : this.parts), piece.subarray(Math.max(0, piece.length - CUT_TAIL))]);
    this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - CUT_TAIL)));
    this.parts = [];
    this.partBytes = 0;
  }

  private take(): Buffer {
    let line: Buffer;
    if (this.tail !== null) {
      line = this.tail;
      this.cutLines.add(line);
    } else line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partBytes);
    this.parts = [];
    this.partBytes = 0;
    this.tail = null;
    return line;
  }
}
