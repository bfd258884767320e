// The one HTTP client for every IAM call. Built on node:http/https directly (no dependency) because
// they send the request path byte for byte: `%252F` in a rid must reach Admin Router as-is, and
// nothing here may decode or re-encode it. Retries connection errors and 5xx with backoff, never 4xx.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { OperationalError } from '../errors.js';

export interface TlsSettings {
  /** PEM bundle trusted in addition to the system roots (the cluster CA). */
  caPem?: string;
  /** Where caPem came from, for messages. */
  caPath?: string;
  /** Skip certificate verification (only when the user asked). */
  insecure?: boolean;
}

export interface HttpClientOptions {
  /** Cluster URL, e.g. `https://master.example.com` (a path prefix is kept). */
  baseUrl: string;
  tls?: TlsSettings;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after the first on connection errors, timeouts and 5xx. */
  retries?: number;
  /** First backoff; doubles each attempt. */
  backoffMs?: number;
  signal?: AbortSignal;
}

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Absolute path on the cluster, already encoded (e.g. `/acs/api/v1/acls/dcos:x:%252Fa`). */
  path: string;
  body?: unknown;
  /** The DC/OS auth token; sent as `Authorization: token=…`, never logged. */
  token?: string;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON body, or null when it is not JSON (Admin Router answers 401/403 in HTML). */
  json: unknown;
}

/** The request never got an HTTP answer (after retries), or TLS refused the server. */
export class NetworkError extends OperationalError {
  constructor(message: string, hint?: string, readonly code?: string) {
    super(message, hint);
  }
}

/** IAM answers are a few KB; cap what is buffered from any answer. */
const MAX_BODY_BYTES = 1 << 20;

const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export class HttpClient {
  readonly baseUrl: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(private readonly opts: HttpClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new OperationalError(`the cluster URL ${JSON.stringify(opts.baseUrl)} is not a URL`, 'pass e.g. --cluster-url https://master.example.com');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OperationalError(`the cluster URL must start with https:// or http:// (got ${url.protocol})`);
    }
    if (url.username || url.password) throw new OperationalError('the cluster URL must not contain credentials', 'use --token or --login-uid');
    this.baseUrl = url;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.retries = opts.retries ?? 3;
    this.backoffMs = opts.backoffMs ?? 250;
    if (url.protocol === 'https:') {
      const t = opts.tls ?? {};
      this.agent = new https.Agent({
        keepAlive: true,
        rejectUnauthorized: !t.insecure,
        // Adding to the system roots keeps public certificates working next to the cluster CA.
        ca: t.caPem ? [...tls.rootCertificates, t.caPem] : undefined,
      });
    } else {
      this.agent = new http.Agent({ keepAlive: true });
    }
  }

  /** Absolute path for an IAM route relative to the cluster URL's own path. */
  pathFor(route: string): string {
    const prefix = this.baseUrl.pathname.replace(/\/+$/, '');
    return prefix + route;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    let attempt = 0;
    for (;;) {
      try {
        const res = await this.once(req);
        if (res.status >= 500 && attempt < this.retries) {
          await this.sleep(this.backoffMs * 2 ** attempt++);
          continue;
        }
        return res;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (this.opts.signal?.aborted) throw new OperationalError('interrupted');
        // Node refused to build the request (bad characters in the path or a header): no network
        // was involved, so retrying cannot help and "cannot reach" would mislead.
        if (code === 'ERR_UNESCAPED_CHARACTERS' || code.startsWith('ERR_INVALID_')) throw err;
        if (code === 'EBODYTOOLARGE_A2G') throw new NetworkError((err as Error).message, 'is --cluster-url / DCOS_URL the DC/OS cluster?', code);
        if (TLS_TRUST_CODES.has(code)) {
          throw new NetworkError(
            `TLS: the certificate of ${this.baseUrl.host} is not trusted (${code})`,
            'pass the cluster CA with --ca-cert FILE or DCOS_TLS_CA_PATH (get it from <cluster>/ca/dcos-ca.crt), or --insecure at your own risk',
            code,
          );
        }
        if (attempt >= this.retries) {
          const what = code === 'ETIMEDOUT_A2G' ? `no answer within ${this.timeoutMs / 1000}s` : describeNetError(err);
          throw new NetworkError(`cannot reach ${this.baseUrl.origin} (${what}) for ${req.method} ${req.path}`, 'check --cluster-url / DCOS_URL and the network', code);
        }
        await this.sleep(this.backoffMs * 2 ** attempt++);
      }
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private once(req: HttpRequest): Promise<HttpResponse> {
    const u = this.baseUrl;
    const mod = u.protocol === 'https:' ? https : http;
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (req.token) headers.authorization = `token=${req.token}`;
    return new Promise<HttpResponse>((resolve, reject) => {
      const r = mod.request(
        {
          protocol: u.protocol,
          hostname: u.hostname.replace(/^\[|\]$/g, ''),
          port: u.port || undefined,
          method: req.method,
          path: req.path,
          headers,
          agent: this.agent,
          signal: this.opts.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            // IAM answers are small; a huge body is not an IAM answer: stop reading it.
            if (size > MAX_BODY_BYTES) {
              const e = new Error(`the answer to ${req.method} ${req.path} is larger than ${MAX_BODY_BYTES} bytes`) as NodeJS.ErrnoException;
              e.code = 'EBODYTOOLARGE_A2G';
              r.destroy(e);
              return;
            }
            chunks.push(c);
          });
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              json = null;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      r.setTimeout(this.timeoutMs, () => {
        const e = new Error('timeout') as NodeJS.ErrnoException;
        e.code = 'ETIMEDOUT_A2G';
        r.destroy(e);
      });
      r.on('error', reject);
      r.end(payload);
    });
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
  return e.code ? e.code : e.message;
}

/** `{"title","description","code"}` of an IAM error, when the body has it. */
export function iamError(res: HttpResponse): { code: string | null; text: string } {
  const j = res.json as { code?: unknown; description?: unknown; title?: unknown } | null;
  const code = j && typeof j.code === 'string' ? j.code : null;
  const desc = j && typeof j.description === 'string' ? j.description : j && typeof j.title === 'string' ? j.title : null;
  const text = desc ? `${res.status} ${code ?? ''} ${desc}`.replace(/\s+/g, ' ').trim() : `HTTP ${res.status}`;
  return { code, text };
}
