// The `--uid` fast path for Mesos and Marathon/Metronome lines: which principal a denial names,
// read without building a Decision, for lines whose record has the one plain shape where that is
// certain. Another principal's denial is then counted, not parsed: with `--uid`, these denials were
// ~60 % of the denials still parsed on the bench's `short` shape. The record is read on the line's
// bytes, not its decoded text: 0.88 us a Mesos record against 1.47 us with charCodeAt on the
// message (2-core AMD EPYC VM, docs/benchmarks.md, fourth pass).
// Whatever this returns, parseAudit reads the same entry as a deny by that uid (the scanner's
// mutation test, test/core/scanner/counted.test.ts, checks it on thousands of altered lines); when
// unsure it returns null and the line is parsed. The envelope and origin rules are parseAudit's own
// functions, called in its order; only the record's fields are read here, stricter than readPairs.
import { isAscii } from 'node:buffer';
import { messageIsTail } from '../journal/index.js';
import { MESOS_CUT_MIN } from './cut.js';
import type { JournalEntry, StreamMeta } from '../types.js';
import { ACTION, addKey, AUTHORIZER, bytesAre, clearFields, field, isKeyCode, isUidCode, OBJECT, PATH, PLUGIN_KEYS, TIMESTAMP, TIMESTAMP_TAIL, UID_FIELD } from './key-bytes.js';
import { glogPrefix, isMesosAuditLogger } from './logfmt.js';
import { isAuditLogger, logbackLine } from './marathon.js';
import { fits, originOf } from './origin.js';
import { interned } from '../intern.js';

const SP = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const EQ = 61;
const COLON = 58;

/**
 * The uid of a whole logfmt record in bytes [from, to) of `b` that readPairs reads as a denial: every
 * token `key=value` (or the time tail readPairs appends to a bare `timestamp`), no key twice,
 * no backslash in any value nor a `"` in a bare one, quoted values closed and followed by a space or the end; `type=audit`,
 * `result=deny` (exactly), a non-empty action, an object (Mesos: non-empty) or, for the plugins,
 * a path or object, and a non-empty uid of DC/OS uid characters. Else null. A uid in `wanted` is
 * returned as soon as it is read, the rest of the record unchecked: its denial is parsed whole.
 */
