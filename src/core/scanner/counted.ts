// Audit lines that are counted without being decoded or parsed: allows (never findings) and, with
// `--uid`, Admin Router denials of other principals. Checked on the raw bytes of the line, so most
// audit lines never become strings. Allows are taken on their bytes alone, without the writer checks
// (a forged allow adds to the allow count, never to a finding: docs/audit-log-forms.md), and the
// scanner asks here only once its stream has shown a verified record (chunks.ts). A denial
// counted here must be counted exactly as the parser would count it (stats mean the same with and
// without `--uid`): a line takes the fast path only when its bytes have the one shape the parser
// reads as "deny by uid U", else it is parsed.
import { ACTION, ADMIN_ROUTER_KEYS, bytesAre, bytesAt, clearFields, field, isKeyCode, isUidCode, OBJECT, TIMESTAMP, UID_FIELD } from '../audit/key-bytes.js';
import type { AuditEvent } from '../types.js';
import { interned } from '../intern.js';
import { indexIn, wasmNeedle } from './needle-find.js';

/** An allow counted from its bytes (one object: identity tells it apart). */
export const ALLOW: AuditEvent = { type: 'counted', result: 'allow' };

const RESULT = wasmNeedle('result=');
const ALLOW_VALUE = Buffer.from('allow');

/** Longest line that nginx or journald cannot have cut (both cut at 2048 bytes). */
const SURELY_WHOLE_BYTES = 1800;

/**
 * An allow: one ` result=allow` token and no other `result=` anywhere. Not merely "no
 * `result=deny`": the parser also reads `result="deny"` (a generic writer quotes it; json shows
 * `result=\"deny\"`) and any case, so a client's ` result=allow ` in a quoted value (a secret's
 * path) would have hidden that denial among the allows.
 */
export function isPlainAllow(line: Buffer): boolean {
  const at = indexIn(line, RESULT);
  if (at < 1 || line[at - 1] !== 0x20 || !bytesAt(line, at + RESULT.bytes.length, ALLOW_VALUE)) return false;
  const end = at + RESULT.bytes.length + ALLOW_VALUE.length;
  const next = end < line.length ? line[end] : -1;
  if (!(next === -1 || next === 0x20 || next === 0x2c || next === 0x0d)) return false;
  return indexIn(line, RESULT, end) === -1;
}

const AUDITLOG = Buffer.from('auditlog(): type=audit ');
const TYPE_AUDIT = Buffer.from('type=audit');
const REQUEST_URI = wasmNeedle(' request_uri=');
const UID_KEY = Buffer.from(' uid=');
const CLIENT = Buffer.from(', client: ');
const SERVER = Buffer.from(', server: ');
const REQUEST = Buffer.from(', request: "');
const HTTP = Buffer.from(' HTTP/');
const SP = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const EQ = 0x3d;
const BACKSLASH = 0x5c;

// Admin Router's keys by their place in ADMIN_ROUTER_KEYS.
const TIMESTAMP_AT = ADMIN_ROUTER_KEYS.indexOf('timestamp');
const AUTHORIZER_AT = ADMIN_ROUTER_KEYS.indexOf('authorizer');
const OBJECT_AT = ADMIN_ROUTER_KEYS.indexOf('object');
const ACTION_AT = ADMIN_ROUTER_KEYS.indexOf('action');
const RESULT_AT = ADMIN_ROUTER_KEYS.indexOf('result');
const REASON_AT = ADMIN_ROUTER_KEYS.indexOf('reason');

/**
 * The pairs Admin Router writes before request_uri, [a, r), read the way the parser's tokenizer
 * reads them but stricter: every token is `key=value` with one of Admin Router's keys in its order
 * (so none twice), quoted values start right after `=`, close before a space and hold no backslash
 * (a json envelope escapes its quotes, such lines are parsed), `authorizer=adminrouter`, and
 * `result=deny`, `object`, `action` not empty.
 */
function fieldsSayDeny(line: Buffer, a: number, r: number): boolean {
  let next = 0;
  let object = false;
  let action = false;
  let deny = false;
  let ar = false;
  let i = a;
  clearFields();
  while (i < r) {
    while (i < r && line[i] === SP) i++;
    if (i >= r) break;
    const k0 = i;
    while (i < r && isKeyCode(line[i]!)) i++; // i < r <= line.length
    if (i === k0 || line[i] !== EQ) return false;
    const k1 = i++;
    let at = next;
    while (at < ADMIN_ROUTER_KEYS.length && !bytesAre(line, k0, k1, ADMIN_ROUTER_KEYS[at]!)) at++;
    if (at === ADMIN_ROUTER_KEYS.length) return false; // a key it never writes, or out of order: parsed
    next = at + 1;
    let v0 = i;
    let v1: number;
    // A byte past ASCII may not be UTF-8, which the parser refuses in a finding's fields (it reads
    // as `\xNN`, audit/message.ts): such lines are parsed.
    if (line[i] === QUOTE) {
      v0 = ++i;
      for (let c = line[i]; i < r && c !== QUOTE; c = line[++i]) if (c === BACKSLASH || c! >= 0x80) return false;
      if (i >= r || line[i + 1] !== SP) return false;
      v1 = i++;
    } else {
      for (let c = line[i]; i < r && c !== SP; c = line[++i]) if (c === QUOTE || c === BACKSLASH || c! >= 0x80) return false;
      v1 = i;
    }
    if (at === RESULT_AT) deny = bytesAre(line, v0, v1, 'deny');
    // An unauthenticated request's record has no uid of lua's (the parser reads none): parsed.
    else if (at === REASON_AT && bytesAre(line, v0, v1, 'not authenticated')) return false;
    else if (at === OBJECT_AT) {
      object = v1 > v0;
      field(OBJECT, v0, v1);
    } else if (at === ACTION_AT) {
      action = v1 > v0;
      field(ACTION, v0, v1);
    } else if (at === AUTHORIZER_AT) ar = bytesAre(line, v0, v1, 'adminrouter');
    else if (at === TIMESTAMP_AT) field(TIMESTAMP, v0, v1);
  }
  return ar && deny && object && action;
}

