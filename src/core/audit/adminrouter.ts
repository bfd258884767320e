// Admin Router (nginx + lua) audit lines:
//   [HOST nginx: ]2019/03/01 12:00:00 [notice] 1240#0: *55 [lua] ee.lua:57: auditlog(): type=audit
//   timestamp=… authorizer=adminrouter object=RID action=full result=deny reason="…" srcip=… srcport=…
//   request_uri=RAW uid=U, client: …, server: …, request: "GET RAW HTTP/1.1", host: "…"
// A record is read only right after the `auditlog():` marker that follows nginx's own prefix at the
// start of the message: anywhere else (an access log's User-Agent, a header quoted in an error line)
// the text is a client's (docs/audit-log-forms.md). Fields come in a fixed order; `request_uri` is
// raw and attacker-controlled, so the uid is taken only from the token right after it, and only
// when the rest of the line proves where it ends.
import type { ParsedAudit, JournalEntry, RequestUri, StreamMeta } from '../types.js';
import { componentOf, decision, malformed, resultOf, timeOf } from './common.js';
import { ADMIN_ROUTER_KEYS, inOrder } from './key-bytes.js';
import { readPairs, wholeRecord } from './kv.js';
import { utcMs } from '../journal/time.js';

/** nginx truncates a log message at 2048 bytes (NGX_MAX_ERROR_STR); this long or more may be cut. */
const CUT_BYTES = 2000;
const PREFIX_WINDOW = 1024;
/** nginx's error-log prefix, at the start of the message (after `HOST nginx: ` on 1.13+, where syslog relays it). */
const NGINX_PREFIX = /^([^ ]{1,255} nginx(?:\[\d{1,10}\])?: )?(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) \[([a-z]+)\] (\d+)#(\d+): (?:\*(\d+) )?/;
/** What lua's `ngx.log` puts before its text: `[lua] FILE:LINE: FUNC(): `, read where nginx's prefix ends. */
const LUA = /\[lua\] [^ ]{1,255}:\d{1,7}: ([A-Za-z_][A-Za-z0-9_.:]{0,100})\(\): /y;

/** Where nginx's prefix puts things: all that the checks of a record need. */
export interface NginxShape {
  /** Index where the nginx message (its date) starts inside the journal message. */
  start: number;
  /** Index right after the prefix (and the `*CONN `): where nginx's or lua's text starts. */
  body: number;
  /** When lua wrote the text: the calling function and where its own text starts. */
  lua: { func: string; text: number } | null;
}

export interface NginxPrefix extends NginxShape {
  time: number | null;
  conn: string | null;
}

const headOf = (message: string): string => (message.length > PREFIX_WINDOW ? message.slice(0, PREFIX_WINDOW) : message);

/** lua's function and where its text starts, when lua wrote the text nginx's prefix ends at `body`. */
function luaAt(head: string, body: number): NginxShape['lua'] {
  LUA.lastIndex = body;
  const l = LUA.exec(head);
  return l ? { func: l[1]!, text: body + l[0].length } : null; // group 1 is not optional
}

/**
 * nginx's prefix without its time and connection key: the scanner's --uid gate asks this of every
 * other principal's denial, and building those two cost about half of the whole.
 */
export function nginxShape(message: string): NginxShape | null {
  const head = headOf(message);
  const m = NGINX_PREFIX.exec(head);
  if (!m) return null;
  const body = m[0].length;
  return { start: m[1]?.length ?? 0, body, lua: luaAt(head, body) };
}

/** nginx's error-log prefix at the start of a message, or null (an access-log line, another program). */
export function nginxPrefix(message: string): NginxPrefix | null {
  const head = headOf(message);
  const m = NGINX_PREFIX.exec(head);
  if (!m) return null;
  const n = (k: number) => Number(m[k]);
  const body = m[0].length;
  return {
    start: m[1]?.length ?? 0, // after `HOST nginx: `
    body,
    lua: luaAt(head, body),
    // nginx writes the node's local time; read as UTC (the audit timestamp field is preferred anyway).
    time: utcMs(n(2), n(3), n(4), n(5), n(6), n(7)),
    conn: m[11] !== undefined ? `${m[9]}#${m[10]} *${m[11]}` : null,
  };
}

/** Connection key (`PID#TID *CONN`) of an Admin Router message, as in Decision.conn. */
export function connKeyOf(message: string): string | null {
  return nginxPrefix(message)?.conn ?? null;
}