export function recordDenyUid(b: Buffer, from: number, to: number, plugin: boolean, wanted: ReadonlySet<string>): string | null {
  let keys = 0;
  let next = 0; // a plugin record's keys come in PLUGIN_KEYS' order: where the next may be
  let paths = 0; // a plugin record's `path` and `object`: one of them
  let typeAudit = false;
  let deny = false;
  let action = false;
  let object = false;
  let uid: string | null = null;
  // A bare value readPairs may extend with a time tail: only one of no interest here (timestamp).
  let lastBareExtensible = false;
  let timestampLast = false; // that value is the timestamp's: its tail is part of it
  let i = from;
  clearFields();
  while (i < to) {
    while (i < to && b[i] === SP) i++;
    if (i >= to) break;
    const k0 = i;
    let h = 0;
    for (let c = b[i]!; i < to && isKeyCode(c); c = b[++i]!) h = (Math.imul(h, 31) + c) | 0;
    if (i === k0 || i >= to || b[i] !== EQ) {
      // Not a pair: only the time tail of the bare value just read (`2018-04-10 02:38:24.75+00:00`).
      const c = b[k0]!;
      if (!lastBareExtensible || !(c >= 48 && c <= 57) || k0 + 2 >= to || b[k0 + 2] !== COLON) return null;
      lastBareExtensible = false;
      while (i < to && b[i] !== SP) if (b[i++] === QUOTE) return null; // readPairs: not a time tail
      if (timestampLast) field(TIMESTAMP_TAIL, k0, i);
      continue;
    }
    const k1 = i++;
    if (!addKey(b, k0, k1, h, keys++)) return null; // repeated, or too many keys
    if (plugin) {
      let at = next;
      while (at < PLUGIN_KEYS.length && !bytesAre(b, k0, k1, PLUGIN_KEYS[at]!)) at++;
      if (at === PLUGIN_KEYS.length) return null; // a key it never writes, or out of order: parsed
      next = at + 1;
    }
    let v0: number;
    let v1: number;
    if (i < to && b[i] === QUOTE) {
      v0 = ++i;
      while (i < to && b[i] !== QUOTE) if (b[i++] === BACKSLASH) return null;
      if (i >= to) return null; // unterminated
      v1 = i++;
      if (i < to && b[i] !== SP) return null; // `k="v"x`
      lastBareExtensible = false;
    } else {
      v0 = i;
      // A loop, not indexOf: a builtin call per value cost more. A backslash may start a `\xNN`
      // the parser refuses in a finding's fields (audit/message.ts): such lines are parsed.
      while (i < to) {
        const c = b[i]!; // i < to <= b.length
        if (c === SP) break;
        if (c === BACKSLASH || c === QUOTE) return null; // readPairs counts a bare `"` as not logfmt
        i++;
      }
      v1 = i;
      lastBareExtensible = true;
    }
    // The keys of interest, told apart by their first letter before comparing.
    const c0 = b[k0]!;
    timestampLast = false;
    if (c0 === 116 /* t */ && bytesAre(b, k0, k1, 'timestamp')) {
      field(TIMESTAMP, v0, v1);
      timestampLast = lastBareExtensible;
    } else if (c0 === 116 /* t */ && bytesAre(b, k0, k1, 'type')) {
      typeAudit = bytesAre(b, v0, v1, 'audit');
      lastBareExtensible = false;
    } else if (c0 === 114 /* r */ && bytesAre(b, k0, k1, 'result')) {
      deny = bytesAre(b, v0, v1, 'deny');
      lastBareExtensible = false;
    } else if (c0 === 97 /* a */ && bytesAre(b, k0, k1, 'action')) {
      action = v1 > v0;
      field(ACTION, v0, v1);
      lastBareExtensible = false;
    } else if (c0 === 97 /* a */ && bytesAre(b, k0, k1, 'authorizer')) {
      field(AUTHORIZER, v0, v1);
      lastBareExtensible = false;
    } else if (c0 === 111 /* o */ && bytesAre(b, k0, k1, 'object')) {
      if (plugin && ++paths > 1) return null;
      object = object || v1 > v0 || plugin;
      field(OBJECT, v0, v1);
      lastBareExtensible = false;
    } else if (c0 === 112 /* p */ && bytesAre(b, k0, k1, 'path')) {
      if (plugin && ++paths > 1) return null;
      if (plugin) object = true;
      field(PATH, v0, v1);
      lastBareExtensible = false;
    } else if (c0 === 117 /* u */ && bytesAre(b, k0, k1, 'uid')) {
      if (v1 === v0) return null;
      for (let k = v0; k < v1; k++) if (!isUidCode(b[k]!)) return null;
      uid = interned.text(b, v0, v1);
      field(UID_FIELD, v0, v1);
      // A wanted principal's denial is parsed whole (it makes a finding): stop reading here.
      if (wanted.has(uid)) return uid;
      lastBareExtensible = false;
    }
  }
  return typeAudit && deny && action && object ? uid : null;
}

const other = (uid: string | null, wanted: ReadonlySet<string>): string | null => (uid === null || wanted.has(uid) ? null : uid);

/**
 * The uid parseAudit would read from this one-line entry as a Mesos or Marathon/Metronome denial
 * of a principal not in `wanted`, or null (anything else, or not sure: parse it). `line`: the bytes
 * `entry.raw` was decoded from (without a trailing CR); the record is read there, so only an ASCII
 * line of an envelope whose message is the tail of the line qualifies (then a character's index is
 * its byte's). Admin Router lines have their own byte-level path (scanner/counted.ts). A message
 * that starts like glog (`I0301 …`) or logback (`[2019-…`) can never match nginx's prefix (a digit
 * first, or `WORD nginx` up to the first space), so parseAudit would take the same branch.
 */
export function denyUidOf(entry: JournalEntry, meta: StreamMeta, line: Buffer, wanted: ReadonlySet<string>): string | null {
  const msg = entry.message;
  if (entry.raw?.length !== line.length || !messageIsTail(entry.envelope) || !isAscii(line)) return null;
  // The scanner drops an entry whose message lacks the needle; parseAudit takes one line only.
  if (!msg.includes('type=audit') || msg.includes('\n')) return null;
  const at = line.length - msg.length;
  const c0 = msg.charCodeAt(0);
  if (c0 === 91 /* [ */) {
    const lb = logbackLine(msg);
    if (!lb || !isAuditLogger(lb.logger) || !fits(originOf(entry, meta), ['marathon', 'metronome'])) return null;
    return other(recordDenyUid(line, at + lb.body, at + lb.end, true, wanted), wanted);
  }
  // A Mesos message as long as one journald may have cut is parsed (the parser refuses it: cut.ts).
  if (msg.length >= MESOS_CUT_MIN) return null;
  const g = glogPrefix(msg);
  if (!g || !isMesosAuditLogger(g) || !fits(originOf(entry, meta), ['mesos'])) return null;
  return other(recordDenyUid(line, at + g.body, line.length, false, wanted), wanted);
}
