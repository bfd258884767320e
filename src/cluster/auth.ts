// Authenticated calls to the cluster (the IAM, node listing, the logging API): logs in (password or RS256 service login), keeps the auth token fresh
// (re-login shortly before its `exp`, and once on a 401), and turns a second 401 or a 403 into one
// line saying what to do. Secrets live only in this object and in request bodies/headers.
import type { KeyObject } from 'node:crypto';
import { OperationalError } from '../errors.js';
import { iamError, NetworkError, type HttpClient, type HttpResponse } from './http.js';
import { jwtClaims, signServiceLogin } from './jwt.js';
import { tokenFault } from './token.js';

export type LoginMethod =
  | { kind: 'token'; token: string; from: string }
  | { kind: 'password'; uid: string; password: string }
  | { kind: 'service'; uid: string; key: KeyObject };

export const IAM_PREFIX = '/acs/api/v1';
/** Log in again when the token has less than this left (or 10% of its life, if shorter). */
const REFRESH_MARGIN_MS = 60_000;

export class AuthError extends OperationalError {
  constructor(
    message: string,
    hint?: string,
    /** An earlier attempt of the request it ended may have reached the IAM (a change may be applied). */
    readonly maybeSent = false,
  ) {
    super(message, hint);
  }
}

/** The error that ends a request some earlier attempt of which may have reached the IAM: it says so. */
function sentMaybe(e: unknown): unknown {
  if (e instanceof NetworkError && !e.maybeSent) return new NetworkError(e.message, e.hint, e.code, true);
  if (e instanceof AuthError && !e.maybeSent) return new AuthError(e.message, e.hint, true);
  return e;
}

export class IamSession {
  private token: string | null = null;
  private expMs: number | null = null;
  private issuedMs = 0;
  private tokenUid: string | null = null;
  /** Number of logins done (tests and the TUI status line). */
  logins = 0;

  constructor(
    readonly http: HttpClient,
    private readonly method: LoginMethod,
    private readonly now: () => number = Date.now,
  ) {
    if (method.kind === 'token') this.adopt(method.token);
  }

  /** Who we act as, when known (token payload or login uid). */
  get actingUid(): string | null {
    return this.tokenUid ?? (this.method.kind === 'token' ? null : this.method.uid);
  }

  /** An authenticated call to `route` (e.g. `/acs/api/v1/acls/...`, already encoded); 401: one re-login and retry; 403/second 401: AuthError. */
  async call(method: 'GET' | 'PUT' | 'DELETE', route: string, body?: unknown, opts: { pass403?: boolean; maxBodyBytes?: number } = {}): Promise<HttpResponse> {
    const path = this.http.pathFor(route);
    const maxBodyBytes = opts.maxBodyBytes;
    let res = await this.http.request({ method, path, body, token: await this.currentToken(), maxBodyBytes });
    if (res.status === 401 && this.method.kind !== 'token') {
      this.token = null;
      // The retry is a fresh request: what the first one may have done must not be forgotten
      // (a PUT applied, its answer lost, then a 401: docs/ledger.md, "A lost answer").
      const earlier = res.uncertain === true;
      try {
        res = await this.http.request({ method, path, body, token: await this.currentToken(), maxBodyBytes });
      } catch (e) {
        throw earlier ? sentMaybe(e) : e;
      }
      if (earlier) res = { ...res, uncertain: true };
    }
    const maybeSent = res.uncertain === true;
    if (res.status === 401) {
      throw new AuthError(
        this.method.kind === 'token'
          ? `the cluster refused the auth token from ${this.method.from} (401: expired or invalid)`
          : `the cluster refused a fresh auth token for ${this.method.uid} (401 twice)`,
        this.method.kind === 'token'
          ? 'run `dcos auth login` again, pass a new --token, or log in with --login-uid and --private-key/--sa-secret/DCOS_PASSWORD'
          : 'check that the cluster URL is the cluster this account belongs to',
        maybeSent,
      );
    }
    if (res.status === 403 && !opts.pass403) {
      const who = this.actingUid ?? 'this account';
      throw new AuthError(
        `the IAM refused ${method} ${route} for ${who} (403): it lacks the right to manage permissions`,
        `grant ${who} dcos:superuser full (or dcos:adminrouter:acs full on DC/OS 1.10), or use an administrator's credentials`,
        maybeSent,
      );
    }
    return res;
  }

