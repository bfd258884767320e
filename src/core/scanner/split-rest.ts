// The rest of a line journald split. A line longer than journald keeps (2048 bytes before systemd
// 235, LineMax= after) is stored as pieces, each an entry of its own, and the piece after a cut
// starts with whatever the line held there. Where that is a client's text (a User-Agent in a Mesos
// audit record, a framework or task name in another Mesos line), the client writes the start of an
// entry of Mesos's own: a glog prefix and a record, which the rest of the real line completes (its
// authorizer, action and result). The entry itself shows nothing; the piece before it does: a
// message of a cut length, or `_LINE_BREAK` (json, export). So an audit record, but for Admin
// Router's (nginx cuts its own lines at 2048 bytes, which journald keeps whole), is malformed when
// its writer's line before it (within bounds: REST_LINES, lookBack) is a cut piece
// (docs/audit-log-forms.md, "Records journald may have cut").
import { cutLength } from '../audit/cut.js';
import { MAX_LINE_BYTES, type JournalEntry, type StreamMeta } from '../types.js';
import { isoEnvelope } from '../journal/iso-bytes.js';
import { decodeLine } from './bytes.js';
import type { ScanParsers } from './parsers.js';

/** Lines (entries) before a record where its writer's line before it is looked for (other writers' lines come between). */
export const REST_LINES = 16;
/** How far before a record (to a line's end) its writer's line is looked for, in bytes: other writers' lines. */
export const LOOK_BACK = 64 * 1024;
/** The same in json, whose lines are longer (a message as byte values: ~3 bytes each): the look-back tail's size. */
const JSON_LOOK_BACK = 256 * 1024;
/** How much further a short-iso writer's line may start: a whole piece (LineMax) and its envelope. */
const PIECE_SPAN = 64 * 1024;
/** The shortest message journald may have cut (audit/cut.ts: 2048 less a `<N>` priority and a space). */
export const MIN_PIECE = 2042;
/** journald's `_LINE_BREAK` field in json (`"_LINE_BREAK":"nul"`, or spaced before systemd 240). */
const LINE_BREAK = Buffer.from('"_LINE_BREAK"');
/** Its end, searched for: `K` is rare in json, `"` and `_` are not (~8 against ~45 ms for 140 MB). */
const LINE_BREAK_TAIL = Buffer.from('K"');
const SP = 0x20;
const NL = 0x0a;

/** Where a record's line is: its buffer, where the line starts and ends, earlier buffers of the stream (oldest first), and whether lines are json. */
export interface LinePlace {
  seg: Buffer;
  ls: number;
  le: number;
  tail: readonly Buffer[];
  json: boolean;
}

/** A line before the place: [buffer, start, end) without its `\n` or CR, and where its message starts. */
type Before = [Buffer, number, number, number];

const withoutCr = (buf: Buffer, start: number, end: number): number => (end > start && buf[end - 1] === 0x0d ? end - 1 : end);

/** pieceEnds per buffer, and whether json lines were looked at. */
const pieceCache = new WeakMap<Buffer, { ends: number[]; json: boolean }>();

/** The buffer asked of last: most calls ask of it again (a segment's records, one after the other). */
let recent: { buf: Buffer; ends: number[]; json: boolean } | null = null;

/**
 * Where the lines of `buf` that may be pieces journald cut end (their `\n`, ascending): lines of
 * MIN_PIECE bytes or more, and json lines holding `_LINE_BREAK`. Found once a buffer, and only when
 * the line count saw a line that long (noLongLines): then a step per MIN_PIECE bytes (the last `\n`
 * before each step's end), ~20 ms per GB of ~200-byte lines (2-core AMD EPYC VM), against ~100 ms
 * for looking back from each record (docs/benchmarks.md).
 */
function pieceEnds(buf: Buffer, json: boolean): number[] {
  if (recent?.buf === buf && (recent.json || !json)) return recent.ends;
  const known = pieceCache.get(buf);
  const ends = known && (known.json || !json) ? known.ends : piecesOf(buf, json);
  recent = { buf, ends, json };
  return ends;
}

/** Buffers the line count found no line of MIN_PIECE bytes in (newlines.ts longLine): not walked. */
const shortLines = new WeakSet<Buffer>();

/** The scanner's line count found no line as long as a piece in `buf`. */
export const noLongLines = (buf: Buffer): void => void shortLines.add(buf);

