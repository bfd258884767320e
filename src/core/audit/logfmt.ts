// Mesos (glog + logfmt) and the generic `key=value` fallback: keys in any order, parsed by key.
//   I0410 02:38:24.752534  3708 logfmt.cpp:178] dstip=… type=audit timestamp=2018-04-10 02:38:24.752481024+00:00
//   reason="…" uid="U" object="O" authorizer="mesos-master" action="A" result=deny srcip=…
import type { ParsedAudit, JournalEntry, StreamMeta } from '../types.js';
import { componentOf, decision, malformed, resultOf, timeOf } from './common.js';
import { readPairs } from './kv.js';

/** `[IWEF]MMDD HH:MM:SS.uuuuuu THREAD FILE:LINE] ` (thread right-aligned: several spaces possible). */
const GLOG = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ [^ \]]{1,200}:\d+\] /;

/** Where the logfmt body starts after a glog prefix, or -1 when the message has none. */
export function glogBody(message: string): number {
  const m = GLOG.exec(message.length > 300 ? message.slice(0, 300) : message);
  return m ? m[0].length : -1;
}

/** Parse by key from `from`: Mesos (component from the authorizer, else unit/ident) or the generic fallback. */
export function parseKeyValue(entry: JournalEntry, meta: StreamMeta, from: number, what: 'Mesos' | 'generic'): ParsedAudit {
  const { values: f, unterminated } = readPairs(entry.message, from);
  const result = resultOf(f.get('result'));
  const object = f.get('object');
  const action = f.get('action');
  if (!result) return malformed(`${what} audit line without a valid result`, entry, meta);
  if (!object) return malformed(`${what} audit line without object`, entry, meta);
  if (!action) return malformed(`${what} audit line without action`, entry, meta);
  let authorizer = f.get('authorizer') ?? null;
  if (what === 'Mesos' && !authorizer) {
    const c = componentOf(entry, meta, null);
    authorizer = c === 'mesos-master' || c === 'mesos-agent' ? c : null;
  }
  return decision({
    result,
    uid: f.get('uid') ?? null,
    truncated: unterminated.size > 0,
    object,
    action,
    reason: f.get('reason') ?? null,
    authorizer,
    component: componentOf(entry, meta, authorizer),
    time: timeOf(f.get('timestamp'), entry),
  }, entry, meta);
}
