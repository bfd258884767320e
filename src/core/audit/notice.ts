// Admin Router notices that explain the next audit line of the same nginx connection:
// why authentication failed, or which uid the (maybe cut) audit line was about.
import type { Notice } from '../types.js';
import { connKeyOf } from './adminrouter.js';

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

/** The `uid` parameter of a policyquery URL (`…?rid=R&uid=U&action=A`). */
function uidParam(url: string): string | null {
  const q = url.indexOf('?');
  if (q < 0) return null;
  for (const part of url.slice(q + 1).split('&')) {
    if (part.startsWith('uid=')) {
      try {
        return decodeURIComponent(part.slice(4)) || null;
      } catch {
        return part.slice(4) || null;
      }
    }
  }
  return null;
}

/** A notice that explains the next audit line of its connection, or null. */
export function parseNotice(message: string): Notice | null {
  const conn = connKeyOf(message);
  if (!conn) return null;
  if (message.includes('No auth token in request')) return { conn, cause: 'no token' };
  const inv = message.indexOf('Invalid token');
  if (inv >= 0) {
    const expired = message.indexOf("'exp' claim expired", inv) >= 0 || message.indexOf('expired', inv) >= 0;
    return { conn, cause: expired ? 'expired token' : 'invalid token' };
  }
  if (message.includes('Unexpected token payload') && message.includes('missing uid')) return { conn, cause: 'missing uid' };
  const pq = message.indexOf('Consult policyquery via');
  if (pq >= 0) {
    const url = backticked(message, pq);
    const uid = url ? uidParam(url) : null;
    return uid ? { conn, uid } : null;
  }
  const tok = message.indexOf('UID from the valid');
  const jwt = tok >= 0 ? tok : message.indexOf('UID from valid JWT');
  if (jwt >= 0) {
    const uid = backticked(message, jwt);
    return uid ? { conn, uid } : null;
  }
  return null;
}
