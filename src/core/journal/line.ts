// One saved log line → a journal entry. The envelope is detected per line from its first bytes,
// because a file may be several saves of different forms concatenated; a json line's writer fields
// count only where the stream's json form says so (StreamMeta.jsonForm).
import type { EnvelopeKind, JournalEntry, JsonForm, StreamMeta } from '../types.js';
import { parseJsonLine } from './json.js';
import { bundleStamp, colonStamp } from './prefixed.js';
import { fullStamp, isoStamp, syslogTail, unixStamp, type Stamp } from './short.js';
import { shortLineStamp } from './short-year.js';
import { entryUnit } from './unit.js';

/** `header`: nothing to read (journalctl header lines such as `-- Reboot --`, and empty lines). */
export type ParsedLine = { kind: 'entry'; entry: JournalEntry } | { kind: 'header' } | { kind: 'bad'; why: string };

const HEADER = { kind: 'header' } as const;

function entry(envelope: EnvelopeKind, time: number | null, meta: StreamMeta, message: string,
  host: string | null = null, ident: string | null = null, unit: string | null = null, pid: number | null = null): ParsedLine {
  // Host falls back to what the stream knows (bundle folder, ssh host); a bundle entry's unit wins.
  return { kind: 'entry', entry: { envelope, time, host: host ?? meta.host, ident, unit: entryUnit(meta, unit), pid, message, cursor: null } };
}

function cat(line: string, meta: StreamMeta): ParsedLine {
  return entry('cat', null, meta, line);
}

/** journalctl's own lines: `-- Logs begin at … --`, `-- Journal begins at …`, `-- Reboot --`, `-- No entries --`, `-- Boot … --`. */
export function isHeaderLine(line: string): boolean {
  if (!line.startsWith('-- ')) return false;
  return line.endsWith(' --') || line.startsWith('-- Journal begins at') || line.startsWith('-- Logs begin at');
}

/** An indented continuation of the previous entry's multi-line message (append it with `\n`). */
export function isContinuationLine(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 32 || c === 9;
}

function shortEntry(line: string, st: Stamp, meta: StreamMeta): ParsedLine | null {
  const tail = syslogTail(line, st.end);
  if (!tail) return null;
  const kind = st.kind === 'short-full' && tail.unit ? 'with-unit' : st.kind;
  return entry(kind, st.time, meta, tail.message, tail.host, tail.ident, tail.unit, tail.pid);
}

export const NOT_FIRST = 'entry after lines of another form (json is read only in a stream that starts with it): its fields, _SYSTEMD_UNIT included, may be text a task or client printed';

/**
 * A json line names its writer only in a stream of that json form from its start (meta.jsonForm,
 * set by the line scanner): elsewhere it may be a message's text, so it is marked `untrusted`, and
 * one that does not parse is that text (cat), not a cut journal entry.
 */
function jsonEntry(body: string, line: string, meta: StreamMeta, form: JsonForm): ParsedLine {
  const r = parseJsonLine(body, meta);
  const trusted = meta.jsonForm === undefined || meta.jsonForm === form;
  if ('entry' in r) {
    if (!trusted) r.entry.untrusted = `${form} ${NOT_FIRST}`;
    return { kind: 'entry', entry: r.entry };
  }
  if ('bad' in r && trusted) return { kind: 'bad', why: r.bad };
  return cat(line, meta);
}

function detect(line: string, meta: StreamMeta): ParsedLine {
  const c0 = line.charCodeAt(0);
  if (c0 === 123 /* { */) return jsonEntry(line, line, meta, 'json');
  if (c0 === 0x1e) return jsonEntry(line.slice(1), line, meta, 'json-seq');
  if (c0 === 100 && line.startsWith('data: {')) return jsonEntry(line.slice(6), line, meta, 'json-sse');
  if (c0 >= 48 && c0 <= 57) {
    if (line.charCodeAt(4) === 45) {
      const c10 = line.charCodeAt(10);
      if (c10 === 84) {
        const st = isoStamp(line);
        return (st && shortEntry(line, st, meta)) ?? cat(line, meta);
      }
      if (c10 === 32) {
        const legacy = meta.envelope === 'bundle' || meta.envelope === 'bundle-legacy';
        const p = line.charCodeAt(19) === 58 ? colonStamp(line, legacy) : bundleStamp(line);
        return p ? entry(p.kind, p.time, meta, line.slice(p.end)) : cat(line, meta);
      }
      return cat(line, meta);
    }
    const st = unixStamp(line);
    return (st && shortEntry(line, st, meta)) ?? cat(line, meta);
  }
  if (c0 >= 65 && c0 <= 90) {
    const st = line.charCodeAt(4) >= 48 && line.charCodeAt(4) <= 57 && line.charCodeAt(8) === 45
      ? fullStamp(line)
      : shortLineStamp(line, meta);
    return (st && shortEntry(line, st, meta)) ?? cat(line, meta);
  }
  if (c0 === 45 && isHeaderLine(line)) return HEADER;
  return cat(line, meta);
}

/**
 * Envelopes whose message parseLine takes as a tail of the line (`line.slice(k)`): the message's
 * characters are then the line's last ones. Json lines are not (their message is decoded from a
 * string field), nor are export records (no line at all). A list, not an exception: a new
 * envelope is left out until it is known to keep the message as a tail.
 */
const TAIL_MESSAGE: ReadonlySet<EnvelopeKind> = new Set<EnvelopeKind>([
  'short', 'short-precise', 'short-iso', 'short-iso-precise', 'short-full', 'short-unix', 'with-unit',
  'cat', 'dcos-node-log', 'bundle', 'bundle-legacy',
]);

export const messageIsTail = (kind: EnvelopeKind): boolean => TAIL_MESSAGE.has(kind);

/**
 * Parse one line (without its `\n`; a trailing `\r` is dropped). `meta.envelope` forces `cat`, and
 * makes bundle forms preferred, but a line of another recognisable form is still read as that form
 * (DC/OS 1.8 bundles hold plain journalctl output). Lines of no known form are `cat` entries.
 */
export function parseLine(line: string, meta: StreamMeta): ParsedLine {
  if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
  if (line.length === 0) return HEADER;
  let r: ParsedLine | null = null;
  if (meta.envelope === 'cat') r = cat(line, meta);
  else if (meta.envelope === 'bundle') {
    const p = bundleStamp(line);
    if (p) r = entry(p.kind, p.time, meta, line.slice(p.end));
  }
  r ??= detect(line, meta);
  if (r.kind === 'entry') r.entry.raw = line;
  return r;
}
