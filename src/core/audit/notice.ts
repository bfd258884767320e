// Admin Router notices that explain the next audit line of the same nginx connection:
// why authentication failed, or which uid the (maybe cut) audit line was about. Which line a
// notice may explain is decided in request-context.ts.
import type { JournalEntry, Notice, RequestUri, StreamMeta } from '../types.js';
import { adminRouterRecord, nginxPrefix } from './adminrouter.js';
import { holdsByteEscape } from './kv.js';
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

const CLIENT = ', client: ';

/**
 * The text between the backticks that open right at `open` and close right before nginx's suffix
 * (`, client: …`), with no backtick inside: a rid taken from a URL path can hold a backtick, and
 * the text it closes early must name nobody. Null otherwise (a cut line among them).
 */
function backticked(message: string, open: number): { text: string; end: number } | null {
  if (message[open] !== '`') return null;
  const close = message.indexOf('`', open + 1);
  if (close < 0 || !message.startsWith(CLIENT, close + 1)) return null;
  return { text: message.slice(open + 1, close), end: close + 1 };
}

const decoded = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** A policyquery URL's query: exactly `rid`, `uid` and `action`, once each, the uid not empty. */
function policyQuery(url: string): { uid: string; rid: string; action: string } | null {
  const q = url.indexOf('?');
  if (q < 0) return null;
  const params = new Map<string, string>();
  for (const part of url.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (params.has(key) || !['rid', 'uid', 'action'].includes(key)) return null; // a rid can hold `&uid=…`
    params.set(key, eq < 0 ? '' : decoded(part.slice(eq + 1)));
  }
  const uid = params.get('uid');
  const rid = params.get('rid');
  const action = params.get('action');
  return uid && !holdsByteEscape(uid) && rid !== undefined && action !== undefined ? { uid, rid, action } : null;
}

/**
 * The request URI of nginx's suffix at `i` (`, client: C, server: S, request: "M URI …"`), up to
 * its first space, `whole` when the line goes on after it; null when the text there is not that
 * suffix, or stops before the URI.
 */
export function suffixUri(msg: string, i: number): RequestUri | null {
  const word = (from: number, to: number): boolean => to > from && !/[ ,]/.test(msg.slice(from, to));
  if (!msg.startsWith(CLIENT, i)) return null;
  i += CLIENT.length;
  const s = msg.indexOf(', server: ', i);
  if (s < 0 || !word(i, s)) return null;
  i = s + 10;
  const r = msg.indexOf(', request: "', i);
  if (r < 0 || !word(i, r)) return null;
  i = r + 12;
  const sp = msg.indexOf(' ', i);
  if (sp < 0 || !/^[A-Z]+$/.test(msg.slice(i, sp))) return null; // the method
  const end = msg.indexOf(' ', sp + 1);
  const text = msg.slice(sp + 1, end < 0 ? msg.length : end);
  return text ? { text, whole: end >= 0 } : null;
}

/**
 * A notice that explains the next audit line of its connection, or null. Only lua's own text (right
 * after nginx's prefix and `[lua] FILE:LINE: FUNC(): `) counts: the same words quoted from a client
 * elsewhere in a line must not name a uid (docs/audit-log-forms.md). With the entry, its unit and
 * identifier must be Admin Router's too. A notice naming a uid carries its request's URI, and a
 * policyquery its rid and action, so that it lends its uid to its own request's line only.
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
    // lua's own text only: the request line after it is the client's.
    const suffix = message.indexOf(CLIENT, at);
    const own = message.slice(at, suffix < 0 ? message.length : suffix);
    return { conn, cause: own.includes('expired') ? 'expired token' : 'invalid token' };
  }
  if (says('Unexpected token payload') && message.includes('missing uid')) return { conn, cause: 'missing uid' };
  const PQ = 'Consult policyquery via ';
  if (says(PQ)) {
    const url = backticked(message, at + PQ.length);
    const q = url && policyQuery(url.text);
    const uri = url && suffixUri(message, url.end);
    return q && uri ? { conn, uid: q.uid, uri, rid: q.rid, action: q.action } : null;
  }
  for (const head of ['UID from the valid DC/OS authentication token: ', 'UID from valid JWT: ']) {
    if (!says(head)) continue;
    const uid = backticked(message, at + head.length);
    const uri = uid && suffixUri(message, uid.end);
    // A uid shown as `\xNN` bytes could not be named exactly (audit/message.ts).
    return uid?.text && !holdsByteEscape(uid.text) && uri ? { conn, uid: uid.text, uri } : null;
  }
  return null;
}

/**
 * The connection of an Admin Router audit record, or null. A record is the last line of its
 * request: the notices before it on its connection were logged for earlier requests.
 */
export function auditConn(message: string, entry?: JournalEntry, meta?: StreamMeta): string | null {
  const p = nginxPrefix(message);
  if (!p?.conn || adminRouterRecord(message, p) < 0) return null;
  if (entry && meta && !fits(originOf(entry, meta), ['adminrouter'])) return null;
  return p.conn;
}