/**
 * nginx's suffix from `p` for request URI [u0, u1): `, client: C, server: S, request: "M URI
 * HTTP/x.y"` then `, name: "value"` fields to the end. A strict subset of what the parser accepts.
 */
function suffixIsNginx(line: Buffer, p: number, end: number, u0: number, u1: number): boolean {
  if (!bytesAt(line, p, CLIENT)) return false;
  p += CLIENT.length;
  while (p < end && line[p] !== SP && line[p] !== COMMA) p++; // client
  if (!bytesAt(line, p, SERVER)) return false;
  p += SERVER.length;
  while (p < end && line[p] !== SP && line[p] !== COMMA) p++; // server
  if (!bytesAt(line, p, REQUEST)) return false;
  p += REQUEST.length;
  const m0 = p;
  while (p < end && line[p]! >= 0x41 && line[p]! <= 0x5a) p++; // method (p < end <= line.length)
  if (p === m0 || line[p] !== SP) return false;
  p++;
  if (p + (u1 - u0) > end) return false;
  for (let i = u0; i < u1; i++) if (line[p++] !== line[i]) return false;
  if (!bytesAt(line, p, HTTP)) return false;
  p += HTTP.length;
  while (p < end && line[p] !== QUOTE) if (line[p++] === SP) return false;
  if (p >= end) return false;
  p++;
  while (p < end) {
    if (line[p] !== COMMA || line[p + 1] !== SP) return false;
    p += 2;
    const k0 = p;
    while (p < end && ((line[p]! >= 0x61 && line[p]! <= 0x7a) || line[p] === 0x5f)) p++; // p < end <= line.length
    if (p === k0 || line[p] !== 0x3a || line[p + 1] !== SP || line[p + 2] !== QUOTE) return false;
    p += 3;
    while (p < end && line[p] !== QUOTE) p++;
    if (p >= end) return false;
    p++;
  }
  return true;
}

/** Bytes of Admin Router's marker before its `type=audit`: `auditlog(): `. */
const MARKER_BYTES = AUDITLOG.length - TYPE_AUDIT.length - 1;

/**
 * The uid of a whole Admin Router deny line of the exact shape the parser reads (fields, then
 * `request_uri=URI uid=U`, then nginx's suffix), or null when the line must be parsed. `t`: where
 * the line's first `type=audit` starts, when the caller's search already knows it.
 */
export function adminRouterDenyUid(line: Buffer, t = line.indexOf(TYPE_AUDIT)): string | null {
  if (line.length > SURELY_WHOLE_BYTES) return null;
  const end = line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
  // The parser starts at the first `type=audit` of the message: Admin Router's marker must be
  // right before it (then it is also the line's first marker, as each marker holds a type=audit).
  if (t < MARKER_BYTES || !bytesAt(line, t - MARKER_BYTES, AUDITLOG)) return null;
  const r = indexIn(line, REQUEST_URI, t);
  if (r === -1 || !fieldsSayDeny(line, t, r)) return null;
  const u0 = r + REQUEST_URI.bytes.length;
  let sp = u0;
  while (sp < end && line[sp] !== SP) sp++;
  if (!bytesAt(line, sp, UID_KEY)) return null;
  const v0 = sp + UID_KEY.length;
  let v1 = v0;
  while (v1 < end && isUidCode(line[v1]!)) v1++; // v1 < end <= line.length
  if (v1 === v0 || !suffixIsNginx(line, v1, end, u0, sp)) return null;
  field(UID_FIELD, v0, v1);
  return interned.text(line, v0, v1);
}

/**
 * The event for a line counted without parsing, or null when it must be parsed. `isRecord` is asked
 * only for a denial of another principal: does the parser take the line for an Admin Router record
 * at all (its envelope's writer, nginx's prefix, the marker)? Those rules belong to the parser.
 * `otherDenyUid`, for lines not of Admin Router's shape: the uid of a Mesos or Marathon denial as
 * the parser reads it (audit/deny-uid.ts), or null, also for a wanted uid (that denial is parsed).
 * `typeAudit`: where the line's first `type=audit` starts, as the scanner found it (absent: searched here).
 */
export function countedEvent(
  line: Buffer,
  uids: ReadonlySet<string>,
  isRecord: ((line: Buffer, typeAudit: number) => boolean) | null,
  otherDenyUid: ((line: Buffer, typeAudit: number) => string | null) | null = null,
  typeAudit?: number,
): AuditEvent | null {
  return isPlainAllow(line) ? ALLOW : countedDeny(line, uids, isRecord, otherDenyUid, typeAudit);
}

/** countedEvent of a line that is no plain allow. */
export function countedDeny(
  line: Buffer,
  uids: ReadonlySet<string>,
  isRecord: ((line: Buffer, typeAudit: number) => boolean) | null,
  otherDenyUid: ((line: Buffer, typeAudit: number) => string | null) | null,
  typeAudit?: number,
): AuditEvent | null {
  if (uids.size === 0 || isRecord === null) return null;
  const t = typeAudit ?? line.indexOf(TYPE_AUDIT);
  let uid = adminRouterDenyUid(line, t);
  if (uid !== null) return !uids.has(uid) && isRecord(line, t) ? { type: 'counted', result: 'deny', uid } : null;
  if (otherDenyUid === null) return null;
  uid = otherDenyUid(line, t);
  return uid !== null ? { type: 'counted', result: 'deny', uid } : null;
}
