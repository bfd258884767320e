// Messages: what a component wrote (Admin Router, Mesos, Marathon/Metronome, anything with
// `type=audit`) → an authorization Decision, or a Malformed line with a short reason.
import type { ParsedAudit, JournalEntry, StreamMeta } from '../types.js';
import { nginxPrefix, parseAdminRouter } from './adminrouter.js';
import { malformed } from './common.js';
import { glogBody, parseKeyValue } from './logfmt.js';
import { logbackBody, parsePlugin } from './marathon.js';

export { connKeyOf } from './adminrouter.js';
export { parseNotice, NOTICE_NEEDLES } from './notice.js';

/** The byte string every audit line holds: the scanner's first filter. */
export const AUDIT_NEEDLE = 'type=audit';

/** Parse the message of an entry that contains `type=audit`. Never throws. */
export function parseAudit(entry: JournalEntry, meta: StreamMeta): ParsedAudit {
  const msg = entry.message;
  const at = msg.indexOf(AUDIT_NEEDLE);
  if (at < 0) return malformed('no type=audit in the message', entry, meta);
  const glog = glogBody(msg);
  if (glog >= 0) return parseKeyValue(entry, meta, glog, 'Mesos');
  const logback = logbackBody(msg);
  if (logback >= 0) return parsePlugin(entry, meta, logback);
  if (nginxPrefix(msg) || msg.includes('authorizer=adminrouter')) return parseAdminRouter(entry, meta, at);
  if (msg.includes('authorizer=marathon') || msg.includes('authorizer=metronome')) return parsePlugin(entry, meta, 0);
  return parseKeyValue(entry, meta, 0, 'generic');
}
