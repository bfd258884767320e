// The text inside an export stream: what follows journal export data that is no export (a file
// of export output with short-iso or json output appended) is read by the line scanner to the end
// of the stream. Export entries never start again there: a line that looks like one (`__CURSOR=`,
// `__REALTIME_TIMESTAMP=`, or a MESSAGE field holding an audit record) may be text a task or client
// chose, and an export entry names its own writer, so framing it would let that text forge a
// verified record. Such lines are read as text (unverified) and the caller says the export data
// was damaged: what they held was not checked.
import type { ChunkScanner } from './chunk-scanner.js';

const STARTS = [Buffer.from('\n__CURSOR='), Buffer.from('\n__REALTIME_TIMESTAMP=')];
const FIELDS = [Buffer.from('\nMESSAGE='), Buffer.from('\nMESSAGE\n')];
const NEEDLES = [...STARTS, ...FIELDS];
const AUDIT = Buffer.from('type=audit');
const LONGEST = Math.max(...NEEDLES.map((n) => n.length));

export interface TextPart {
  /** Scans `chunk` as text. */
  push(chunk: Buffer): void;
  end(): void;
  readonly lines: number;
  /** Lines over the cap, cut there (the line scanner's count). */
  readonly cutLines: number;
  /** This text held what looks like export data: an entry's start, or a MESSAGE field with an audit record. */
  readonly exportFields: boolean;
  /** The text's first NUL byte, from the text's start (the line scanner's), or null. */
  readonly nulAt: number | null;
  /** The line scanner's shortFrom (with `--year`). */
  readonly shortFrom?: number;
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
    push(chunk: Buffer): void {
      const b = held ? Buffer.concat([held, chunk]) : chunk;
      held = null;
      const upTo = b.length - needleTail(b);
      if (!fields && (STARTS.some((n) => b.indexOf(n) !== -1) || auditField(b, upTo))) fields = true;
      if (upTo > 0) lines.push(b.subarray(0, upTo));
      // Copied: the chunk's buffer may be reused by the source once scanned.
      held = upTo < b.length ? Buffer.from(b.subarray(upTo)) : null;
    },
    end(): void {
      if (held) lines.push(held);
      held = null;
      lines.end();
    },
    get lines() {
      return lines.lines;
    },
    get cutLines() {
      return lines.cutLines ?? 0;
    },
    get exportFields() {
      return fields;
    },
    get nulAt() {
      return lines.nulAt ?? null;
    },
    get shortFrom() {
      return lines.shortFrom;
    },
  };
}
