// The pieces both `--uid` fast paths read a record with, on its bytes: Admin Router's fields
// (scanner/counted.ts) and Mesos/Marathon records (deny-uid.ts). Whatever they count must read as
// readPairs reads it, so a key is made of readPairs' own key characters, defined here once.

const KEY = 1;
const UID = 2;
/** Per byte value: KEY when it is a key character (`a-z A-Z 0-9 _ - .`), UID when a uid's (those and `@`). */
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const alnum = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  CLASS[c] = (alnum || c === 95 || c === 45 || c === 46 ? KEY | UID : 0) | (c === 64 ? UID : 0);
}

/** A character of a key, for readPairs and both fast paths (`a-z A-Z 0-9 _ - .`). */
export const isKeyCode = (c: number): boolean => c < 256 && (CLASS[c]! & KEY) !== 0;

/** A character of a DC/OS uid (`a-z A-Z 0-9 - _ . @`). */
export const isUidCode = (c: number): boolean => c < 256 && (CLASS[c]! & UID) !== 0;

/** [a0, a1) of `b` is the ASCII text `lit` (a loop: a native call per key costs more). */
export function bytesAre(b: Buffer, a0: number, a1: number, lit: string): boolean {
  if (a1 - a0 !== lit.length) return false;
  for (let i = 0; i < lit.length; i++) if (b[a0 + i] !== lit.charCodeAt(i)) return false;
  return true;
}

/** b[p, p + lit.length) equals lit (a loop: these needles are short, a native call costs more). */
export function bytesAt(b: Buffer, p: number, lit: Buffer): boolean {
  if (p < 0 || p + lit.length > b.length) return false;
  for (let i = 0; i < lit.length; i++) if (b[p + i] !== lit[i]) return false;
  return true;
}

/**
 * Admin Router's fields before request_uri, in the one order it writes them (docs/audit-log-forms.md).
 * A key it never writes, or one out of this order, was written by a client into a value with a
 * space (a service name taken from the URL): on a line nginx cut, the fields that would then repeat
 * are gone, and the order still tells (keys written in it leave a line cut before request_uri,
 * which gets no uid: request-context.ts). The parser and the fast path both hold records to it.
 */
export const ADMIN_ROUTER_KEYS: readonly string[] = ['type', 'timestamp', 'authorizer', 'object', 'action', 'result', 'reason', 'srcip', 'srcport'];

/**
 * Marathon's and Metronome's audit logger writes its fields in this one order too, `path` (or
 * `object`, one of them) the Marathon id (docs/audit-log-forms.md): a path holding ` x=1` would
 * otherwise name a shorter id, its own.
 */
export const PLUGIN_KEYS: readonly string[] = ['timestamp', 'type', 'uid', 'srcip', 'srcport', 'dstip', 'dstport', 'authorizer', 'action', 'path', 'object', 'result'];

/** Each key is one of `order`'s, after the one before it (any may be missing). */
export function inOrder(keys: Iterable<string>, order: readonly string[]): boolean {
  let next = 0;
  for (const k of keys) {
    const at = order.indexOf(k, next);
    if (at < 0) return false;
    next = at + 1;
  }
  return true;
}

// The keys of the Mesos or Marathon record being read (deny-uid.ts; Admin Router's have a fixed
// order, which rules out a repeat): bounds and a hash each, no allocation per line. A record with
// more keys is parsed.
const MAX_KEYS = 48;
const keyStart = new Int32Array(MAX_KEYS);
const keyEnd = new Int32Array(MAX_KEYS);
/** A hash of each key, made while its characters are checked: most pairs of keys differ there. */
const keyHash = new Int32Array(MAX_KEYS);

/**
 * Record key [k0, k1) of `b`, hash `h`, as the record's key number `n` (0 for its first): false
 * when the table is full or the key was already among the first `n` (a repeated key).
 */
export function addKey(b: Buffer, k0: number, k1: number, h: number, n: number): boolean {
  if (n === MAX_KEYS) return false;
  for (let j = 0; j < n; j++) {
    if (keyHash[j] !== h) continue;
    const start = keyStart[j]!; // j < n <= MAX_KEYS, the arrays' length
    if (keyEnd[j]! - start !== k1 - k0) continue;
    let same = true;
    for (let i = 0; same && i < k1 - k0; i++) same = b[start + i] === b[k0 + i];
    if (same) return false;
  }
  keyStart[n] = k0;
  keyEnd[n] = k1;
  keyHash[n] = h;
  return true;
}

/**
 * Where the last record read by either walk held the fields a finding is made of: [start, end) of
 * each value (quotes excluded), -1 when the record had none. Read right after a walk that accepted
 * the record (the scanner's all-principals path), before the next walk.
 */
export const FIELD = new Int32Array(14);
export const OBJECT = 0;
export const ACTION = 2;
export const TIMESTAMP = 4;
/** The time tail readPairs appends to a bare timestamp (`2018-04-10 02:38:24.75+00:00`). */
export const TIMESTAMP_TAIL = 6;
export const AUTHORIZER = 8;
export const PATH = 10;
export const UID_FIELD = 12;

/** Forget the fields of the record read before. */
export const clearFields = (): void => void FIELD.fill(-1);

/** Value `f` of the record: [start, end), when present. */
export function field(f: number, v0: number, v1: number): void {
  FIELD[f] = v0;
  FIELD[f + 1] = v1;
}