function piecesOf(buf: Buffer, json: boolean): number[] {
  const ends: number[] = [];
  for (let q = shortLines.has(buf) ? buf.length : -1; q + MIN_PIECE < buf.length; ) {
    const before = buf.lastIndexOf(NL, q + MIN_PIECE);
    if (before > q) {
      q = before; // every line in (q, before] is shorter than MIN_PIECE
      continue;
    }
    const nl = buf.indexOf(NL, q + MIN_PIECE);
    const end = nl === -1 ? buf.length : nl;
    if (!json || buf[q + 1] !== 0x7b || messageMayBeLong(buf, q + 1, end)) ends.push(end);
    if (nl === -1) break;
    q = nl;
  }
  if (json) {
    const back = LINE_BREAK.length - LINE_BREAK_TAIL.length;
    for (let k = buf.indexOf(LINE_BREAK_TAIL); k !== -1; k = buf.indexOf(LINE_BREAK_TAIL, k + 1)) {
      if (k < back || !buf.subarray(k - back, k).equals(LINE_BREAK.subarray(0, back))) continue;
      const nl = buf.indexOf(NL, k);
      ends.push(nl === -1 ? buf.length : nl);
    }
    ends.sort((x, y) => x - y);
  }
  pieceCache.set(buf, { ends, json });
  return ends;
}

const MESSAGE_KEY = Buffer.from('"MESSAGE":');

/** A json line's MESSAGE may hold MIN_PIECE bytes: json lines are long with all their fields, the message seldom. */
function messageMayBeLong(buf: Buffer, start: number, end: number): boolean {
  const m = buf.subarray(start, end).indexOf(MESSAGE_KEY);
  return m === -1 || end - (start + m) >= MIN_PIECE;
}

const lookBack = (at: LinePlace): number => (at.json ? JSON_LOOK_BACK : LOOK_BACK);

/**
 * Whether a line that may be a cut piece ends within lookBack bytes before the place: the scanner's
 * fast paths then leave the line to the parser, and followsCutPiece decides. Cheap: pieceEnds, once
 * a buffer.
 */
export function mayFollowCutPiece(at: LinePlace): boolean {
  const ends = pieceEnds(at.seg, at.json);
  const reach = lookBack(at);
  if (ends.length === 0 && at.ls > reach) return false; // the common case, at once
  for (let i = ends.length - 1; i >= 0; i--) if (ends[i]! < at.ls) return at.ls - ends[i]! <= reach;
  let budget = reach - at.ls;
  for (let part = at.tail.length - 1; budget > 0 && part >= 0; part--) {
    const buf = at.tail[part]!;
    const last = pieceEnds(buf, at.json).at(-1);
    if (last !== undefined) return buf.length - last <= budget;
    budget -= buf.length;
  }
  return false;
}

/**
 * The buffers before the place, newest first: its segment, then the tail's. Each with its bytes
 * before the place (`to`) and how many bytes lie between those and the place (`after`).
 */
function* buffersBefore(at: LinePlace): Generator<[buf: Buffer, to: number, after: number]> {
  yield [at.seg, at.ls, 0];
  let after = at.ls;
  for (let part = at.tail.length - 1; part >= 0; part--) {
    const buf = at.tail[part]!;
    yield [buf, buf.length, after];
    after += buf.length;
  }
}

/** The REST_LINES lines before the place, newest first, that end within lookBack bytes of it. */
function* linesBefore(at: LinePlace): Generator<Before> {
  let n = 0;
  for (const [buf, to, after] of buffersBefore(at)) {
    // `end`: the `\n` that ends each line (the tail's buffers are whole lines, ending with one).
    for (let end = to - 1; end >= 0; n++) {
      if (n >= REST_LINES || after + to - end > lookBack(at)) return;
      const start = end === 0 ? 0 : buf.lastIndexOf(NL, end - 1) + 1;
      yield [buf, start, withoutCr(buf, start, end), start];
      end = start - 1;
    }
  }
}

/**
 * A short-iso line's writer, as bytes: `HOST IDENT[PID]: ` (iso-bytes.ts), or null for other forms.
 * Its line before is found with one search for these bytes, not line by line.
 */