  /** Log in now (or check the static token), so a wrong password fails before any other work. */
  async ensure(): Promise<void> {
    if (this.method.kind === 'token' && this.expMs !== null && this.expMs <= this.now()) {
      throw new AuthError(
        `the auth token from ${this.method.from} expired at ${new Date(this.expMs).toISOString()}`,
        'run `dcos auth login` again, pass a new --token, or log in with --login-uid',
      );
    }
    await this.currentToken();
  }

  /** The auth token (logging in first when needed), for requests whose bodies stream and so cannot go through call(). */
  authToken(): Promise<string> {
    return this.currentToken();
  }

  /** A request outside call() got a 401: the next authToken() logs in again. False when the token is static (nothing to refresh). */
  dropToken(): boolean {
    if (this.method.kind === 'token') return false;
    this.token = null;
    return true;
  }

  /** Where the token comes from, for messages (`DCOS_ACS_TOKEN`, `--token`, `service login as ci`). */
  get tokenOrigin(): string {
    return this.method.kind === 'token' ? this.method.from : `${this.method.kind === 'service' ? 'service ' : ''}login as ${this.method.uid}`;
  }

  private async currentToken(): Promise<string> {
    if (this.method.kind === 'token') return this.method.token;
    const t = this.now();
    if (this.token && this.expMs !== null) {
      const margin = Math.min(REFRESH_MARGIN_MS, (this.expMs - this.issuedMs) / 10);
      if (this.expMs - t > margin) return this.token;
    } else if (this.token) {
      return this.token;
    }
    return this.login();
  }

  private async login(): Promise<string> {
    const m = this.method;
    if (m.kind === 'token') return m.token;
    const body = m.kind === 'password' ? { uid: m.uid, password: m.password } : { uid: m.uid, token: signServiceLogin(m.uid, m.key, this.now()) };
    const res = await this.http.request({ method: 'POST', path: this.http.pathFor(`${IAM_PREFIX}/auth/login`), body });
    if (res.status === 200) {
      const tok = (res.json as { token?: unknown } | null)?.token;
      if (typeof tok !== 'string' || !tok) throw new AuthError(`login as ${m.uid}: the cluster answered 200 without a token`);
      // It goes back in the Authorization header: one that cannot (a line break would split the
      // header) is refused here, not by Node mid-request (docs/iam-api.md).
      const fault = tokenFault(tok);
      if (fault) throw new AuthError(`login as ${m.uid}: the cluster answered with an auth token that ${fault}: it cannot be sent in an HTTP header`, 'check the cluster URL: is it the cluster\'s Admin Router?');
      this.logins++;
      this.adopt(tok);
      return tok;
    }
    const err = iamError(res);
    if (res.status === 401 || err.code === 'ERR_INVALID_CREDENTIALS') {
      throw new AuthError(
        m.kind === 'password'
          ? `login as ${m.uid} failed: wrong password or unknown account (${err.code ?? res.status})`
          : `service login as ${m.uid} failed: the IAM rejected the signed login token (${err.code ?? res.status})`,
        m.kind === 'password'
          ? 'check --login-uid and DCOS_PASSWORD'
          : "check that the private key belongs to this service account (its public key is the one stored in the IAM)",
      );
    }
    if (res.status >= 300 && res.status < 400) {
      throw new AuthError(`login as ${m.uid} failed: ${err.text}`, 'audit2grant follows no redirect: if it leads to the same cluster (http:// to https://), pass that URL as --cluster-url');
    }
    throw new AuthError(`login as ${m.uid} failed: ${err.text}`, 'check the cluster URL and the credentials');
  }

  private adopt(token: string): void {
    const c = jwtClaims(token);
    this.token = token;
    this.expMs = c.expMs;
    this.tokenUid = c.uid;
    this.issuedMs = this.now();
  }
}
