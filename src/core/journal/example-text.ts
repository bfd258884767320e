// A finding's example as a person reads it. A JSON journal entry (`journalctl -o json`, the DC/OS
// logging API behind dcos://) puts the message after a cursor and a dozen fields, so a line cut to
// the width shows only the envelope: it is shown as `time host ident[pid]: MESSAGE`, as a short-iso
// line reads. Any other line is shown as it is.
import { formatTime } from '../format.js';
import type { StreamMeta } from '../types.js';
import { parseJsonLine } from './json.js';

const META: StreamMeta = { label: '', host: null, unit: null, envelope: 'json', year: null };

export function exampleText(raw: string): string {
  // json-seq's record separator, or a server-sent event's `data:` field.
  const body = raw.replace(/^(?:\x1e|data: ?)/, '');
  if (!body.startsWith('{')) return raw;
  const r = parseJsonLine(body, META);
  if (!('entry' in r)) return raw;
  const e = r.entry;
  const who = e.ident ? `${e.ident}${e.pid !== null ? `[${e.pid}]` : ''}: ` : '';
  return `${formatTime(e.time)} ${e.host ?? '-'} ${who}${e.message}`;
}