function writerToken(at: LinePlace, meta: StreamMeta): Buffer | null {
  const line = at.seg.subarray(at.ls, withoutCr(at.seg, at.ls, at.le));
  const env = isoEnvelope(line, meta);
  return env && env.message > env.stampEnd ? line.subarray(env.stampEnd, env.message) : null;
}

/** The last line of `buf[0, to)` whose envelope's writer is `token`, within `budget` bytes, or null. */
function tokenLineIn(buf: Buffer, to: number, token: Buffer, budget: number): Before | null {
  const lo = Math.max(0, to - budget);
  const area = buf.subarray(lo, to);
  for (let m = area.lastIndexOf(token); m !== -1; m = m === 0 ? -1 : area.lastIndexOf(token, m - 1)) {
    const at = lo + m;
    const start = at === 0 ? 0 : buf.lastIndexOf(NL, at - 1) + 1;
    // Right after the line's timestamp (no space in it): else the bytes are inside a message.
    if (at - start < 20 || buf[at - 1] !== SP || buf.subarray(start, at - 1).includes(SP)) continue;
    const nl = buf.indexOf(NL, at);
    return [buf, start, withoutCr(buf, start, nl === -1 ? buf.length : nl), at + token.length];
  }
  return null;
}

/**
 * The writer's line before the place (short-iso: by its token), when it ends within LOOK_BACK bytes
 * of it, or null. Its start is looked for up to a whole piece (LineMax, and an envelope) further.
 */
function tokenLineBefore(at: LinePlace, token: Buffer): Before | null {
  const reach = LOOK_BACK + PIECE_SPAN;
  for (const [buf, to, after] of buffersBefore(at)) {
    if (after >= reach) return null;
    const found = tokenLineIn(buf, to, token, reach - after);
    if (found) return after + to - found[2] <= LOOK_BACK ? found : null;
  }
  return null;
}

/** A line that could be a piece journald cut: a message long enough, or (json) marked. */
function mayBePiece([buf, start, end, message]: Before): boolean {
  if (end - message >= MIN_PIECE) return true;
  return buf.subarray(start, end).includes(LINE_BREAK);
}

const sameWriter = (a: JournalEntry, b: JournalEntry, meta: StreamMeta): boolean =>
  (a.host ?? meta.host) === (b.host ?? meta.host) && a.ident === b.ident && a.pid === b.pid && a.unit === b.unit;

/** The entry is a piece journald cut: marked so (json, export), or as long as a cut leaves (either reading's window). */
export const isCutPiece = (e: JournalEntry): boolean => e.lineBreak !== undefined || cutLength(e.message, 'generic');

/**
 * Why `entry`, parsed from the line at the place, may be the rest of a line journald split (its
 * writer's line before it is a cut piece), or null. Asked only where mayFollowCutPiece is true:
 * lines before are parsed only when one of them may be a piece at all. A line that names no writer
 * (`cat`, `dcos node log`) is not judged: there any program's line reads as a component's (the
 * docs' Limits), and lines of many writers would each be taken for the next one's piece; a
 * bundle's unit log names its unit.
 */
export function followsCutPiece(entry: JournalEntry, at: LinePlace, meta: StreamMeta, parsers: ScanParsers): string | null {
  if (!namesWriter(entry)) return null;
  const parse = ([buf, start, end]: Before): JournalEntry | null => {
    // Whole: a 48 KiB piece that json prints as an array of byte values is ~150 KB long.
    const p = parsers.parseLine(decodeLine(buf, start, end, MAX_LINE_BYTES), meta);
    return p.kind === 'entry' ? p.entry : null;
  };
  const token = writerToken(at, meta);
  const found = token && tokenLineBefore(at, token);
  const before = token ? (found ? [found] : []) : linesBefore(at);
  for (const line of before) {
    const e = parse(line);
    if (!e || !sameWriter(e, entry, meta)) continue;
    return mayBePiece(line) && isCutPiece(e) ? REST_REASON : null;
  }
  return null;
}

/** The malformed reason of a record right after a cut piece of its writer. */
export const REST_REASON = `audit record right after a line of the same writer that journald cut (${MIN_PIECE} bytes or more, or _LINE_BREAK): it may be the rest of that line, fields untrusted`;

/** An entry that names its writer (an identifier or a unit): only those are judged (followsCutPiece). */
export const namesWriter = (e: JournalEntry): boolean => e.ident !== null || e.unit !== null;
