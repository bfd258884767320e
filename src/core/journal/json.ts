// `journalctl -o json` (and json-seq / json-sse) lines: one object per line.
import type { JournalEntry, StreamMeta } from '../types.js';
import { entryUnit } from './unit.js';
import { decodeUtf8Escaped } from './utf8.js';

export type JsonResult = { entry: JournalEntry } | { bad: string } | { notJournal: true };

/**
 * A journal field as a string: strings, byte arrays (journalctl prints a value that is not valid
 * UTF-8 or holds control characters as its bytes; invalid UTF-8 comes back as `\xNN`), or the
 * first of repeated values.
 */
function text(v: unknown): string | null | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '';
    if (typeof v[0] === 'number') {
      for (const b of v) if (typeof b !== 'number' || !(b >= 0 && b <= 255) || !Number.isInteger(b)) return undefined;
      return decodeUtf8Escaped(Uint8Array.from(v as number[]));
    }
    return text(v[0]); // a field with several values: journalctl prints an array of them
  }
  if (v === null) return null;
  return undefined; // wrong type
}

function microsToMs(v: unknown): number | null {
  const s = text(v);
  if (!s || !/^\d{1,19}$/.test(s)) return null;
  // µs since the epoch stay far below 2^53 until the year 2255; dropping the last 3 digits is exact.
  return s.length > 3 ? Number(s.slice(0, -3)) : 0;
}

/** Parse the JSON text of one line (prefix already removed). */
export function parseJsonLine(body: string, meta: StreamMeta): JsonResult {
  let obj: unknown;
  try {
    obj = JSON.parse(body);
  } catch {
    // A cut or corrupt journal object, or just a message that starts with `{`.
    return body.includes('"MESSAGE"') || body.includes('"__CURSOR"') ? { bad: 'invalid JSON journal entry (cut line?)' } : { notJournal: true };
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return { notJournal: true };
  const o = obj as Record<string, unknown>;
  if (!('MESSAGE' in o)) {
    if ('__CURSOR' in o || '__REALTIME_TIMESTAMP' in o || '_HOSTNAME' in o) return { bad: 'journal entry without MESSAGE' };
    return { notJournal: true };
  }
  const message = text(o.MESSAGE);
  if (message === null) return { bad: 'MESSAGE is null (journalctl drops fields over 4096 bytes unless --all)' };
  if (message === undefined) return { bad: 'MESSAGE has the wrong type' };
  const pidText = text(o._PID);
  const pid = pidText && /^\d+$/.test(pidText) ? Number(pidText) : null;
  const entry: JournalEntry = {
    envelope: 'json',
    time: microsToMs(o.__REALTIME_TIMESTAMP),
    host: text(o._HOSTNAME) ?? meta.host,
    ident: text(o.SYSLOG_IDENTIFIER) ?? text(o._COMM) ?? null,
    unit: entryUnit(meta, text(o._SYSTEMD_UNIT)),
    pid,
    message,
    cursor: text(o.__CURSOR) ?? null,
  };
  // journald names a line it did not see end with a newline (cut at LineMax=, a NUL, …): audit/cut.ts.
  if (o._LINE_BREAK !== undefined) entry.lineBreak = text(o._LINE_BREAK) ?? 'unknown';
  return { entry };
}