/**
 * nginx's own lines about a request it is still reading quote what the client sent
 * (`client sent invalid header line: "…"`, `… while reading client request headers`): whatever
 * they hold, they are never an audit record. lua's auditlog() runs once the request is read, so on
 * a line it wrote that phrase is a client's text (a Referer, the URI), which must not hide the record.
 */
export function quotesClientInput(message: string, p: NginxShape): boolean {
  if (message.startsWith('client ', p.body)) return true;
  return adminRouterRecord(message, p) < 0 && message.includes(' while reading client request');
}

/** Where Admin Router's audit record starts: right after `auditlog(): `, with `type=audit ` first; else -1. */
export function adminRouterRecord(message: string, p: NginxShape): number {
  if (!p.lua || p.lua.func !== 'auditlog') return -1;
  return message.startsWith('type=audit ', p.lua.text) ? p.lua.text : -1;
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

/** Parse the record that starts at `record` (see adminRouterRecord) of a message with nginx prefix `prefix`. */
export function parseAdminRouter(entry: JournalEntry, meta: StreamMeta, prefix: NginxPrefix, record: number): ParsedAudit {
  const msg = entry.message;
  const mayBeCut = byteLen(msg) - prefix.start >= CUT_BYTES;
  const pairs = readPairs(msg, record, 'request_uri');
  const { values: f, unterminated, stop } = pairs;

  const result = resultOf(f.get('result'));
  const object = f.get('object');
  const action = f.get('action');
  const authorizer = f.get('authorizer') ?? 'adminrouter';
  const base = {
    reason: f.get('reason') ?? null,
    authorizer,
    component: componentOf(entry, meta, authorizer),
    time: timeOf(f.get('timestamp'), entry, prefix.time),
    conn: prefix.conn,
  };
  // Every field before request_uri is `key=value` and written once: stray words or a repeated key
  // mean some value held a space (a name taken from the URL?), so no field can be trusted.
  if (!wholeRecord(pairs)) return malformed('Admin Router audit record with stray text before request_uri: fields untrusted', entry, meta);
  // No repeat, so the map's keys are the record's, in its order.
  if (!inOrder(f.keys(), ADMIN_ROUTER_KEYS)) return malformed('Admin Router audit record with a field it never writes, or out of its order (a space in a value?): fields untrusted', entry, meta);
  if (!result || !object || !action) {
    return malformed(`Admin Router audit line without ${!result ? 'result' : !object ? 'object' : 'action'}${stop >= msg.length ? ' (cut line?)' : ''}`, entry, meta);
  }
  // Fields listed, not spread from `base`: a spread of objects whose fields vary in type (time,
  // conn: null or not) takes V8's slow path, ~3 us per deny (every deny is parsed without --uid).
  // A cut line keeps its request_uri (`uri`, as far as the line shows it): the notices of the same
  // request may then name its uid (audit/request-context.ts).
  const decide = (uid: string | null, truncated: boolean, uri: RequestUri | null = null) =>
    decision(
      { reason: base.reason, authorizer: base.authorizer, component: base.component, time: base.time, conn: base.conn, uri, result, uid, truncated, object, action },
      entry,
      meta,
    );

  if (stop >= msg.length || unterminated.size > 0) return decide(null, true); // cut before request_uri

  // request_uri: raw, as a token up to the first space. The uid is the field right after it.
  const uriStart = stop + 12;
  const sp = msg.indexOf(' ', uriStart);
  // The line ends inside request_uri (or right before it: then no URI to match): uid unknown.
  if (sp < 0) return decide(null, true, uriStart < msg.length ? { text: msg.slice(uriStart), whole: false } : null);
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
      return mayBeCut ? decide(null, true, { text: uri, whole: true }) : decide(uid, false);
    }
  } else {
    return malformed('unexpected text after request_uri (space in the URI?): uid untrusted', entry, meta);
  }
  const check = checkSuffix(msg, after, uri);
  if (check === 'bad') return malformed('the text after request_uri is not nginx\'s suffix (crafted URI?): uid untrusted', entry, meta);
  // lua writes no uid for a request without a valid token: one after the URI is the URI's own text
  // (a URI with spaces, its real end gone where nginx cut the line and journald stripped the spaces).
  if (uid !== null && base.reason === 'not authenticated') return decide(null, true, { text: uri, whole: true });
  // Cut inside the suffix, or maybe cut where a whole forged suffix ends: a URI with spaces can write
  // ` uid=U, client: …, request: "…", x: "…` up to nginx's cut, which then removes the real uid and
  // suffix. So a line that may be cut keeps its decision, never its uid.
  if (check === 'cut' || mayBeCut) return decide(null, true, { text: uri, whole: true });
  return decide(uid, false);
}
