// Audit lines that are counted without being decoded or parsed: allows (never findings) and, with
// `--uid`, denials that cannot concern the wanted principals. Checked on the raw bytes of the line,
// so most audit lines never become strings.
import type { AuditEvent } from '../types.js';

const ALLOW: AuditEvent = { type: 'counted', result: 'allow' };
const OTHER_DENY: AuditEvent = { type: 'counted', result: 'deny' };

const RESULT_DENY = Buffer.from('result=deny');
const RESULT_ALLOW = Buffer.from(' result=allow');
const UID_KEY = Buffer.from('uid=');
const NOT_AUTHENTICATED = Buffer.from('not authenticated');

/** Longest line that nginx or journald cannot have cut (both cut at 2048 bytes). */
const SURELY_WHOLE_BYTES = 1800;

/**
 * An allow: no `result=deny` anywhere (request_uri is attacker-controlled, so a deny hiding behind
 * a crafted allow is impossible this way round) and a ` result=allow` token.
 */
export function isPlainAllow(line: Buffer): boolean {
  if (line.indexOf(RESULT_DENY) !== -1) return false;
  const at = line.indexOf(RESULT_ALLOW);
  if (at === -1) return false;
  const next = at + RESULT_ALLOW.length < line.length ? line[at + RESULT_ALLOW.length] : -1;
  return next === -1 || next === 0x20 || next === 0x2c || next === 0x0d;
}

/**
 * A deny that cannot concern the `--uid` filter: it names a principal (`uid=`), none of the wanted
 * uids appears anywhere in it, it is short enough not to have been cut (a cut line's uid is
 * recovered from context, so it could be a wanted one), and it is not an authentication failure
 * (reported whatever the filter). The common case when one service is chased through a busy log.
 */
function isOtherPrincipalsDeny(line: Buffer, uids: readonly Buffer[]): boolean {
  if (uids.length === 0 || line.length > SURELY_WHOLE_BYTES) return false;
  if (line.indexOf(UID_KEY) === -1 || line.indexOf(NOT_AUTHENTICATED) !== -1) return false;
  for (const u of uids) if (line.indexOf(u) !== -1) return false;
  return true;
}

/** The event for a line counted without parsing, or null when it must be parsed. */
export function countedEvent(line: Buffer, uids: readonly Buffer[]): AuditEvent | null {
  if (isPlainAllow(line)) return ALLOW;
  if (isOtherPrincipalsDeny(line, uids)) return OTHER_DENY;
  return null;
}
