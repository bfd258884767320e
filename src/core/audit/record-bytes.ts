// The `--uid` fast path's checks of another principal's denial, on the line's bytes, for lines in
// the `short-iso` envelope: is it an Admin Router record (isAdminRouterRecord), which principal
// does a Mesos or Marathon denial name (denyUidOf)? Both are strict subsets of those functions:
// every rule of the parser's regexes is checked here byte by byte, so what these accept the parser
// reads the same (test/core/audit/record-bytes.test.ts compares them on thousands of altered
// lines); what they refuse goes through the decoded path as before. Decoding the line, reading its
// envelope and running those regexes took about half of the time spent per such denial.
import { isAscii } from 'node:buffer';
import { isoEnvelope, type IsoEnvelope } from '../journal/iso-bytes.js';
import { MAX_LINE_BYTES, type StreamMeta } from '../types.js';
import { MESOS_CUT_MIN } from './cut.js';
import { recordDenyUid } from './deny-uid.js';
import { bytesAt } from './key-bytes.js';
import { isAuditLogger } from './marathon.js';
import { fits, originOfNames, type Claim } from './origin.js';
import { interned } from '../intern.js';

const SP = 0x20;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LPAREN = 0x28;
const RPAREN = 0x29;
const AUDITLOG = Buffer.from('auditlog(): type=audit ');
const LUA = Buffer.from('[lua] ');
const LOGFMT = Buffer.from('logfmt.cpp');

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** Index after the digits at `i` (at least one), or -1. */
function digitsFrom(b: Buffer, i: number): number {
  const s = i;
  while (isDigit(b[i])) i++;
  return i > s ? i : -1;
}

/** `pattern` over b[at…]: `d` a digit, any other character itself. */
function shapeAt(b: Buffer, at: number, pattern: string): boolean {
  for (let k = 0; k < pattern.length; k++) {
    const c = pattern.charCodeAt(k);
    if (c === 0x64 ? !isDigit(b[at + k]) : b[at + k] !== c) return false;
  }
  return true;
}

/**
 * The line without its trailing CR, when it is ASCII and not cut by the decoder; else null. A
 * second CR is refused: the decoder drops one and parseLine another, so the text parsed would not
 * be these bytes.
 */
function plainLine(line: Buffer): Buffer | null {
  const b = line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
  return b.length <= MAX_LINE_BYTES && b[b.length - 1] !== 0x0d && isAscii(b) ? b : null;
}

const fromWriter = (env: IsoEnvelope, claims: readonly Claim[]): boolean => fits(originOfNames(env.unit, env.ident), claims);

/**
 * nginx's prefix from `m` (NGINX_PREFIX, without the `HOST nginx: ` of syslog relays), then lua's
 * `[lua] FILE:LINE: auditlog(): `, ending right at `t`, where `type=audit ` starts: within the 1024
 * characters nginxShape reads.
 */
function nginxAuditPrefix(b: Buffer, m: number, t: number): boolean {
  if (t - m > 1024 || !shapeAt(b, m, 'dddd/dd/dd dd:dd:dd [')) return false;
  let i = m + 21;
  const level = i;
  while (b[i]! >= 0x61 && b[i]! <= 0x7a) i++; // [a-z]+ (undefined past the end compares false)
  if (i === level || b[i] !== RBRACKET || b[i + 1] !== SP) return false;
  i = digitsFrom(b, i + 2); // PID#TID:
  if (i < 0 || b[i] !== 0x23) return false;
  i = digitsFrom(b, i + 1);
  if (i < 0 || b[i] !== COLON || b[i + 1] !== SP) return false;
  i += 2;
  if (b[i] === 0x2a) {
    // `*CONN `: without it nginx's text would start at the `*`, not at `[lua]`
    i = digitsFrom(b, i + 1);
    if (i < 0 || b[i] !== SP) return false;
    i++;
  }
  if (!bytesAt(b, i, LUA)) return false;
  // `FILE:LINE:` up to the next space: FILE 1-255 characters, LINE 1-7 digits.
  const f = i + LUA.length;
  let s = f;
  while (s < t && b[s] !== SP) s++;
  let d = s - 1;
  if (b[d] !== COLON) return false;
  while (d > f && isDigit(b[d - 1])) d--;
  const digits = s - 1 - d;
  const file = d - 1 - f;
  // Then ` auditlog(): ` (13 bytes with the space) up to the record's `type=audit ` at t.
  return digits >= 1 && digits <= 7 && b[d - 1] === COLON && file >= 1 && file <= 255 && s + 13 === t && bytesAt(b, s + 1, AUDITLOG);
}

/**
 * isAdminRouterRecord on the bytes: `t` is where the record's `type=audit` starts (for the scanner,
 * the line's first). True only when isAdminRouterRecord is true of the parsed line; false when
 * not, or not sure.
 */
export const adminRouterRecordBytes = (line: Buffer, t: number, meta: StreamMeta): boolean => adminRouterEnvelope(line, t, meta) !== null;

/** The envelope of a line adminRouterRecordBytes takes, else null. */
export function adminRouterEnvelope(line: Buffer, t: number, meta: StreamMeta): IsoEnvelope | null {
  const b = plainLine(line);
  const env = b && isoEnvelope(b, meta);
  if (!b || !env || t < env.message || !nginxAuditPrefix(b, env.message, t)) return null;
  // Not asked whether it quotes a client: the marker right after nginx's prefix says lua wrote it (quotesClientInput).
  return fromWriter(env, ['adminrouter']) ? env : null;
}

