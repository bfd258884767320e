// Text helpers shared by the renderers: shell quoting and neutralising hostile log text.
import { redactUrls } from './redact.js';

/** Leaves safe words bare; everything else goes in single quotes (`'` as `'\''`). */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Control characters (newlines included, which could end a shell comment), DEL and C1; format
 * characters (bidi overrides, zero-width spaces and joiners, soft hyphens, BOM); combining marks;
 * line and paragraph separators: what could move, hide or disguise the text around it.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{M}\p{Zl}\p{Zp}]/gu;

/** `\x1b`, `\u2011`, `\u{1f600}`: a character as the escape a reader can look up. */
function escaped(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = code.toString(16);
  return code < 0x100 ? `\\x${hex.padStart(2, '0')}` : code <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\u{${hex}}`;
}

/** Makes text from logs safe for a terminal or a `# ` comment line: UNSAFE characters become visible escapes. */
export function safeText(s: string): string {
  return s.replace(UNSAFE, escaped);
}

/**
 * An identifier (rid, uid, action) as printable ASCII: every other character escaped like safeText
 * does, so a look-alike (U+2011 for `-`, Cyrillic `а` for `a`) shows as what it is, and a space
 * cannot pass for the gap between a rid and its action. DC/OS ids are ASCII without spaces
 * (policy/validate.ts refuses the rest), so a real id is shown unchanged. `\` is doubled: a rid
 * holding the text `\u2011` then never looks like one holding the character (one form, one id).
 */
export function asciiText(s: string): string {
  return s.replace(/[^\x21-\x5b\x5d-\x7e]/gu, (ch) => (ch === '\\' ? '\\\\' : escaped(ch)));
}

/** A line that holds ids (a log line naming a rid) as printable ASCII: spaces stay, the rest as asciiText. */
export function asciiLine(s: string): string {
  return s.replace(/[^\x20-\x7e]/gu, escaped);
}

/**
 * Text that may hold a URL's secrets, for a terminal: redacted, then escaped. Every place that does
 * both goes through here; redact.ts ends a secret where the escaped text would, so this order hides
 * what the other would.
 */
export function safeRedacted(s: string): string {
  return safeText(redactUrls(s));
}

/**
 * Text a remote peer chose (an IAM or logging-API answer, an SSH server's or a node command's
 * words) as one terminal-safe line, cut at `max` characters: white space runs become one space,
 * every other control character a visible escape. Applied where such text enters a message.
 */
export function remoteText(s: string, max = 300): string {
  // Redacted first: joining white space would leave a secret's tail after a line break as a word of
  // its own, and a cut inside a URL's user-info would leave no `@` to find it by.
  const one = redactUrls(s).replace(/\s+/g, ' ').trim();
  return safeText(one.length > max ? `${one.slice(0, max)}…` : one);
}

/** Several lines (an error and its hint), each made safe; the line breaks between them are kept. */
export function safeLines(s: string): string {
  return s.split('\n').map(safeText).join('\n');
}

/** ISO 8601 UTC with `Z`, or null when unknown. */
export function isoTime(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A source error as one terminal-safe line: the sources' messages usually name the source already, so it is not said twice. */
export function sourceErrorText(e: { source: string; message: string }): string {
  // A source spec may be a URL someone typed a password into (ssh://user:pw@host): hidden here too.
  return safeRedacted(e.message.includes(e.source) ? e.message : `${e.source}: ${e.message}`);
}
