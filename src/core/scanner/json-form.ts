// Which json lines name their writer (docs/audit-log-forms.md). A json line's `_SYSTEMD_UNIT` is
// journald's only in json output; in other output (a `-o cat` message, a bundle's unindented
// continuation line, `dcos node log`) a line is whatever a task or client printed, a journal json
// object with the unit of its choice included. So a stream's first line sets its json form
// (meta.jsonForm), a line of another form ends it for the rest of the stream (chunks.ts reads the
// lines before that one first), and a json line outside it is unverified (journal/line.ts): as
// export, framed only from a stream's start.
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
 * before any of them is parsed. It sets meta.jsonForm from the stream's first line when that is
 * json, and returns where the json form ends in `seg` (the first line of another form: the caller
 * reads the lines before it first, then sets meta.jsonForm to null and stops watching), or -1 when
 * it holds through `seg`. A stream not of json ends at its first line: only json streams pay a step
 * per line. Empty lines (json-sse separates its entries with them) are of no form.
 */
export function jsonFormWatch(meta: StreamMeta): ((seg: Buffer) => number) | null {
  if (meta.jsonForm === null) return null;
  return (seg) => {
    for (let p = 0; p < seg.length; ) {
      let e = seg.indexOf(NL, p);
      if (e === -1) e = seg.length;
      if (e > p && !(e === p + 1 && seg[p] === CR)) {
        const form = formAt(seg, p, e);
        if (meta.jsonForm === undefined && form !== null) meta.jsonForm = form;
        if (form === null || form !== meta.jsonForm) return p;
      }
      p = e + 1;
    }
    return -1;
  };
}
