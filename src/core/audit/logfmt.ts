// Mesos (glog + logfmt) and the generic `key=value` reading: keys in any order, parsed by key.
//   I0410 02:38:24.752534  3708 logfmt.cpp:178] dstip=… type=audit timestamp=2018-04-10 02:38:24.752481024+00:00
//   reason="…" uid="U" object="O" authorizer="mesos-master" action="A" result=deny srcip=…
// Mesos writes audit records only through its logfmt logger (`logfmt.cpp`); its other glog lines
// quote framework, role and task names, which their owners chose. The generic reading takes a
// message only when the whole of it is one logfmt record (docs/audit-log-forms.md), and neither
// reading takes a record journald may have cut (cut.ts).
import type { ParsedAudit, JournalEntry, StreamMeta } from '../types.js';
import { componentOf, decision, malformed, resultOf, timeOf, unverified } from './common.js';
import { cutReason } from './cut.js';
import { readPairs, wholeRecord, type Pairs } from './kv.js';

/** `[IWEF]MMDD HH:MM:SS.uuuuuu THREAD FILE:LINE] ` (thread right-aligned: several spaces possible). */
const GLOG = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ ([^ \]]{1,200}):\d+\] /;

export interface GlogPrefix {
  /** Where the body starts. */
  body: number;
  /** The source file that logged the line (basename). */
  file: string;
}

/** The glog prefix of a message, or null when it has none. */
export function glogPrefix(message: string): GlogPrefix | null {
  const m = GLOG.exec(message.length > 300 ? message.slice(0, 300) : message);
  if (!m) return null;
  const file = m[1]!; // group 1 is not optional
  const slash = file.lastIndexOf('/');
  return { body: m[0].length, file: slash < 0 ? file : file.slice(slash + 1) };
}

/** Mesos's audit logger: glog lines logged from `logfmt.cpp`. */
export const isMesosAuditLogger = (g: GlogPrefix): boolean => g.file === 'logfmt.cpp';

/** `type=audit` is a field of the record, not text inside another field's value. */
export const isAuditRecord = (p: Pairs): boolean => p.values.get('type') === 'audit';

/** Parse by key from `from`: Mesos (component from the authorizer, else unit/ident) or the generic reading. */
export function parseKeyValue(entry: JournalEntry, meta: StreamMeta, from: number, what: 'Mesos' | 'generic'): ParsedAudit {
  const pairs = readPairs(entry.message, from);
  if (what === 'generic' && !(wholeRecord(pairs) && isAuditRecord(pairs))) {
    return unverified('type=audit inside a message that is not one logfmt record with a top-level type=audit', entry, meta);
  }
  if (!isAuditRecord(pairs)) return unverified('Mesos logfmt line whose type is not audit (type=audit only inside a value)', entry, meta);
  const cut = cutReason(entry, what, pairs.unterminated.size > 0);
  if (cut) return malformed(`${what} audit ${cut}`, entry, meta);
  if (!wholeRecord(pairs)) return malformed('Mesos audit record with stray words, a repeated key or too many fields: fields untrusted', entry, meta);
  const f = pairs.values;
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
    truncated: false, // a record that may have been cut is refused above
    object,
    action,
    reason: f.get('reason') ?? null,
    authorizer,
    // A generic record is any unit's or identifier's: the writer names its component, not the
    // record's `authorizer=` (a `logger -t secrets.sh` line saying authorizer=mesos-master is no
    // Mesos record: docs/usage.md).
    component: componentOf(entry, meta, what === 'generic' ? null : authorizer),
    time: timeOf(f.get('timestamp'), entry),
  }, entry, meta);
}
