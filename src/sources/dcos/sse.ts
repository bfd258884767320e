// Server-Sent Events as the logging API's stream sends them: `id: <cursor>` and `data: <entry>`
// per event, a blank line after each, `: ping` comments while idle. An event counts only once its
// blank line arrived: a connection cut in the middle of one leaves it for the resume to send again.

import { MAX_LINE_BYTES } from '../../core/types.js';

export interface SseEvent {
  id: string | null;
  data: string;
  /** Past the size cap (a data line cut by the line splitter, or data over MAX_EVENT_CHARS): only its id is of use. */
  cut?: true;
}

/** An event bigger than this is not a journal entry the scanner could use (it reads lines of MAX_LINE_BYTES): never buffered further. */
const MAX_EVENT_CHARS = MAX_LINE_BYTES;

/**
 * A field name as event streams write them. The format ignores fields it does not know (a proxy or a
 * newer server may add one); a line whose "field" is no such name (NDJSON's `{"fields"`, a proxy's
 * text) is no event stream.
 */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** The format's own fields: a line of a bare word (no colon) counts only as one of these (`Unauthorized` is text). */
const FIELDS = new Set(['data', 'id', 'event', 'retry']);

export class SseParser {
  private id: string | null = null;
  private data: string[] = [];
  private size = 0;
  private cut = false;
  /** The id of the last complete event: where a reconnect resumes (`Last-Event-ID`). */
  lastId: string | null = null;
  /** The first line that is no event-stream line (e.g. an NDJSON entry), or null: the caller fails the stream on it. */
  foreign: Buffer | null = null;

  /**
   * Feed complete lines (no newline; a trailing CR is ignored); returns the events they completed.
   * `wasCut`: the line is only the end of one over the line cap (its field name is gone): its event is cut.
   * Stops at a foreign line (see `foreign`).
   */
  lines(lines: Iterable<Buffer>, wasCut: (line: Buffer) => boolean = () => false): SseEvent[] {
    const out: SseEvent[] = [];
    for (const raw of lines) {
      if (wasCut(raw)) {
        this.cut = true;
        continue;
      }
      const line = raw.length && raw[raw.length - 1] === 0x0d ? raw.subarray(0, -1) : raw;
      if (line.length === 0) {
        if (this.data.length || this.cut) {
          const ev: SseEvent = { id: this.id, data: this.data.join('\n') };
          if (this.cut) ev.cut = true;
          if (ev.id !== null) this.lastId = ev.id;
          out.push(ev);
        }
        this.reset();
        continue;
      }
      if (line[0] === 0x3a) continue; // `: ping`
      const text = line.toString('utf8');
      const colon = text.indexOf(':');
      const field = colon < 0 ? text : text.slice(0, colon);
      if (colon < 0 ? !FIELDS.has(field) : !FIELD_NAME.test(field)) {
        this.foreign = line;
        return out;
      }
      let value = colon < 0 ? '' : text.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') {
        this.size += value.length;
        if (this.size <= MAX_EVENT_CHARS) this.data.push(value);
        else this.cut = true;
      }
      else if (field === 'id' && !value.includes('\0')) this.id = value;
      // `event`, `retry`, fields of others: nothing the logging API sends that matters here.
    }
    return out;
  }

  /** A new connection: a half-received event is forgotten (the resume sends it again). */
  reset(): void {
    this.id = null;
    this.data = [];
    this.size = 0;
    this.cut = false;
  }
}
