// Admin Router notices that explain the next audit line of the same nginx connection:
// why authentication failed, or which uid the (maybe cut) audit line was about.
import type { JournalEntry, Notice, StreamMeta } from '../types.js';
import { nginxPrefix } from './adminrouter.js';
import { fits, originOf } from './origin.js';

/** Substrings of the notices parseNotice understands; the scanner searches raw bytes for them. */
export const NOTICE_NEEDLES: readonly string[] = [
  'No auth token in request',
  'Invalid token',
  'Unexpected token payload',
  'Consult policyquery via',
  'UID from the valid',
  'UID from valid JWT',
];

function backticked(message: string, after: number): string | null {
  const open = message.indexOf('`', after);
  if (open < 0) return null;
  const close = message.indexOf('`', open + 1);
  return close < 0 ? null : message.slice(open + 1, close);
}

/**
 * The `uid` parameter of a policyquery URL (`…?rid=R&uid=U&action=A`). Two `uid=` parameters (a rid
 * taken from a URL path can hold `&uid=…`) leave it unknown.
 */
function uidParam(url: string): string | null {
  const q = url.indexOf('?');
  if (q < 0) return null;
  const uids = url.slice(q + 1).split('&').filter((part) => part.startsWith('uid='));
  if (uids.length !== 1) return null;
  const raw = uids[0]!.slice(4); // exactly one, checked above
  try {
    return decodeURIComponent(raw) || null;
  } catch {
    return raw || null;
  }
}

/**
 * A notice that explains the next audit line of its connection, or null. Only lua's own text (right
 * after nginx's prefix and `[lua] FILE:LINE: FUNC(): `) counts: the same words quoted from a client
 * elsewhere in a line must not name a uid (docs/audit-log-forms.md). With the entry, its unit and
 * identifier must be Admin Router's too.
 */
export function parseNotice(message: string, entry?: JournalEntry, meta?: StreamMeta): Notice | null {
  const p = nginxPrefix(message);
  if (!p || !p.conn || !p.lua) return null;
  if (entry && meta && !fits(originOf(entry, meta), ['adminrouter'])) return null;
  const conn = p.conn;
  const at = p.lua.text;
  const says = (s: string): boolean => message.startsWith(s, at);
  if (says('No auth token in request')) return { conn, cause: 'no token' };
  if (says('Invalid token')) {
    const expired = message.indexOf("'exp' claim expired", at) >= 0 || message.indexOf('expired', at) >= 0;
    return { conn, cause: expired ? 'expired token' : 'invalid token' };
  }
  if (says('Unexpected token payload') && message.includes('missing uid')) return { conn, cause: 'missing uid' };
  if (says('Consult policyquery via')) {
    const url = backticked(message, at);
    const uid = url ? uidParam(url) : null;
    return uid ? { conn, uid } : null;
  }
  if (says('UID from the valid') || says('UID from valid JWT')) {
    const uid = backticked(message, at);
    return uid ? { conn, uid } : null;
  }
  return null;
}
