// `journalctl -o export` (the Journal Export Format): blocks of `KEY=value\n` lines ended by an empty
// line; a field holding a newline or binary data is `KEY\n` + uint64 LE length + raw bytes + `\n`.
// The decoder is fed raw chunks whose boundaries fall anywhere and keeps at most one field buffered.
// Saved files may differ from what journalctl wrote: a UTF-8 BOM is skipped, CRLF line ends (a
// first line ending in \r\n: the file went through Windows) are read as \n everywhere, binary data
// included (the inverse of unix2dos), and a line that is no export field ends the export part: the
// rest is handed back as text (`text`), said to be damage when it cuts an audit record's entry.
import { MAX_LINE_BYTES, type JournalEntry, type StreamMeta } from '../types.js';
import { entryUnit } from './unit.js';
import { decodeBytes } from './utf8.js';
import { bomLength } from './sniff.js';

/**
 * An entry, with `at`, its number among the stream's entries (1 for the first, accepted or not);
 * `bad`: an entry or field not kept, the framing intact; `damaged`: the framing broke, so what
 * some bytes held was not read; `text`: the export part ended: `rest` (from the first line that is
 * no export field on) is not export, `damaged` set when that line cut an audit entry (the last record:
 * the decoder reads nothing more).
 */
export type ExportRecord =
  | { kind: 'entry'; entry: JournalEntry; at: number }
  /** `cut`: a field over the line cap, skipped (the scan's `long-lines-cut`: what it held was not read). */
  | { kind: 'bad'; why: string; cut?: true }
  | { kind: 'damaged'; why: string }
  | { kind: 'text'; rest: Buffer; damaged: string | null };

export interface ExportDecoderOptions {
  /**
   * Called with the raw MESSAGE bytes of each entry before anything is decoded; return false to drop
   * the entry (the scanner passes a `Buffer.indexOf` needle test so it never decodes other entries).
   * `lineBreak`: the entry has `_LINE_BREAK` (the scanner looks at what follows a split line).
   */
  accept?: (message: Buffer, lineBreak: boolean) => boolean;
}

export interface ExportDecoder {
  push(chunk: Buffer): ExportRecord[];
  /** Flush at end of input: an entry without its closing blank line is still emitted. */
  end(): ExportRecord[];
  /** Entries (blocks) seen so far, accepted or not: the scanner's line count for this stream. */
  readonly entries: number;
}

const KNOWN = new Set(['MESSAGE', '__REALTIME_TIMESTAMP', '_HOSTNAME', '_SYSTEMD_UNIT', 'SYSLOG_IDENTIFIER', '_COMM', '_PID', '__CURSOR', '_LINE_BREAK']);
const EMPTY = Buffer.alloc(0);
const CRLF = Buffer.from('\r\n');
/** Bytes looked at for the first line's end (CRLF or not): a __CURSOR line is ~150 bytes. */
const FIRST_LINE_BYTES = 64 * 1024;
/** Not a field length journalctl writes: text (or corruption) read as eight length bytes. */
const IMPOSSIBLE_LENGTH = 1n << 40n;

/** A journal field name as journald allows it (upper case, digits, `_`; no leading digit). */
function fieldName(b: Buffer): boolean {
  if (b.length === 0 || b.length > 255 || (b[0]! >= 0x30 && b[0]! <= 0x39)) return false;
  for (const c of b) if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f)) return false;
  return true;
}

type Mode =
  | { m: 'line' }
  | { m: 'skipline' } // a field line over the cap: drop bytes up to the next \n
  | { m: 'len'; key: string } // binary field: waiting for the 8 length bytes
  | { m: 'data'; key: string; left: number; parts: Buffer[] } // collecting (parts = [] when skipping)
  | { m: 'skipdata'; left: number }
  | { m: 'nl' }; // the \n after binary data

