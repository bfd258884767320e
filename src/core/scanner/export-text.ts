// The text inside an export stream: what follows journal export data that is no export (a file
// of export output with short-iso or json output appended) is read by the line scanner, until a
// line starts an export entry again (`__CURSOR=`, or `__REALTIME_TIMESTAMP=` with cursors off).
// An export MESSAGE field (`MESSAGE=…`, or `MESSAGE` and binary data) holding an audit record in
// that text is export data that could not be framed: the caller says so (read as text, its audit
// line is only unverified).
import type { ChunkScanner } from './chunks.js';

const RESUME = [Buffer.from('\n__CURSOR='), Buffer.from('\n__REALTIME_TIMESTAMP=')];
const FIELDS = [Buffer.from('\nMESSAGE='), Buffer.from('\nMESSAGE\n')];
const NEEDLES = [...RESUME, ...FIELDS];
const AUDIT = Buffer.from('type=audit');
const LONGEST = Math.max(...NEEDLES.map((n) => n.length));

export interface TextPart {
  /** Scans `chunk` as text; returns the bytes from a resumed export entry on (not scanned), or null. */
  push(chunk: Buffer): Buffer | null;
  end(): void;
  readonly lines: number;
  /** This text held an export MESSAGE field with an audit record. */
  readonly exportFields: boolean;
}

/** Length of the tail of `b` that may begin a needle cut by the chunk's end (it starts with `\n`). */
function needleTail(b: Buffer): number {
  const from = Math.max(0, b.length - LONGEST + 1);
  for (let i = b.indexOf(10, from); i >= 0; i = b.indexOf(10, i + 1)) {
    const tail = b.subarray(i);
    if (NEEDLES.some((n) => n.subarray(0, tail.length).equals(tail))) return tail.length;
  }
  return 0;
}

/**
 * Whether `b` before `end` holds a MESSAGE field whose line (the line after, for binary data)
 * holds an audit record, or may (the line goes on past `b`'s end).
 */
function auditField(b: Buffer, end: number): boolean {
  for (const f of FIELDS) {
    for (let i = b.indexOf(f); i >= 0 && i < end; i = b.indexOf(f, i + 1)) {
      const from = i + f.length;
      const nl = b.indexOf(10, from);
      if (nl < 0) return true;
      const a = b.indexOf(AUDIT, from);
      if (a >= 0 && a < nl) return true;
    }
  }
  return false;
}

/** `lines`: the text's line scanner. The text starts at a line that is no export field. */
export function createTextPart(lines: ChunkScanner): TextPart {
  let held: Buffer | null = null;
  let fields = false;
  return {
    push(chunk: Buffer): Buffer | null {
      const b = held ? Buffer.concat([held, chunk]) : chunk;
      held = null;
      let at = -1;
      for (const n of RESUME) {
        const i = b.indexOf(n);
        if (i >= 0 && (at < 0 || i < at)) at = i;
      }
      if (!fields && auditField(b, at >= 0 ? at : b.length)) fields = true;
      const upTo = at >= 0 ? at + 1 : b.length - needleTail(b);
      if (upTo > 0) lines.push(b.subarray(0, upTo));
      if (at >= 0) return b.subarray(at + 1);
      // Copied: the chunk's buffer may be reused by the source once scanned.
      held = upTo < b.length ? Buffer.from(b.subarray(upTo)) : null;
      return null;
    },
    end(): void {
      if (held) lines.push(held);
      held = null;
      lines.end();
    },
    get lines() {
      return lines.lines;
    },
    get exportFields() {
      return fields;
    },
  };
}