/** Where a glog body starts (GLOG, from `logfmt.cpp`, within its 300-character window), or -1. */
function mesosAuditBody(b: Buffer, m: number): number {
  const c = b[m];
  if ((c !== 0x49 && c !== 0x57 && c !== 0x45 && c !== 0x46) || !shapeAt(b, m + 1, 'dddd dd:dd:dd.')) return -1; // [IWEF]
  let i = digitsFrom(b, m + 15);
  if (i < 0 || b[i] !== SP) return -1;
  while (b[i] === SP) i++;
  i = digitsFrom(b, i); // thread
  if (i < 0 || b[i] !== SP) return -1;
  const f = ++i;
  while (i < b.length && b[i] !== SP && b[i] !== RBRACKET) i++;
  if (b[i] !== RBRACKET || b[i + 1] !== SP || i + 2 - m > 300) return -1;
  let d = i;
  while (d > f && isDigit(b[d - 1])) d--;
  const colon = d - 1;
  if (d === i || b[colon] !== COLON || colon - f < 1 || colon - f > 200) return -1;
  // The file's base name is `logfmt.cpp`.
  const base = colon - LOGFMT.length;
  return base >= f && bytesAt(b, base, LOGFMT) && (base === f || b[base - 1] === 0x2f) ? i + 2 : -1;
}

const isUpper = (c: number | undefined): boolean => c !== undefined && c >= 0x41 && c <= 0x5a;
const isLoggerCode = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || isUpper(c) || isDigit(c) || c === 0x5f || c === 0x2e || c === 0x24;

/** Where a logback body starts (LOGBACK, within its 100-character window), or -1. */
function logbackBody(b: Buffer, m: number): number {
  if (!shapeAt(b, m, '[dddd-dd-dd dd:dd:dd') || (b[m + 20] !== 0x2c && b[m + 20] !== 0x2e)) return -1;
  let i = digitsFrom(b, m + 21);
  if (i < 0 || b[i] !== RBRACKET || b[i + 1] !== SP) return -1;
  const l = (i += 2);
  while (isUpper(b[i])) i++;
  if (i - l < 4 || i - l > 5 || b[i] !== SP) return -1;
  i += b[i + 1] === SP ? 2 : 1;
  return i - m <= 100 ? i : -1;
}

/** LOGGER at the end of the message (` (NAME:THREAD)`, searched from `from`): where it starts and NAME, or null. */
function loggerAtEnd(b: Buffer, from: number): { start: number; name: string } | null {
  const e = b.length;
  if (b[e - 1] !== RPAREN) return null;
  // The `(` is the message's last: neither NAME nor THREAD holds one.
  let q = e - 2;
  while (q >= from && b[q] !== LPAREN) if (b[q--] === RPAREN) return null;
  if (q - 1 < from || b[q - 1] !== SP) return null;
  let c = q + 1;
  while (c < e && isLoggerCode(b[c]!)) c++;
  if (b[c] !== COLON || c - q - 1 < 1 || c - q - 1 > 300 || e - 1 - (c + 1) > 300) return null;
  return { start: q - 1, name: interned.text(b, q + 1, c) };
}

/**
 * denyUidOf on the bytes, for Mesos and Marathon/Metronome lines: the uid of another principal's
 * denial; false for a wanted principal's (parse it whole: no need to ask the decoded path); null
 * when not one, or not sure. `t`: where the line's first `type=audit` starts (a record before the
 * message starts is not looked for; recordDenyUid wants the field).
 */
export function denyUidOfBytes(line: Buffer, t: number, meta: StreamMeta, wanted: ReadonlySet<string>): string | false | null {
  const uid = recordDenyOfBytes(line, t, meta, wanted)?.uid ?? null;
  return uid !== null && wanted.has(uid) ? false : uid;
}

export interface RecordDeny {
  uid: string;
  env: IsoEnvelope;
  /** Marathon's or Metronome's audit logger (else Mesos's). */
  plugin: boolean;
}

/**
 * What denyUidOfBytes reads, with the envelope and the writer; the record's fields are in FIELD
 * (key-bytes.ts). A uid in `wanted` is given as soon as it is read (recordDenyUid).
 */
export function recordDenyOfBytes(line: Buffer, t: number, meta: StreamMeta, wanted: ReadonlySet<string>): RecordDeny | null {
  const b = plainLine(line);
  const env = b && isoEnvelope(b, meta);
  if (!b || !env || t < env.message) return null;
  const m = env.message;
  let uid: string | null;
  const plugin = b[m] === LBRACKET;
  if (plugin) {
    const body = logbackBody(b, m);
    // logbackLine reads the logger in the message's last 700 characters, after the body.
    const logger = body < 0 ? null : loggerAtEnd(b, Math.max(body, b.length - 700));
    if (!logger || !isAuditLogger(logger.name) || !fromWriter(env, ['marathon', 'metronome'])) return null;
    uid = recordDenyUid(b, body, logger.start, true, wanted);
  } else {
    // A message as long as one journald may have cut is parsed (the parser refuses it: cut.ts).
    const body = b.length - m < MESOS_CUT_MIN ? mesosAuditBody(b, m) : -1;
    uid = body >= 0 && fromWriter(env, ['mesos']) ? recordDenyUid(b, body, b.length, false, wanted) : null;
  }
  return uid === null ? null : { uid, env, plugin };
}
