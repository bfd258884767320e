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
   * Tokens that are not `key=value` (nor the time tail of a bare value), and quoted values glued to
   * the next token: a whole logfmt record has none (docs/audit-log-forms.md).
   */
  bare: number;
  /** Some key occurred twice: a real record never repeats one, injected text would. */
  repeated: boolean;
}

/** `02:38:24.752481024+00:00`: the second half of a bare timestamp that contains a space. */
function isTimeTail(s: string, at: number): boolean {
  const c = s.charCodeAt(at);
  return c >= 48 && c <= 57 && s.charCodeAt(at + 2) === 58;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

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
      if (lastBareKey !== null && prev !== undefined && !prev.includes(' ') && isTimeTail(s, start)) {
        values.set(lastBareKey, values.get(lastBareKey) + ' ' + s.slice(start, tokEnd));
      } else bare++;
      lastBareKey = null;
      i = tokEnd;
      continue;
    }
    const key = s.slice(start, i);
    if (key === stopKey) return { values, unterminated, stop: start, bare, repeated };
    i++; // '='
    let value: string;
    if (s.charCodeAt(i) === 34 /* " */) {
      i++;
      let out = '';
      let seg = i;
      let closed = false;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c === 92 /* \ */ && isByteEscape(s, i)) i += 4;
        else if (c === 92 /* \ */ && i + 1 < n) {
          out += s.slice(seg, i);
          const e = s[i + 1]!; // i + 1 < n, checked above
          out += ESCAPES[e] ?? e;
          i += 2;
          seg = i;
        } else if (c === 34) {
          closed = true;
          break;
        } else i++;
      }
      value = out + s.slice(seg, i);
      if (closed) {
        i++;
        if (i < n && s.charCodeAt(i) !== 32) bare++; // `k="v"x`: not logfmt
      } else unterminated.add(key);
      lastBareKey = null;
    } else {
      const end = s.indexOf(' ', i);
      const vEnd = end < 0 ? n : end;
      value = s.slice(i, vEnd);
      i = vEnd;
      lastBareKey = key;
    }
    if (!values.has(key)) values.set(key, value);
    else {
      repeated = true;
      if (lastBareKey === key) lastBareKey = null; // never extend a value we did not keep
    }
  }
  return { values, unterminated, stop: n, bare, repeated };
}
