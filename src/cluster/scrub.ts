// Hiding what a request sent (its token, its body's credentials) in the answer, before any caller sees it.
import type http from 'node:http';
import { echoRedactor, knownHider } from '../core/redact.js';
import type { HttpRequest, HttpResponse } from './http.js';

/** A body member named like a credential (a login's `password`, a service login's signed `token`). */
const CREDENTIAL_MEMBER = /token|passw|secret|key/i;

/** The secrets a request carries: its token and the credential members of its JSON body. */
export function sentSecrets(req: HttpRequest): string[] {
  const out = req.token ? [req.token] : [];
  if (req.body && typeof req.body === 'object') {
    for (const [k, v] of Object.entries(req.body)) if (typeof v === 'string' && CREDENTIAL_MEMBER.test(k)) out.push(v);
  }
  return out;
}

/**
 * The answer with every secret the request sent hidden (`***`), in its text, every string of its
 * JSON and its headers (a redirect's Location): a server or a proxy may echo the Authorization
 * header or the login body, and its words go into messages, results, --json and the ledger
 * (docs/iam-api.md, "Where and how"). Done by HttpClient.request, once, so no caller can forget
 * it. An answer that is not a success also loses every credential-like assignment (`token=…`,
 * `"password":"…"`) and URL secret it holds; a success keeps them: a login's answer is `{"token": …}`.
 */
export function scrubbed(res: HttpResponse, known: readonly string[]): HttpResponse {
  const ok = res.status >= 200 && res.status < 300;
  const hide = ok ? knownHider(known) : echoRedactor(known);
  const headers: http.IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.map(hide) : typeof v === 'string' ? hide(v) : v;
  let json: unknown;
  try {
    json = deepMap(res.json, hide);
  } catch {
    // Nested past the stack (a hostile body of `[[[[…`): no IAM answer looks like that.
    json = null;
  }
  return { ...res, headers, text: hide(res.text), json };
}

/**
 * `v` with `f` applied to every string value in it (object keys are kept). What `f` leaves alone is
 * not copied: a node listing may be tens of MB of JSON that echoes nothing.
 */
function deepMap(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (!v || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = v.map((e) => deepMap(e, f));
    return out.some((e, i) => e !== v[i]) ? out : v;
  }
  const entries = Object.entries(v);
  const mapped = entries.map(([k, e]) => [k, deepMap(e, f)] as const);
  return mapped.some(([, e], i) => e !== entries[i]?.[1]) ? Object.fromEntries(mapped) : v;
}
