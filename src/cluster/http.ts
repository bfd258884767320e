// The one HTTP client for every call to the cluster (IAM, login, node listing). Built on node:http/https directly (no dependency) because
// they send the request path byte for byte: `%252F` in a rid must reach Admin Router as-is, and
// nothing here may decode or re-encode it. Retries connection errors and 5xx with backoff, never 4xx;
// waits on 429 as Retry-After asks, within bounds; every request has a total time limit.
import http from 'node:http';
import { remoteText } from '../core/text.js';
import { OperationalError } from '../errors.js';
import { attempt as attemptOnce, BODY_TOO_LARGE, DEADLINE, IDLE_TIMEOUT } from './httpAttempt.js';
import { retryAfterMs } from './retryAfter.js';
import { scrubbed, sentSecrets } from './scrub.js';
import { httpsAgent, TLS_TRUST_CODES, UNREACHABLE_CODES, untrustedHint, type TlsSettings } from './tls.js';

export interface HttpClientOptions {
  /** Cluster URL, e.g. `https://master.example.com` (a path prefix is kept). */
  baseUrl: string;
  tls?: TlsSettings;
  /** Idle limit per attempt: no byte for this long ends the attempt (default 30 s). */
  timeoutMs?: number;
  /** Total limit per request: every attempt, backoff and 429 wait included (default 60 s). */
  deadlineMs?: number;
  /** Extra attempts after the first on connection errors, timeouts and 5xx. */
  retries?: number;
  /** First backoff; doubles each attempt. */
  backoffMs?: number;
  /** Most one request waits on 429 answers, in total (default 30 s). */
  maxRateLimitWaitMs?: number;
  /** Most all requests of this client wait on 429 answers together (default 60 s). */
  rateLimitBudgetMs?: number;
  signal?: AbortSignal;
}

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Absolute path on the cluster, already encoded (e.g. `/acs/api/v1/acls/dcos:x:%252Fa`). */
  path: string;
  body?: unknown;
  /**
   * The DC/OS auth token; sent as `Authorization: token=…`, never logged. Hidden in the answer, as
   * are the body's credential members (a login's `password` or signed `token`): see scrub.ts.
   */
  token?: string;
  /** Most bytes of the answer buffered (default MAX_BODY_BYTES): larger fails with BODY_TOO_LARGE. */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON body, or null when it is not JSON (Admin Router answers 401/403 in HTML). */
  json: unknown;
  /**
   * An earlier attempt of this request may have reached the server and its answer was lost (a reset,
   * a timeout, a 5xx from a proxy): a PUT may already have been applied (docs/ledger.md).
   */
  uncertain?: boolean;
  /** Set when the final answer is a 429: why audit2grant stopped waiting, one line. */
  rateLimited?: string;
}

/** The request never got an HTTP answer (after retries), or TLS refused the server. */
export class NetworkError extends OperationalError {
  constructor(
    message: string,
    hint?: string,
    readonly code?: string,
    /** Some attempt may have reached the server (so a change may have been applied). */
    readonly maybeSent = false,
  ) {
    super(message, hint);
  }
}

/** The environment variable that tunes the total limit (seconds); read by client.ts. */
export const DEADLINE_ENV = 'AUDIT2GRANT_IAM_DEADLINE';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 60_000;
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 30_000;
export const DEFAULT_RATE_LIMIT_BUDGET_MS = 60_000;
/** 429 answers one request accepts before giving up, whatever Retry-After says (`0` forever must end). */
const MAX_RATE_LIMITED_TRIES = 5;

const secs = (ms: number): string => `${Math.round(ms / 100) / 10}s`;

export class HttpClient {
  readonly baseUrl: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxRateLimitWaitMs: number;
  private readonly rateLimitBudgetMs: number;
  /** 429 waiting done by every request of this client so far. */
  private rateLimitSpentMs = 0;

