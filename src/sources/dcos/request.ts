// Streamed GETs to the logging API: a range page or an event stream whose body is read as it
// arrives. They do not go through the one HTTP client (src/cluster/http.ts) because that client
// buffers each answer whole (capped at 1 MiB) and retries by itself; a log stream is read piece by
// piece with backpressure, and resuming it (Last-Event-ID, the next range) is the node reader's
// decision. A range request has a total deadline of its own (the caller's `deadlineMs`); the event
// stream has none, it never ends by design (docs/logging-api.md, "Time limits"). What both share comes
// from src/cluster/tls.ts: the TLS trust (system roots plus the cluster CA, or --insecure) and the
// codes that tell an untrusted certificate or an unreachable address. The URL is sent as built (the
// cursor is percent-encoded once by the caller); the token only ever goes to the cluster or to a
// master address the cluster listed.
import http from 'node:http';
import https from 'node:https';
import { DEADLINE, IDLE_TIMEOUT } from '../../cluster/httpAttempt.js';
import { httpsAgent, TLS_TRUST_CODES, UNREACHABLE_CODES, type TlsSettings } from '../../cluster/tls.js';
import { remoteText } from '../../core/text.js';
import { Deadline } from './deadline.js';

export interface LogRequest {
  url: URL;
  accept: 'application/json' | 'text/event-stream';
  token: string;
  lastEventId?: string;
  signal: AbortSignal;
  /** Until the answer's headers arrive (connect, TLS, the server's first byte). */
  connectTimeoutMs: number;
  /** Then: the longest quiet spell in the body before the connection counts as dead (0 = none). */
  idleTimeoutMs: number;
  /** From the request's start to the body's last byte (0 = none: the event stream). */
  deadlineMs: number;
}

export interface LogResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, with backpressure: the socket pauses while the consumer awaits. */
  body: AsyncIterable<Buffer>;
  /** Read a small body (an error page): at most `max` characters, for at most ERROR_BODY_MS; whatever came by then. */
  text(max?: number): Promise<string>;
  close(): void;
}

/** Why a request got no answer, or its body broke off. `kind` decides what the reader does next. */
export class RequestFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'tls' | 'timeout' | 'deadline' | 'dropped' | 'aborted',
    readonly code: string,
  ) {
    super(message);
  }
}

/** Our own connect timeout: nothing answered at all (the idle timeout and the deadline are httpAttempt.ts's codes). */
const CONNECT_TIMEOUT = 'ECONNTIMEOUT_A2G';

/** An error page is a few lines: what has not come within this long is not waited for (the stream has no deadline). */
export const ERROR_BODY_MS = 10_000;

/** A network error (or our own timeout) as a RequestFailure saying what happened. */
export function failureOf(err: unknown, url: URL, signal: AbortSignal, phase: 'connect' | 'body'): RequestFailure {
  if (err instanceof RequestFailure) return err;
  const e = err as NodeJS.ErrnoException;
  const code = e.code ?? 'ERROR';
  if (signal.aborted) return new RequestFailure('interrupted', 'aborted', code);
  if (TLS_TRUST_CODES.has(code)) {
    const why = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? `its certificate does not name ${url.hostname}` : `its certificate is not trusted (${code})`;
    return new RequestFailure(`TLS: ${url.host}: ${why}`, 'tls', code);
  }
  if (code === CONNECT_TIMEOUT) return new RequestFailure(`cannot reach ${url.host} (${e.message})`, 'unreachable', code);
  if (code === IDLE_TIMEOUT) return new RequestFailure(e.message, 'timeout', code);
  if (code === DEADLINE) return new RequestFailure(e.message, 'deadline', code);
  if (phase === 'connect' && (UNREACHABLE_CODES.has(code) || code === 'ETIMEDOUT')) return new RequestFailure(`cannot reach ${url.host} (${code})`, 'unreachable', code);
  return new RequestFailure(`connection to ${url.host} broke off (${code === 'ERROR' ? remoteText(e.message) : code})`, 'dropped', code);
}

export class LogHttp {
  private readonly agent: http.Agent;
  private readonly plainAgent = new http.Agent({ keepAlive: true });

  constructor(settings: TlsSettings) {
    this.agent = httpsAgent(settings);
  }

