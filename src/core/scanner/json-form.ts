// Which json lines name their writer (docs/audit-log-forms.md). A json line's `_SYSTEMD_UNIT` is
// journald's only in json output; in other output (a `-o cat` message, a bundle's unindented
// continuation line, `dcos node log`) a line is whatever a task or client printed, a journal json
// object with the unit of its choice included. So a stream's first line sets its json form
// (meta.jsonForm), a line of another form ends it for the rest of the stream, and a json line
// outside it is unverified (journal/line.ts): as export, framed only from a stream's start.
import type { JsonForm, StreamMeta } from '../types.js';
import { NL } from './bytes.js';

const CR = 0x0d;
const RS = 0x1e;
const LBRACE = 0x7b;
const SSE = Buffer.from('data: {');

/** The json form the line [p, e) is printed in (as parseLine tells it by its first bytes), or null. */
function formAt(seg: Buffer, p: number, e: number): JsonForm | null {
  const b = seg[p];
  if (b === LBRACE) return 'json';
  if (b === RS) return 'json-seq';
  return e - p >= SSE.length && seg.compare(SSE, 0, SSE.length, p, p + SSE.length) === 0 ? 'json-sse' : null;
}

/**
 * A watcher fed the stream's whole lines in order (the last may lack its `\n` at the stream's end),
 * before any of them is parsed. It returns false once meta.jsonForm is null: a stream not of json
 * is done at its first line, so only json streams pay a step per line. Empty lines (json-sse
 * separates its entries with them) are of no form.
 */
export function jsonFormWatch(meta: StreamMeta): ((seg: Buffer) => boolean) | null {
  if (meta.jsonForm === null) return null;
  return (seg) => {
    for (let p = 0; p < seg.length; ) {
      let e = seg.indexOf(NL, p);
      if (e === -1) e = seg.length;
      if (e > p && !(e === p + 1 && seg[p] === CR)) {
        const form = formAt(seg, p, e);
        if (meta.jsonForm === undefined) meta.jsonForm = form;
        else if (form !== meta.jsonForm) meta.jsonForm = null;
        if (meta.jsonForm === null) return false;
      }
      p = e + 1;
    }
    return true;
  };
}
