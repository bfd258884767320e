// How the real stack turns a request line into IAM arguments, step by step, from the RAW url:
//  1. Admin Router (nginx) percent-decodes the path once and normalises it (merges `//`, resolves
//     `.`/`..`, 400 on a broken escape). A single-encoded `%2F` becomes a real `/` here and splits
//     the path, so the request lands on a wrong route; `%252F` becomes `%2F`.
//  2. The router splits the decoded path on `/` and matches the route.
//  3. The IAM unquotes the rid segment once more (`%2F` → `/`), as Python's `unquote` does:
//     a broken escape is left as it is (and the rid check then refuses its `%`).
// Node's `req.url` is the raw request target, so we apply exactly these steps ourselves.

export const API_PREFIX = '/acs/api/v1';

export type ProxyResult =
  | { ok: true; path: string; query: URLSearchParams }
  | { ok: false; status: 400 };

const HEX = /^[0-9A-Fa-f]{2}$/;

/** Strict percent-decoding (nginx): a `%` not followed by two hex digits is an error. */
function strictDecode(s: string): string | null {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  const raw = Buffer.from(s, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!; // i < raw.length
    if (c !== 0x25) {
      bytes.push(c);
      continue;
    }
    const hex = raw.subarray(i + 1, i + 3).toString('latin1');
    if (!HEX.test(hex)) return null;
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Lenient percent-decoding (Python's urllib.parse.unquote): broken escapes stay literal. */
export function iamUnquote(s: string): string {
  if (!s.includes('%')) return s;
  const raw = Buffer.from(s, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!; // i < raw.length
    const hex = c === 0x25 ? raw.subarray(i + 1, i + 3).toString('latin1') : '';
    if (c === 0x25 && HEX.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(c);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Step 1: what the proxy hands on, or 400 as nginx answers a broken or escaping path. */
export function proxyDecode(rawUrl: string): ProxyResult {
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
  if (!rawPath.startsWith('/')) return { ok: false, status: 400 };
  const decoded = strictDecode(rawPath);
  // nginx refuses a decoded NUL; we refuse every control character the same way.
  if (decoded === null || /[\u0000]/.test(decoded)) return { ok: false, status: 400 };
  const out: string[] = [];
  const parts = decoded.split('/');
  for (const [i, p] of parts.entries()) {
    if (i === 0) continue;
    const last = i === parts.length - 1;
    if (p === '' && !last) continue; // merge_slashes
    if (p === '.') {
      if (last) out.push('');
      continue;
    }
    if (p === '..') {
      if (out.length === 0) return { ok: false, status: 400 };
      out.pop();
      if (last) out.push('');
      continue;
    }
    out.push(p);
  }
  return { ok: true, path: `/${out.join('/')}`, query };
}

/** Step 2: the segments after `/acs/api/v1/`, or null when the path is not under the IAM. */
export function iamSegments(path: string): string[] | null {
  if (!path.startsWith(`${API_PREFIX}/`)) return null;
  return path.slice(API_PREFIX.length + 1).split('/');
}

/** The IAM's rid check (after decoding): refuse `?#%`, whitespace, control characters, empty. */
export function ridProblem(rid: string): string | null {
  if (rid.length === 0) return 'empty resource id';
  if (rid.length > 1024) return 'resource id too long';
  if (/[?#%]/.test(rid)) return 'resource id contains one of `?#%`';
  if (/[\s\u0000-\u001f\u007f]/u.test(rid)) return 'resource id contains whitespace or a control character';
  return null;
}

export const UID_RE = /^[a-zA-Z0-9\-_@.]{1,96}$/;

/** The form the IAM uses in the `url` fields of its answers: each `/` as `%252F`. */
export function ridInUrl(rid: string): string {
  return rid.split('/').join('%252F');
}

export function aclUrl(rid: string): string {
  return `${API_PREFIX}/acls/${ridInUrl(rid)}`;
}

/** Path segment `i` ('' past the end: routes check the segment count before they read one). */
export const part = (seg: readonly string[], i: number): string => seg[i] ?? '';