  constructor(private readonly opts: HttpClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      // Not quoted: an unparsed URL's password cannot be told apart (clusterUrl.ts checks it first).
      throw new OperationalError('the cluster URL is not a URL', 'pass e.g. --cluster-url https://master.example.com');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OperationalError(`the cluster URL must start with https:// or http:// (got ${url.protocol})`);
    }
    if (url.username || url.password) throw new OperationalError('the cluster URL must not contain credentials', 'use --token or --login-uid');
    this.baseUrl = url;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.retries = opts.retries ?? 3;
    this.backoffMs = opts.backoffMs ?? 250;
    this.maxRateLimitWaitMs = opts.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
    this.rateLimitBudgetMs = opts.rateLimitBudgetMs ?? DEFAULT_RATE_LIMIT_BUDGET_MS;
    if (url.protocol === 'https:') {
      this.agent = httpsAgent(opts.tls ?? {});
    } else {
      this.agent = new http.Agent({ keepAlive: true });
    }
  }

  /** Absolute path for an IAM route relative to the cluster URL's own path. */
  pathFor(route: string): string {
    const prefix = this.baseUrl.pathname.replace(/\/+$/, '');
    return prefix + route;
  }

  /**
   * The answer, after retrying connection errors and 5xx with backoff (never 4xx) and waiting on 429
   * as Retry-After asks, all within the request's total limit (docs/ledger.md, "Time limits").
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    return scrubbed(await this.send(req), sentSecrets(req));
  }

  private async send(req: HttpRequest): Promise<HttpResponse> {
    const deadline = performance.now() + this.deadlineMs;
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    let attempt = 0;
    let uncertain = false;
    let rateLimited = { tries: 0, waitedMs: 0 };
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) throw this.deadlineError(req, uncertain);
      let res: HttpResponse;
      try {
        res = await attemptOnce(this.baseUrl, this.agent, { method: req.method, path: req.path, payload, token: req.token }, {
          idleMs: this.timeoutMs,
          limitMs: left,
          signal: this.opts.signal,
          maxBodyBytes: req.maxBodyBytes,
        });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (this.opts.signal?.aborted) throw new OperationalError('interrupted');
        // Node refused to build the request (bad characters in the path or a header): no network
        // was involved, so retrying cannot help and "cannot reach" would mislead.
        if (code === 'ERR_UNESCAPED_CHARACTERS' || code.startsWith('ERR_INVALID_')) throw err;
        if (code === BODY_TOO_LARGE) throw new NetworkError((err as Error).message, 'is --cluster-url / DCOS_URL the DC/OS cluster?', code, true);
        if (TLS_TRUST_CODES.has(code)) {
          throw new NetworkError(
            `TLS: the certificate of ${this.baseUrl.host} is not trusted (${code})`,
            untrustedHint(this.opts.tls ?? {}, code),
            code,
          );
        }
        // Failed before a connection existed: the request cannot have reached the server.
        if (!UNREACHABLE_CODES.has(code)) uncertain = true;
        if (code === DEADLINE) throw this.deadlineError(req, uncertain);
        if (attempt >= this.retries) {
          const what = code === IDLE_TIMEOUT ? `no answer within ${this.timeoutMs / 1000}s` : describeNetError(err);
          throw new NetworkError(`cannot reach ${this.baseUrl.origin} (${what}) for ${req.method} ${req.path}`, 'check --cluster-url / DCOS_URL and the network', code, uncertain);
        }
        const pause = this.backoffMs * 2 ** attempt++;
        if (performance.now() + pause >= deadline) throw this.deadlineError(req, uncertain);
        await this.sleep(pause);
        continue;
      }
      if (res.status === 429) {
        const wait = this.rateLimitWait(res, rateLimited, deadline);
        if (typeof wait === 'string') return { ...res, uncertain, rateLimited: wait };
        rateLimited = { tries: rateLimited.tries + 1, waitedMs: rateLimited.waitedMs + wait };
        this.rateLimitSpentMs += wait;
        await this.sleep(wait);
        continue;
      }
      if (res.status >= 500 && attempt < this.retries) {
        const pause = this.backoffMs * 2 ** attempt++;
        // Out of time: the 5xx itself is the answer.
        if (performance.now() + pause >= deadline) return { ...res, uncertain };
        // A proxy's 502/504 may come after the IAM applied the change.
        uncertain = true;
        await this.sleep(pause);
        continue;
      }
      return { ...res, uncertain };
    }
  }

  close(): void {
    this.agent.destroy();
  }

  /** Milliseconds to wait before trying a 429'd request again, or why not to (one line). */
  private rateLimitWait(res: HttpResponse, so: { tries: number; waitedMs: number }, deadline: number): number | string {
    const asked = retryAfterMs(res.headers['retry-after'], Date.now());
    const wait = asked ?? this.backoffMs * 2 ** so.tries;
    const prefix = `rate limited: the IAM answered 429 Too Many Requests${so.tries ? ` ${so.tries + 1} times` : ''}`;
    const waited = so.waitedMs ? `; waited ${secs(so.waitedMs)}` : '';
    const ask = asked === null ? '' : ` and asks to wait ${secs(asked)}${so.tries ? ' more' : ''}`;
    if (so.tries + 1 >= MAX_RATE_LIMITED_TRIES) return `${prefix}${waited}: try again later`;
    if (so.waitedMs + wait > this.maxRateLimitWaitMs) return `${prefix}${ask}${waited}, more than the ${secs(this.maxRateLimitWaitMs)} audit2grant waits per request: try again later`;
    if (this.rateLimitSpentMs + wait > this.rateLimitBudgetMs) {
      return `${prefix}${ask}${waited}; this run already waited ${secs(this.rateLimitSpentMs)} on rate limits (at most ${secs(this.rateLimitBudgetMs)}): try again later`;
    }
    if (performance.now() + wait >= deadline) return `${prefix}${ask}${waited}, past the ${secs(this.deadlineMs)} limit of the request: try again later`;
    return wait;
  }

  private deadlineError(req: HttpRequest, maybeSent: boolean): NetworkError {
    return new NetworkError(
      `no complete answer from ${this.baseUrl.origin} to ${req.method} ${req.path} within ${secs(this.deadlineMs)} (the total limit per IAM request)`,
      `the cluster is overloaded or something holds the connection; if it is only slow, raise the limit with ${DEADLINE_ENV}=SECONDS`,
      DEADLINE,
      maybeSent,
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.opts.signal;
      const done = (): void => {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

function describeNetError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? e.code : remoteText(e.message);
}

/**
 * ` redirecting to <Location>` for a 3xx that names one, else ''. No redirect is followed (a token
 * must not go where the operator did not point it), so the message names where it led: Admin Router
 * sends http:// to https:// this way.
 */
function redirectTarget(res: HttpResponse): string {
  const loc = res.headers.location;
  return res.status >= 300 && res.status < 400 && typeof loc === 'string' && loc ? ` redirecting to ${remoteText(loc, 200)}` : '';
}

/**
 * `{"title","description","code"}` of an IAM error, when the body has it (docs/iam-api.md). Both are
 * the server's words and end up in messages, results and the ledger: made terminal-safe here, where
 * they enter (an `ERR_…` code has nothing to escape, so comparing codes is unchanged).
 */
export function iamError(res: HttpResponse): { code: string | null; text: string } {
  const j = res.json as { code?: unknown; description?: unknown; title?: unknown } | null;
  const code = j && typeof j.code === 'string' ? remoteText(j.code, 80) : null;
  const desc = j && typeof j.description === 'string' ? j.description : j && typeof j.title === 'string' ? j.title : null;
  const said = desc ? `${res.status} ${code ?? ''} ${remoteText(desc)}`.replace(/\s+/g, ' ').trim() : `HTTP ${res.status}`;
  const text = `${said}${redirectTarget(res)}`;
  return { code, text };
}
