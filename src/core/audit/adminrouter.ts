// Admin Router (nginx + lua) audit lines:
//   [HOST nginx: ]2019/03/01 12:00:00 [notice] 1240#0: *55 [lua] ee.lua:57: auditlog(): type=audit
//   timestamp=… authorizer=adminrouter object=RID action=full result=deny reason="…" srcip=… srcport=…
//   request_uri=RAW uid=U, client: …, server: …, request: "GET RAW HTTP/1.1", host: "…"
// Fields come in a fixed order; `request_uri` is raw and attacker-controlled, so the uid is taken
// only from the token right after it, and only when the rest of the line proves where it ends.
import type { AuditEvent, JournalEntry, StreamMeta } from '../types.js';
import { componentOf, decision, malformed, resultOf, timeOf } from './common.js';
import { readPairs } from './kv.js';
import { utcMs } from '../journal/time.js';

/** nginx truncates a log message at 2048 bytes (NGX_MAX_ERROR_STR); this long or more may be cut. */
const CUT_BYTES = 2000;
const PREFIX_WINDOW = 512;
const NGINX_PREFIX = /(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) \[([a-z]+)\] (\d+)#(\d+): (?:\*(\d+) )?/;

export interface NginxPrefix {
  /** Index where the nginx message (its date) starts inside the journal message. */
  start: number;
  time: number | null;
  conn: string | null;
}

/** The nginx error-log prefix near the start of a message (after `HOST nginx: ` on 1.13+). */
export function nginxPrefix(message: string): NginxPrefix | null {
  const m = NGINX_PREFIX.exec(message.length > PREFIX_WINDOW ? message.slice(0, PREFIX_WINDOW) : message);
  if (!m) return null;
  const n = (k: number) => Number(m[k]);
  return {
    start: m.index,
    // nginx writes the node's local time; read as UTC (the audit timestamp field is preferred anyway).
    time: utcMs(n(1), n(2), n(3), n(4), n(5), n(6)),
    conn: m[10] !== undefined ? `${m[8]}#${m[9]} *${m[10]}` : null,
  };
}

/** Connection key (`PID#TID *CONN`) of an Admin Router message, as in Decision.conn. */
export function connKeyOf(message: string): string | null {
  return nginxPrefix(message)?.conn ?? null;
}

function byteLen(s: string): number {
  return s.length * 3 < CUT_BYTES ? s.length : Buffer.byteLength(s, 'utf8');
}

/** Does the request line (`GET URI HTTP/1.1`) hold exactly `uri` as its target? */
function requestMatches(text: string, from: number, uri: string): boolean | null {
  const at = text.indexOf(', request: "', from);
  if (at < 0) return null; // suffix cut before the request field
  const reqStart = at + 12;
  const sp = text.indexOf(' ', reqStart);
  if (sp < 0) return null;
  const target = sp + 1;
  if (!text.startsWith(uri, target)) return false;
  const after = target + uri.length;
  return text.startsWith(' HTTP/', after) || text.startsWith('"', after);
}

export function parseAdminRouter(entry: JournalEntry, meta: StreamMeta, auditAt: number): AuditEvent {
  const msg = entry.message;
  const prefix = nginxPrefix(msg);
  const nginxStart = prefix ? prefix.start : 0;
  const mayBeCut = byteLen(msg) - nginxStart >= CUT_BYTES;
  const { values: f, unterminated, stop } = readPairs(msg, auditAt, 'request_uri');

  const result = resultOf(f.get('result'));
  const object = f.get('object');
  const action = f.get('action');
  const authorizer = f.get('authorizer') ?? 'adminrouter';
  const base = {
    reason: f.get('reason') ?? null,
    authorizer,
    component: componentOf(entry, meta, authorizer),
    time: timeOf(f.get('timestamp'), entry, prefix?.time ?? null),
    conn: prefix?.conn ?? null,
  };
  if (!result || !object || !action) {
    return malformed(`Admin Router audit line without ${!result ? 'result' : !object ? 'object' : 'action'}${stop >= msg.length ? ' (cut line?)' : ''}`, entry, meta);
  }
  const decide = (uid: string | null, truncated: boolean) =>
    decision({ ...base, result, uid, truncated, object, action }, entry, meta);

  if (stop >= msg.length || unterminated.size > 0) return decide(null, true); // cut before request_uri

  // request_uri: raw, no spaces (nginx percent-encodes nothing; a space makes the line untrustworthy).
  const uriStart = stop + 12;
  const sp = msg.indexOf(' ', uriStart);
  if (sp < 0) return decide(null, true); // line ends inside request_uri: uid unknown
  let uri = msg.slice(uriStart, sp);
  let rest = sp + 1;

  if (msg.startsWith('client: ', rest) && uri.endsWith(',')) {
    // No uid: the suffix `, client: …` follows the uri directly.
    uri = uri.slice(0, -1);
    const ok = requestMatches(msg, rest, uri);
    if (ok === false) return malformed('request_uri does not match the request line: uid untrusted', entry, meta);
    return decide(null, ok === null && mayBeCut);
  }
  if (msg.startsWith('while ', rest)) {
    const ok = requestMatches(msg, rest, uri);
    if (ok === false) return malformed('request_uri does not match the request line: uid untrusted', entry, meta);
    return decide(null, ok === null && mayBeCut);
  }
  if (!msg.startsWith('uid=', rest)) {
    return malformed('unexpected text after request_uri (space in the URI?): uid untrusted', entry, meta);
  }
  rest += 4;
  let uidEnd = rest;
  while (uidEnd < msg.length) {
    const c = msg.charCodeAt(uidEnd);
    if (c === 44 || c === 32) break;
    uidEnd++;
  }
  const uid = msg.slice(rest, uidEnd);
  if (uidEnd >= msg.length) {
    // No suffix after the uid: complete only when the line is too short to have been cut.
    return mayBeCut ? decide(null, true) : decide(uid, false);
  }
  const isSuffix = msg.startsWith(', client: ', uidEnd) || msg.startsWith(' while ', uidEnd) ||
    (msg.charCodeAt(uidEnd) === 44 && uidEnd + 1 >= msg.length);
  if (!isSuffix) return malformed('unexpected text after the uid field: uid untrusted', entry, meta);
  const ok = requestMatches(msg, uidEnd, uri);
  if (ok === false) return malformed('request_uri does not match the request line: uid untrusted', entry, meta);
  // Cut inside the suffix before `request:` on a long line: a crafted URI could fake the uid.
  if (ok === null && mayBeCut) return decide(null, true);
  return decide(uid, false);
}