  get(req: LogRequest): Promise<LogResponse> {
    const u = req.url;
    const secure = u.protocol === 'https:';
    const headers: Record<string, string> = { accept: req.accept, authorization: `token=${req.token}` };
    if (req.lastEventId) headers['last-event-id'] = req.lastEventId;
    return new Promise<LogResponse>((resolve, reject) => {
      let answered = false;
      // A fresh socket still connecting when the time is up: the address is not reachable (a
      // firewall that drops packets answers nothing at all), as opposed to a slow server.
      let connected = false;
      // Our own timeout's error: once the answer started, the body only sees a reset connection.
      let cause: Error | null = null;
      const r = (secure ? https : http).request(
        {
          protocol: u.protocol,
          hostname: u.hostname.replace(/^\[|\]$/g, ''),
          port: u.port || undefined,
          method: 'GET',
          path: `${u.pathname}${u.search}`,
          headers,
          agent: secure ? this.agent : this.plainAgent,
          signal: req.signal,
        },
        (res) => {
          answered = true;
          // From here the timeout watches the body: pings keep a quiet event stream alive.
          r.removeListener('timeout', onConnectTimeout);
          if (req.idleTimeoutMs) r.setTimeout(req.idleTimeoutMs, onTimeout(req.idleTimeoutMs, 'no data', IDLE_TIMEOUT));
          else r.setTimeout(0);
          res.once('end', clearDeadline);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: bodyOf(res, u, req.signal, () => cause, deadline),
            text: (max = 4096) => someText(bodyOf(res, u, req.signal, () => cause, deadline), max, () => r.destroy()),
            close: () => r.destroy(),
          });
        },
      );
      // The total limit: a server that sends a byte now and then never meets the idle one.
      const deadline = new Deadline(req.deadlineMs, () => onDeadline(req.deadlineMs));
      const clearDeadline = (): void => deadline.clear();
      r.once('close', clearDeadline);
      const onDeadline = (ms: number): void => {
        const e = new Error(`no complete answer from ${u.host} within ${ms / 1000} s`) as NodeJS.ErrnoException;
        e.code = DEADLINE;
        cause = e;
        r.destroy(e);
      };
      const onTimeout = (ms: number, what: string, code: string) => () => {
        const e = new Error(`${what} from ${u.host} for ${ms / 1000} s`) as NodeJS.ErrnoException;
        e.code = code;
        cause = e;
        r.destroy(e);
      };
      const onConnectTimeout = (): void => onTimeout(req.connectTimeoutMs, connected ? 'no answer' : 'no connection', connected ? IDLE_TIMEOUT : CONNECT_TIMEOUT)();
      r.setTimeout(req.connectTimeoutMs, onConnectTimeout);
      r.on('socket', (sock) => {
        if (!sock.connecting) connected = true;
        else sock.once(secure ? 'secureConnect' : 'connect', () => (connected = true));
      });
      r.on('error', (err) => {
        if (!answered) reject(failureOf(err, u, req.signal, 'connect'));
      });
      r.end();
    });
  }

  close(): void {
    this.agent.destroy();
    this.plainAgent.destroy();
  }
}

/** Up to `max` characters of a body, for at most ERROR_BODY_MS (then `stop` ends the request); a read that breaks keeps what came. */
async function someText(body: AsyncIterable<Buffer>, max: number, stop: () => void): Promise<string> {
  const timer = setTimeout(stop, ERROR_BODY_MS);
  let s = '';
  try {
    for await (const c of body) {
      s += c.toString('utf8');
      if (s.length >= max) break;
    }
  } catch {
    // What came is all there is.
  } finally {
    clearTimeout(timer);
  }
  return s.slice(0, max);
}

async function* bodyOf(res: http.IncomingMessage, url: URL, signal: AbortSignal, cause: () => Error | null, deadline: Deadline): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of res) {
      deadline.hold();
      yield chunk as Buffer;
      deadline.go();
    }
  } catch (err) {
    throw failureOf(cause() ?? err, url, signal, 'body');
  }
  if (cause()) throw failureOf(cause(), url, signal, 'body');
  // An answer cut before its end (chunked encoding not finished) ends without an error in some
  // Node versions: `complete` tells.
  if (!res.complete && !signal.aborted) throw new RequestFailure(`connection to ${url.host} broke off before the answer ended`, 'dropped', 'EPARTIAL');
}
