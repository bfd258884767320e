// `journalctl -o export` (the Journal Export Format): blocks of `KEY=value\n` lines ended by an empty
// line; a field holding a newline or binary data is `KEY\n` + uint64 LE length + raw bytes + `\n`.
// The decoder is fed raw chunks whose boundaries fall anywhere and keeps at most one field buffered.
import { MAX_LINE_BYTES, type JournalEntry, type StreamMeta } from '../types.js';
import { decodeBytes } from './utf8.js';

/** An entry, with `at`, its number among the stream's entries (1 for the first, accepted or not). */
export type ExportRecord = { kind: 'entry'; entry: JournalEntry; at: number } | { kind: 'bad'; why: string };

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

  function bad(why: string): void {
    out.push({ kind: 'bad', why });
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
      unit: s('_SYSTEMD_UNIT') ?? meta.unit,
      pid: pid && /^\d+$/.test(pid) ? Number(pid) : null,
      message: decodeBytes(msg, 0, msg.length),
      cursor: s('__CURSOR'),
    };
    const lineBreak = s('_LINE_BREAK'); // a line journald did not see end (audit/cut.ts)
    if (lineBreak !== null) entry.lineBreak = lineBreak;
    out.push({ kind: 'entry', entry, at: count });
  }

  function onLine(line: Buffer): void {
    if (line.length === 0) return finishEntry();
    const eq = line.indexOf(61 /* = */);
    if (eq < 0) {
      mode = { m: 'len', key: line.toString('latin1') }; // binary field name
      return;
    }
    setField(line.toString('latin1', 0, eq), line.subarray(eq + 1));
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
              bad(`export field line over ${MAX_LINE_BYTES} bytes skipped`);
              mode = { m: 'skipline' };
            }
            if (mode.m === 'skipline') pos = buf.length;
            buf = buf.subarray(pos);
            return;
          }
          if (mode.m === 'skipline') mode = { m: 'line' };
          else if (nl - pos > MAX_LINE_BYTES) bad(`export field line over ${MAX_LINE_BYTES} bytes skipped`);
          else onLine(buf.subarray(pos, nl));
          pos = nl + 1;
          break;
        }
        case 'len': {
          if (buf.length - pos < 8) {
            buf = buf.subarray(pos);
            return;
          }
          const len = buf.readBigUInt64LE(pos);
          pos += 8;
          if (len > BigInt(MAX_LINE_BYTES)) {
            if (len > 1n << 40n) {
              // Not a plausible length: the stream is corrupt. Resynchronise on the next line.
              bad('export binary field with an impossible length: input corrupt');
              mode = { m: 'skipline' };
            } else {
              bad(`export binary field ${mode.key} of ${len} bytes over the ${MAX_LINE_BYTES}-byte cap skipped`);
              mode = { m: 'skipdata', left: Number(len) };
            }
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
          if (buf[pos] !== 10) bad('export binary field not followed by a newline');
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
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      drain();
      return take();
    },
    end(): ExportRecord[] {
      if (mode.m === 'line' && buf.length > 0) onLine(buf);
      else if (mode.m === 'len' || mode.m === 'data' || mode.m === 'skipdata') bad('export input ends inside a binary field');
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
