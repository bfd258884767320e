// A linear-time `key=value` tokenizer for audit text (logfmt and its looser cousins): quoted values
// with backslash escapes (a byte's `\xNN` kept as written), bare values up to a space, tokens
// without `=` skipped. No regex, so a hostile 1 MB line costs one pass.
import { isKeyCode } from './key-bytes.js';

export interface Pairs {
  /** First occurrence of each key wins. */
  values: Map<string, string>;
  /** Keys whose quoted value ran to the end of the text without its closing quote (a cut line). */
  unterminated: Set<string>;
  /** Index where reading stopped (text length, or the start of `stopKey`'s pair). */
  stop: number;
  /**
   * Tokens that are not `key=value` (nor the time tail of a bare value), quoted values glued to the
   * next token, and bare values holding a `"`: a whole logfmt record has none (docs/audit-log-forms.md).
   */
  bare: number;
  /** Some key occurred twice: a real record never repeats one, injected text would. */
  repeated: boolean;
  /** More than MAX_FIELDS keys: reading stopped there (`stop`). No writer's record has so many. */
  overflow: boolean;
}

/**
 * The most keys read from one text. The audit writers use under 20 (docs/audit-log-forms.md); a
 * hostile 1 MiB line of `kN=v` pairs made a map of ~100k entries per line and a 130 MB peak.
 */
export const MAX_FIELDS = 256;

/** `02:38:24.752481024+00:00`: the second half of a bare timestamp that contains a space. */
function isTimeTail(s: string, at: number): boolean {
  const c = s.charCodeAt(at);
  return c >= 48 && c <= 57 && s.charCodeAt(at + 2) === 58;
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);

/**
 * `\xNN` at `i`: how the journal readers show a byte that is not valid UTF-8 (journal/utf8.ts), and
 * how logfmt writers escape one. It stands for that byte, never for the text `xNN`: it is kept as
 * written, and a finding made of such a value is refused (audit/message.ts).
 */
export const isByteEscape = (s: string, i: number): boolean =>
  s.charCodeAt(i) === 92 && s.charCodeAt(i + 1) === 120 && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3));

/** `v` holds a `\xNN` (isByteEscape): a value no finding or grant can name exactly. */
export function holdsByteEscape(v: string | null): boolean {
  if (v === null) return false;
  for (let i = v.indexOf('\\x'); i >= 0; i = v.indexOf('\\x', i + 1)) if (isByteEscape(v, i)) return true;
  return false;
}

/**
 * A logfmt record's fields can be trusted when every token is `key=value`, no key repeats and the
 * keys are few: text a client slipped into a value without quoting would add words or repeat a key.
 */
export function wholeRecord(p: Pairs): boolean {
  return p.bare === 0 && !p.repeated && !p.overflow;
}

const utf16 = new TextDecoder('utf-16le');

/**
 * The quoted value `s[from, to)` with its escapes read (`\xNN` kept as written). Built in one code-unit
 * array, not by `+=`: a hostile 1 MiB value of `\"` made a rope of ~700k pieces a line; the collector
 * took 9 s of a 10 s run, with a 190 MB peak (docs/benchmarks.md, "Hostile long lines").
 */
function unescapeQuoted(s: string, from: number, to: number): string {
  const out = new Uint16Array(to - from);
  let k = 0;
  for (let i = from; i < to; ) {
    const c = s.charCodeAt(i);
    if (c === 92 && isByteEscape(s, i)) {
      for (const stop = i + 4; i < stop; i++) out[k++] = s.charCodeAt(i);
    } else if (c === 92 && i + 1 < to) {
      const e = s.charCodeAt(i + 1);
      out[k++] = e === 110 ? 10 : e === 116 ? 9 : e === 114 ? 13 : e; // \n \t \r, else the character itself
      i += 2;
    } else {
      out[k++] = c;
      i++;
    }
  }
  return utf16.decode(out.subarray(0, k));
}

/**
 * Read pairs from `from`; stop before the pair whose key is `stopKey` (its start is `stop`).
 * A bare token without `=` right after a bare value that looks like a time is appended to it
 * (Mesos writes `timestamp=2018-04-10 02:38:24.752481024+00:00`).
 */
export function readPairs(s: string, from = 0, stopKey?: string): Pairs {
  const values = new Map<string, string>();
  const unterminated = new Set<string>();
  const n = s.length;
  let i = from;
  let lastBareKey: string | null = null;
  let bare = 0;
  let repeated = false;
  while (i < n) {
    while (i < n && s.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && isKeyCode(s.charCodeAt(i))) i++;
    if (i === start || s.charCodeAt(i) !== 61 /* = */) {
      // Not a pair: skip the token (maybe the rest of a timestamp).
      const end = s.indexOf(' ', i);
      const tokEnd = end < 0 ? n : end;
      const prev = lastBareKey === null ? undefined : values.get(lastBareKey);
      const tail = s.slice(start, tokEnd);
      // A tail holding a `"` is a quoted value's end, as a bare value holding one (below).
      if (lastBareKey !== null && prev !== undefined && !prev.includes(' ') && isTimeTail(s, start) && !tail.includes('"')) {
        values.set(lastBareKey, values.get(lastBareKey) + ' ' + tail);
      } else bare++;
      lastBareKey = null;
      i = tokEnd;
      continue;
    }
    if (values.size === MAX_FIELDS) return { values, unterminated, stop: start, bare, repeated, overflow: true };
    const key = s.slice(start, i);
    if (key === stopKey) return { values, unterminated, stop: start, bare, repeated, overflow: false };
    i++; // '='
    let value: string;
    if (s.charCodeAt(i) === 34 /* " */) {
      i++;
      const open = i;
      let escaped = false;
      let closed = false;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c === 92 /* \ */ && isByteEscape(s, i)) i += 4;
        else if (c === 92 /* \ */ && i + 1 < n) {
          escaped = true;
          i += 2;
        } else if (c === 34) {
          closed = true;
          break;
        } else i++;
      }
      value = escaped ? unescapeQuoted(s, open, i) : s.slice(open, i);
      if (closed) {
        i++;
        if (i < n && s.charCodeAt(i) !== 32) bare++; // `k="v"x`: not logfmt
      } else unterminated.add(key);
      lastBareKey = null;
    } else {
      const end = s.indexOf(' ', i);
      const vEnd = end < 0 ? n : end;
      value = s.slice(i, vEnd);
      // A writer quotes a value that holds a `"`: a bare one is the rest of a quoted value whose
      // start is gone (the piece of a line journald split: scanner/split-rest.ts), or injected.
      if (value.includes('"')) bare++;
      i = vEnd;
      lastBareKey = key;
    }
    if (!values.has(key)) values.set(key, value);
    else {
      repeated = true;
      if (lastBareKey === key) lastBareKey = null; // never extend a value we did not keep
    }
  }
  return { values, unterminated, stop: n, bare, repeated, overflow: false };
}
