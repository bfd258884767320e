// The one place that hides the secrets a URL can carry before it is shown or stored (docs/iam-api.md, "Where and how"):
// a user name and password (`https://user:secret@master/`) and query parameters named like a
// credential (`?token=…`, `&api_key=…`). Works on one URL or on any text that holds URLs (an error
// message), so it can be the last step before stderr as well as the first step of each output.
// A secret ends at a blank (`\p{Zs}`: a space, a no-break space), never at a line break, a tab or
// another control character: safeText (text.ts) escapes those into visible text (`\x0a`), which
// is then part of the secret, so the secret's tail after a line break is hidden in either order.

/**
 * The user-info of `scheme://user-info@host`: greedy up to the last `@` before the path, query,
 * fragment or a blank, as URL parsers read it (a password may hold an unescaped `@`). Wherever the
 * scheme starts: after `_` or a digit too (`x_https://…`), where a word boundary would not be.
 */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^\p{Zs}/?#]*)@/giu;

/** Parameter names that hold credentials (OAuth tokens, signed-URL signatures, API keys, passwords). */
const SECRET_PARAM = /([?&;#][\w.-]*(?:token|secret|passw|pwd|key|sig|auth|cred|session)[\w.-]*=)[^&#\p{Zs}]*/giu;

export const REDACTED = '***';

/**
 * `text` with every URL's user-info replaced by `***` and every credential-named query parameter's
 * value by `***`. An `ssh://` user name alone is kept: it is a login name, shown in host labels,
 * never a secret (a password next to it is hidden).
 */
export function redactUrls(text: string): string {
  if (!text.includes('@') && !/[?&;#]/.test(text)) return text;
  return text
    .replace(USERINFO, (whole, scheme: string, info: string) => (/^ssh:/i.test(scheme) && !info.includes(':') ? whole : `${scheme}${REDACTED}@`))
    .replace(SECRET_PARAM, `$1${REDACTED}`);
}

/** `name=value` and `"name": "value"` for a credential-like name anywhere in a text (a server page echoing a header or a query). */
// Name parts bounded: unbounded ones made a crafted 2 KB page of `token-token-…` cost 0.2 s.
const SECRET_NAME = '[\\w.-]{0,32}(?:token|secret|passw|pwd|key|sig|auth|cred|session)[\\w.-]{0,32}';
const SECRET_ASSIGN = new RegExp(`(\\b${SECRET_NAME}=)[^&#\\s"'<>]+`, 'giu');
const SECRET_JSON = new RegExp(`("${SECRET_NAME}"\\s*:\\s*")[^"]*`, 'giu');
/** Shorter tails of a known secret are not looked for at a text's end (they would match by chance). */
const MIN_TAIL = 8;

/** How a server may write a secret it echoes: as sent, JSON-escaped, HTML-escaped, percent-encoded. */
function echoForms(k: string): string[] {
  const html = k.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return [...new Set([k, JSON.stringify(k).slice(1, -1), html, encodeURIComponent(k)])];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that hides each of `known` (the secrets a request carried) in a text, wherever it is, in
 * each form a server may echo it (echoForms), also its head where the text ends inside it (a body or
 * a value cut short). A secret shorter than MIN_TAIL (a short password) is hidden only as a word of
 * its own: inside a word it would mangle the IAM's codes (`ERR_ACE_EXISTS` for a password `ACE`) and
 * could not be told from chance. Built once per request: it runs on every string of an answer.
 */
export function knownHider(known: readonly string[]): (text: string) => string {
  const forms = [...new Set(known.filter((k) => k !== '').flatMap(echoForms))];
  const long = forms.filter((k) => k.length >= MIN_TAIL);
  const short = forms.filter((k) => k.length < MIN_TAIL).map((k) => new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRe(k)}(?![\\p{L}\\p{N}_])`, 'gu'));
  if (!forms.length) return (text) => text;
  return (text) => {
    let s = text;
    for (const k of long) {
      if (s.includes(k)) s = s.split(k).join(REDACTED);
      // The text may end inside the secret: its earliest such start gives the longest head.
      const head = k.slice(0, MIN_TAIL);
      for (let i = s.indexOf(head, Math.max(0, s.length - k.length + 1)); i >= 0; i = s.indexOf(head, i + 1)) {
        if (k.startsWith(s.slice(i))) {
          s = `${s.slice(0, i)}${REDACTED}`;
          break;
        }
      }
    }
    for (const re of short) s = s.replace(re, REDACTED);
    return s;
  };
}

/**
 * Text a server sent back (an error page) with the secrets it may echo hidden: each of `known` (the
 * session's own token, a password) as knownHider does; every credential-named assignment (`token=…`,
 * `"password": "…"`); and what redactUrls hides.
 */
export function redactEchoed(text: string, known: readonly string[] = []): string {
  return echoRedactor(known)(text);
}

/** redactEchoed for many texts with the same `known` (every string of one answer). */
export function echoRedactor(known: readonly string[]): (text: string) => string {
  const hide = knownHider(known);
  return (text) => redactUrls(hide(text).replace(SECRET_ASSIGN, `$1${REDACTED}`).replace(SECRET_JSON, `$1${REDACTED}`));
}