export function createExportDecoder(meta: StreamMeta, opts: ExportDecoderOptions = {}): ExportDecoder {
  let buf: Buffer = EMPTY;
  let mode: Mode = { m: 'line' };
  let fields = new Map<string, Buffer>();
  let hasFields = false;
  let count = 0;
  let out: ExportRecord[] = [];
  /** CRLF line ends: null until the first line ended; `head` holds the bytes until then. */
  let crlf: boolean | null = null;
  let head: Buffer = EMPTY;
  /** CRLF mode: a chunk ended in \r (its \n, if any, comes with the next chunk). */
  let crHeld = false;
  /** The export part ended (`text` was emitted): nothing more is read. */
  let left = false;

  function bad(why: string, cut = false): void {
    out.push(cut ? { kind: 'bad', why, cut } : { kind: 'bad', why });
  }

  function damaged(why: string): void {
    out.push({ kind: 'damaged', why });
  }

  /**
   * The export part ends at `rest`. An entry it cuts is dropped, never emitted: the fields it lost
   * may be what verifies it (journald writes _SYSTEMD_UNIT after MESSAGE), and the line that cut it
   * is of unknown origin. Dropping an audit record is damage, said as such.
   */
  function leave(rest: Buffer, why: string): void {
    const audit = hasFields && (fields.get('MESSAGE')?.includes('type=audit') ?? false);
    const cut = audit ? `export entry ${count + 1} (an audit record) is cut: ${why}` : null;
    if (hasFields) {
      count++;
      fields = new Map();
      hasFields = false;
    }
    left = true;
    buf = EMPTY;
    out.push({ kind: 'text', rest, damaged: cut });
  }

  /** \r\n → \n (CRLF mode), a trailing \r kept for the next chunk. */
  function unCrlf(chunk: Buffer): Buffer {
    const b = crHeld ? Buffer.concat([Buffer.from([13]), chunk]) : chunk;
    crHeld = b[b.length - 1] === 13;
    const body = crHeld ? b.subarray(0, -1) : b;
    const parts: Buffer[] = [];
    let p = 0;
    for (let i = body.indexOf(CRLF); i >= 0; i = body.indexOf(CRLF, p)) {
      parts.push(body.subarray(p, i));
      p = i + 1; // keep the \n
    }
    if (parts.length === 0) return body;
    parts.push(body.subarray(p));
    return Buffer.concat(parts);
  }

  /** The bytes to frame, once the first line says whether line ends are CRLF (null: not known yet). */
  function input(chunk: Buffer, final: boolean): Buffer | null {
    if (crlf === null) {
      head = head.length ? Buffer.concat([head, chunk]) : chunk;
      const nl = head.indexOf(10);
      if (nl < 0 && head.length < FIRST_LINE_BYTES && !final) return null;
      crlf = nl > 0 && head[nl - 1] === 13;
      chunk = head.subarray(bomLength(head));
      head = EMPTY;
    }
    return crlf ? unCrlf(chunk) : chunk;
  }

  function setField(key: string, value: Buffer): void {
    hasFields = true;
    if (KNOWN.has(key) && !fields.has(key)) fields.set(key, Buffer.from(value)); // copy: chunks are not ours
  }

  function finishEntry(): void {
    if (!hasFields) return;
    count++;
    const f = fields;
    fields = new Map();
    hasFields = false;
    const msg = f.get('MESSAGE');
    if (!msg) return bad('export entry without MESSAGE');
    if (opts.accept && !opts.accept(msg, f.has('_LINE_BREAK'))) return;
    const s = (k: string): string | null => f.get(k)?.toString('utf8') ?? null;
    const rt = s('__REALTIME_TIMESTAMP');
    const pid = s('_PID');
    const entry: JournalEntry = {
      envelope: 'export',
      time: rt && /^\d{4,19}$/.test(rt) ? Number(rt.slice(0, -3)) : null,
      host: s('_HOSTNAME') ?? meta.host,
      ident: s('SYSLOG_IDENTIFIER') ?? s('_COMM'),
      unit: entryUnit(meta, s('_SYSTEMD_UNIT')),
      pid: pid && /^\d+$/.test(pid) ? Number(pid) : null,
      message: decodeBytes(msg, 0, msg.length),
      cursor: s('__CURSOR'),
    };
    const lineBreak = s('_LINE_BREAK'); // a line journald did not see end (audit/cut.ts)
    if (lineBreak !== null) entry.lineBreak = lineBreak;
    out.push({ kind: 'entry', entry, at: count });
  }

  /** One field line; false when it is no export field (the caller leaves the export part there). */
  function onLine(line: Buffer): boolean {
    if (line.length === 0) {
      finishEntry();
      return true;
    }
    const eq = line.indexOf(61 /* = */);
    if (!fieldName(eq < 0 ? line : line.subarray(0, eq))) return false;
    if (eq < 0) mode = { m: 'len', key: line.toString('latin1') }; // binary field name
    else setField(line.toString('latin1', 0, eq), line.subarray(eq + 1));
    return true;
  }

  function drain(): void {
    let pos = 0;
    while (pos < buf.length) {
      switch (mode.m) {
        case 'line':
        case 'skipline': {
          const nl = buf.indexOf(10, pos);
          if (nl < 0) {
            if (mode.m === 'line' && buf.length - pos > MAX_LINE_BYTES) {
              bad(`export field line over ${MAX_LINE_BYTES} bytes skipped`, true);
              mode = { m: 'skipline' };
            }
            if (mode.m === 'skipline') pos = buf.length;
            buf = buf.subarray(pos);
            return;
          }
          if (mode.m === 'skipline') mode = { m: 'line' };
          else if (nl - pos > MAX_LINE_BYTES) bad(`export field line over ${MAX_LINE_BYTES} bytes skipped`, true);
          else if (!onLine(buf.subarray(pos, nl))) return leave(buf.subarray(pos), 'a line that is no export field follows its fields');
          pos = nl + 1;
          break;
        }
        case 'len': {
          if (buf.length - pos < 8) {
            buf = buf.subarray(pos);
            return;
          }
          const len = buf.readBigUInt64LE(pos);
          if (len > IMPOSSIBLE_LENGTH) {
            // No length: the name line was a line of text (a word alone), or the data is corrupt.
            return leave(Buffer.concat([Buffer.from(`${mode.key}\n`, 'latin1'), buf.subarray(pos)]), `its binary field ${mode.key} has an impossible length`);
          }
          pos += 8;
          if (len > BigInt(MAX_LINE_BYTES)) {
            bad(`export binary field ${mode.key} of ${len} bytes over the ${MAX_LINE_BYTES}-byte cap skipped`, true);
            mode = { m: 'skipdata', left: Number(len) };
          } else {
            mode = { m: 'data', key: mode.key, left: Number(len), parts: [] };
          }
          break;
        }
        case 'data':
        case 'skipdata': {
          const take = Math.min(mode.left, buf.length - pos);
          if (mode.m === 'data') mode.parts.push(buf.subarray(pos, pos + take));
          mode.left -= take;
          pos += take;
          if (mode.left === 0) {
            if (mode.m === 'data') setField(mode.key, Buffer.concat(mode.parts));
            mode = { m: 'nl' };
          } else if (mode.m === 'data') {
            // Keep the collected bytes (copy: the chunk belongs to the caller) and wait for more.
            mode.parts = [Buffer.concat(mode.parts)];
          }
          break;
        }
        case 'nl': {
          if (buf[pos] !== 10) damaged(`export entry ${count + 1} is damaged: a binary field is not followed by a newline`);
          else pos++;
          mode = { m: 'line' };
          break;
        }
      }
    }
    buf = EMPTY;
  }

  function take(): ExportRecord[] {
    const r = out;
    out = [];
    return r;
  }

  return {
    push(chunk: Buffer): ExportRecord[] {
      if (left) return [];
      const bytes = input(chunk, false);
      if (bytes === null) return [];
      buf = buf.length ? Buffer.concat([buf, bytes]) : bytes;
      drain();
      return take();
    },
    end(): ExportRecord[] {
      if (left) return [];
      if (crlf === null) {
        const bytes = input(EMPTY, true);
        if (bytes !== null && bytes.length > 0) {
          buf = buf.length ? Buffer.concat([buf, bytes]) : bytes;
          drain();
          if (left) return take();
        }
      }
      if (crHeld) buf = Buffer.concat([buf, Buffer.from([13])]);
      if (mode.m === 'line' && buf.length > 0) {
        if (!onLine(buf)) {
          leave(buf, 'a line that is no export field follows its fields');
          return take();
        }
      } else if (mode.m === 'len' || mode.m === 'data' || mode.m === 'skipdata') damaged(`export entry ${count + 1} is cut: the input ends inside a binary field`);
      buf = EMPTY;
      mode = { m: 'line' };
      finishEntry();
      return take();
    },
    get entries() {
      return count;
    },
  };
}
