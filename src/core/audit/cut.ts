// Records journald may have cut: a Mesos or generic logfmt record is trusted by its whole shape
// (every token `key=value`, no key twice), and a cut removes the part that would break that shape.
// A client's text that ends a record early (Mesos's `agent` is the client's User-Agent) then reads
// as the record's own fields. So a record that may have been cut is malformed, never a decision
// (docs/audit-log-forms.md, "Records journald may have cut").
//
// journald reads a service's output in lines. One that does not end within its buffer is stored as
// it stands, and the rest as the next entry:
// - before systemd 235 (CentOS 7) the buffer is LINE_MAX, 2048 bytes: the first piece holds the
//   line's first 2048 bytes. journald then strips whitespace at both ends of each piece, and a
//   leading `<N>` priority (SyslogLevelPrefix=, on by default: `<0>`…`<7>`, `<07>`, `<007>`, 3 to 5
//   bytes). The piece that starts a record is therefore 2048 bytes, less that priority (not for
//   Mesos: its lines start with glog's level letter) and less the whitespace stripped at the cut.
//   Mesos and the components read generically separate fields with one space and write no other
//   whitespace outside a quoted value (a cut inside a quoted value leaves it unterminated, which is
//   refused too), so at most one byte goes there: a cut Mesos message is 2047 or 2048 bytes long, a
//   generic one 2042 to 2048.
// - from systemd 235 the limit is LineMax= (48 KiB by default): the same window below it is
//   refused. json and export entries also carry `_LINE_BREAK=` for any line not ended by a newline.
// A run of spaces a client put outside quotes (an unescaped `"` first) can make a cut piece shorter
// still, and no reading of one record sees that: the docs' Limits say so.
import type { JournalEntry } from '../types.js';

/** journald's line buffer before systemd 235 (LINE_MAX). */
export const OLD_LINE_MAX = 2048;
/** journald's default LineMax= from systemd 235. */
export const LINE_MAX_DEFAULT = 48 * 1024;
/** Bytes of a cut piece journald may have removed: one separator space, and for generic records a `<N>` priority of up to 5 bytes. */
const SLACK = { Mesos: 1, generic: 6 } as const;

/** The smallest length (bytes) of a Mesos message journald may have cut: lines at least this long are left to the parser. */
export const MESOS_CUT_MIN = OLD_LINE_MAX - SLACK.Mesos;

export type CutReading = keyof typeof SLACK;

/** `\xNN`: how the journal readers write a byte that is not valid UTF-8 (journal/utf8.ts). */
const BYTE_ESCAPE = /\\x[0-9a-fA-F]{2}/g;

/** Whether [lo, hi] holds a length journald cuts at, less the slack. */
const inWindow = (lo: number, hi: number, slack: number): boolean =>
  (lo <= OLD_LINE_MAX && hi >= OLD_LINE_MAX - slack) || (lo <= LINE_MAX_DEFAULT && hi >= LINE_MAX_DEFAULT - slack);

/**
 * Whether the message's length in bytes, as journald stored it, is one a cut leaves. The text is
 * UTF-8 as read, except that each byte that was not valid UTF-8 reads as the four characters
 * `\xNN`, or as U+FFFD (json written by Go): those may be one byte each, so the length is a range
 * when the text holds any.
 */
export function cutLength(message: string, what: CutReading): boolean {
  const slack = SLACK[what];
  // UTF-16 units are 1 to 3 bytes of UTF-8 each (a surrogate pair, two units, is 4): most records are far shorter.
  if (message.length * 3 < OLD_LINE_MAX - slack) return false;
  const bytes = Buffer.byteLength(message, 'utf8');
  if (inWindow(bytes, bytes, slack)) return true;
  const escapes = message.includes('\\x') ? (message.match(BYTE_ESCAPE)?.length ?? 0) : 0;
  // A U+FFFD (3 bytes) may stand for one invalid byte that a writer of json (the logging API's Go
  // encoder) replaced: then the stored text was shorter.
  const replaced = message.includes('\ufffd') ? message.split('\ufffd').length - 1 : 0;
  return escapes + replaced > 0 && inWindow(bytes - 3 * escapes - 2 * replaced, bytes, slack);
}

/** Why a record read by key may have been cut, or null. `unterminated`: a quoted value ran to the end of the text. */
export function cutReason(entry: JournalEntry, what: CutReading, unterminated: boolean): string | null {
  const why = unterminated
    ? 'a quoted value runs to the end of the message'
    : entry.lineBreak
      ? `journald split the line (_LINE_BREAK=${entry.lineBreak.slice(0, 32)})`
      : cutLength(entry.message, what)
        ? `its length is that of a line journald split at ${OLD_LINE_MAX} bytes (before systemd 235) or at its default LineMax`
        : null;
  return why === null ? null : `cut record: fields untrusted (${why})`;
}
