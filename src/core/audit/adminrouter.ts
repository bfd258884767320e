// Admin Router (nginx + lua) audit lines:
//   [HOST nginx: ]2019/03/01 12:00:00 [notice] 1240#0: *55 [lua] ee.lua:57: auditlog(): type=audit
//   timestamp=… authorizer=adminrouter object=RID action=full result=deny reason="…" srcip=… srcport=…
//   request_uri=RAW uid=U, client: …, server: …, request: "GET RAW HTTP/1.1", host: "…"
// Fields come in a fixed order; `request_uri` is raw and attacker-controlled, so the uid is taken
// only from the token right after it, and only when the rest of the line proves where it ends.
import type { ParsedAudit, JournalEntry, StreamMeta } from '../types.js';
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

type Check = 'ok' | 'cut' | 'bad';

/**
 * Check that the text from `i` is exactly nginx's suffix for a request whose URI is `uri`:
 * `[ while …], client: C, server: S[, request: "M URI[ HTTP/x.y]"][, name: "value"]*` to the end.
 * A raw URI may hold spaces (nginx accepts them) and so forge `uid=` and a whole fake suffix; the
 * forged text then never parses to the end of the line. `cut`: the text stops early but matched so far.
 */
function checkSuffix(msg: string, i: number, uri: string): Check {
  const n = msg.length;
  const lit = (s: string): Check => {
    if (msg.startsWith(s, i)) {
      i += s.length;
      return 'ok';
    }
    return n - i < s.length && s.startsWith(msg.slice(i)) ? 'cut' : 'bad';
  };
  /** A token without spaces up to `stop`. */
  const token = (stop: string): Check => {
    const j = msg.indexOf(stop, i);
    const sp = msg.indexOf(' ', i);
    if (j < 0) return sp < 0 ? 'cut' : 'bad';
    if (sp >= 0 && sp < j) return 'bad';
    i = j;
    return 'ok';
  };
  let r: Check;
  if (msg.startsWith(' while ', i)) {
    const j = msg.indexOf(', client: ', i);
    if (j < 0) return 'cut';
    i = j;
  }
  if ((r = lit(', client: ')) !== 'ok') return r;
  if ((r = token(', server: ')) !== 'ok') return r;
  if ((r = lit(', server: ')) !== 'ok') return r;
  const j = msg.indexOf(', ', i);
  if (j < 0) return msg.indexOf(' ', i) < 0 ? 'ok' : 'bad'; // `server: S` ends the line
  if (msg.indexOf(' ', i) < j) return 'bad';
  i = j;
  if (msg.startsWith(', request: "', i)) {
    i += 12;
    if ((r = token(' ')) !== 'ok') return r; // method
    i++;
    if ((r = lit(uri)) !== 'ok') return r;
    if (msg.startsWith(' HTTP/', i)) {
      i++;
      if ((r = token('"')) !== 'ok') return r;
    }
    if ((r = lit('"')) !== 'ok') return r;
  }
  // Further fields (`host`, `referrer`, `upstream`, …): quoted values without quotes inside.
  while (i < n) {
    if ((r = lit(', ')) !== 'ok') return r;
    const colon = msg.indexOf(': "', i);
    if (colon < 0) return msg.indexOf(' ', i) < 0 ? 'cut' : 'bad';
    for (let k = i; k < colon; k++) {
      const c = msg.charCodeAt(k);
      if (!(c >= 97 && c <= 122) && c !== 95) return 'bad';
    }
    const close = msg.indexOf('"', colon + 3);
    if (close < 0) return 'cut';
    i = close + 1;
  }
  return 'ok';
}

export function parseAdminRouter(entry: JournalEntry, meta: StreamMeta, auditAt: number): ParsedAudit {
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
  // Fields listed, not spread from `base`: a spread of objects whose fields vary in type (time,
  // conn: null or not) takes V8's slow path, ~3 us per deny (every deny is parsed without --uid).
  const decide = (uid: string | null, truncated: boolean) =>
    decision(
      { reason: base.reason, authorizer: base.authorizer, component: base.component, time: base.time, conn: base.conn, result, uid, truncated, object, action },
      entry,
      meta,
    );

  if (stop >= msg.length || unterminated.size > 0) return decide(null, true); // cut before request_uri

  // request_uri: raw, as a token up to the first space. The uid is the field right after it.
  const uriStart = stop + 12;
  const sp = msg.indexOf(' ', uriStart);
  if (sp < 0) return decide(null, true); // the line ends inside request_uri: uid unknown
  let uri = msg.slice(uriStart, sp);
  let uid: string | null = null;
  let after: number; // where the nginx suffix starts
  if (msg.startsWith('client: ', sp + 1) && uri.endsWith(',')) {
    uri = uri.slice(0, -1); // no uid: `, client: …` follows the uri
    after = sp - 1;
  } else if (msg.startsWith('while ', sp + 1)) {
    after = sp;
  } else if (msg.startsWith('uid=', sp + 1)) {
    let end = sp + 5;
    while (end < msg.length) {
      const c = msg.charCodeAt(end);
      if (c === 44 || c === 32) break;
      end++;
    }
    uid = msg.slice(sp + 5, end);
    after = end;
    if (end >= msg.length) {
      // No suffix at all: complete only when the line is too short to have been cut.
      return mayBeCut ? decide(null, true) : decide(uid, false);
    }
  } else {
    return malformed('unexpected text after request_uri (space in the URI?): uid untrusted', entry, meta);
  }
  const check = checkSuffix(msg, after, uri);
  if (check === 'bad') return malformed('the text after request_uri is not nginx\'s suffix (crafted URI?): uid untrusted', entry, meta);
  // Cut inside the suffix: a crafted URI could have forged the uid, so it is unknown.
  if (check === 'cut') return decide(null, true);
  return decide(uid, false);
}
