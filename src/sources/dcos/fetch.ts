// One request to a node's logging API with the cluster token: a 401 logs in again once (a static
// token cannot be refreshed: the user must log in again), and every other answer that is not the
// body becomes one line that names the node and says what to do (docs/logging-api.md, status codes).
import { redactEchoed } from '../../core/redact.js';
import { remoteText } from '../../core/text.js';
import type { ClusterLink } from './connect.js';
import { LOG_DEADLINE_ENV } from './options.js';
import { untrustedHint, type TlsSettings } from '../../cluster/tls.js';
import { RequestFailure, type LogHttp, type LogResponse } from './request.js';
import type { NodeTarget } from './targets.js';

export const LOG_PERMISSIONS = ['dcos:adminrouter:ops:system-logs', 'dcos:adminrouter:system:agent'] as const;

export interface NodeFailure {
  message: string;
  /** Worth another try after a pause (a dropped connection, 502/503/504). */
  retriable: boolean;
  /** The node's own address could not be reached at all (or its TLS refused): a master falls back to the leader route. */
  unreachable?: boolean;
  /** For an unreachable node: what happened, without the label. */
  detail?: string;
  /** Its TLS was refused (reached, but not trusted): what would let it be read at its own address. */
  tlsHint?: string;
}

export type Got = { res: LogResponse } | { fail: NodeFailure };

export interface FetchContext {
  target: NodeTarget;
  link: Pick<ClusterLink, 'token' | 'refresh' | 'refreshable' | 'readerUid' | 'tokenOrigin' | 'tls'>;
  http: LogHttp;
  signal: AbortSignal;
  connectTimeoutMs: number;
}

export interface FetchSpec {
  url: URL;
  accept: 'application/json' | 'text/event-stream';
  idleTimeoutMs: number;
  /** Total limit of a range request (0: the event stream, which has none). */
  deadlineMs: number;
  lastEventId?: string;
  /** The request carried a cursor: a 500 then means the journal no longer has it. */
  withCursor: boolean;
}

export async function fetchLogs(c: FetchContext, s: FetchSpec): Promise<Got> {
  let token = await c.link.token();
  let res = await send(c, s, token);
  if ('fail' in res) return res;
  if (res.res.status === 401) {
    res.res.close();
    const fresh = await c.link.refresh(token);
    if (fresh === null) return { fail: { retriable: false, message: `${c.target.label}: the cluster refused the auth token from ${c.link.tokenOrigin} (401: expired or invalid): log in again (\`dcos auth login\`) or pass a new --token` } };
    token = fresh;
    res = await send(c, s, token);
    if ('fail' in res) return res;
    if (res.res.status === 401) {
      res.res.close();
      return { fail: { retriable: false, message: `${c.target.label}: the cluster refused a fresh auth token for ${c.link.readerUid ?? 'the reading account'} (401 twice): log in again, and check that the cluster URL is the cluster this account belongs to` } };
    }
  }
  const status = res.res.status;
  if (status === 200 && isHtml(res.res.headers['content-type'])) {
    // A login or UI page (a proxy, a wrong cluster URL) in the journal's place: nothing was read.
    const page = await res.res.text(2048).catch(() => '');
    res.res.close();
    const words = firstLine(page, token);
    return { fail: notEntries(c.target, `an HTML page${words ? ` (${words})` : ''}`) };
  }
  if (status === 200 || status === 204) return res;
  const body = await res.res.text(2048).catch(() => '');
  res.res.close();
  return { fail: statusFailure(c, s, status, firstLine(body, token)) };
}

async function send(c: FetchContext, s: FetchSpec, token: string): Promise<Got> {
  try {
    const res = await c.http.get({
      url: s.url,
      accept: s.accept,
      token,
      lastEventId: s.lastEventId,
      signal: c.signal,
      connectTimeoutMs: c.connectTimeoutMs,
      idleTimeoutMs: s.idleTimeoutMs,
      deadlineMs: s.deadlineMs,
    });
    return { res };
  } catch (e) {
    const f = e instanceof RequestFailure ? e : new RequestFailure(String(e), 'dropped', 'ERROR');
    return { fail: requestFailure(c.target, f, c.link.tls) };
  }
}

/** A failed connection, said for this node; `tls`: the trust the request had (a CA given is named, not asked for). */
export function requestFailure(t: NodeTarget, f: RequestFailure, tls: TlsSettings): NodeFailure {
  if (f.kind === 'aborted') return { message: `${t.label}: interrupted`, retriable: false };
  // Not retried: the same page would be asked again and held again (docs/logging-api.md, "Time limits").
  if (f.kind === 'deadline') {
    return {
      message:
        `${t.label}: ${f.message} (the total limit per logging-API request): the node or Admin Router is overloaded, or something holds ` +
        `the connection; if it is only slow, raise the limit with ${LOG_DEADLINE_ENV}=SECONDS, or read that node over SSH (ssh://…)`,
      retriable: false,
    };
  }
  if (f.kind === 'unreachable' || f.kind === 'tls') {
    const hint = t.direct
      ? ''
      : f.kind === 'tls'
        ? `: ${untrustedHint(tls, f.code)}`
        : ': check --cluster-url / DCOS_URL and the network';
    // A master read at its own address (over HTTPS when the cluster URL is a plain-HTTP tunnel) was
    // reached: what is missing is trust in its certificate, not a route.
    const tlsHint = t.direct && f.kind === 'tls' ? (f.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'its certificate does not name this address: pass --insecure at your own risk' : untrustedHint(tls, f.code)) : undefined;
    return { message: `${t.label}: ${f.message}${hint}`, retriable: !t.direct && f.kind === 'unreachable', unreachable: t.direct, detail: f.message, ...(tlsHint ? { tlsHint } : {}) };
  }
  return { message: `${t.label}: ${f.message}`, retriable: true };
}

function isHtml(contentType: string | undefined): boolean {
  return /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i.test(contentType ?? '');
}

/**
 * A 200 whose body is not the logging API's entries: read as a journal, it would be a quiet one,
 * and the run would end with no finding and exit 0 (docs/logging-api.md, "Errors, per node").
 */
export function notEntries(t: NodeTarget, what: string): NodeFailure {
  return {
    retriable: false,
    message: `${t.label}: the logging API answered 200 with ${what}, not journal entries: is the cluster URL its Admin Router? A proxy or a login page may answer in its place`,
  };
}

/** `text/event-stream`, with or without parameters: what dcos-log sends on its stream. */
function isEventStream(contentType: string): boolean {
  return /^\s*text\/event-stream\s*(;|$)/i.test(contentType);
}

/** The stream's failure when its content type says it is no event stream (none said: its lines are checked, sse.ts). */
export function notEventType(t: NodeTarget, contentType: string | undefined): NodeFailure | null {
  return contentType !== undefined && !isEventStream(contentType) ? notEvents(t, `content type ${remoteText(contentType, 60)}`) : null;
}

/**
 * A stream of `--follow` that is not Server-Sent Events (NDJSON, a proxy's text): read as one, it
 * would be followed for ever with nothing found, and no finding from then on would be a quiet node.
 */
export function notEvents(t: NodeTarget, what: string): NodeFailure {
  return {
    retriable: false,
    message:
      `${t.label}: the logging API's event stream (--follow) answered with ${what}, not Server-Sent Events (text/event-stream): ` +
      'a proxy between here and the node may rewrite it; what the node logs from now on is not read (read it over SSH: ssh://…)',
  };
}

/** The first line of a body that is not entries, as it goes into notEntries. */
export function notEntryText(line: Buffer, token?: string): string {
  return `text (${firstLine(line.subarray(0, 2048).toString('utf8'), token) || 'blank'})`;
}

/**
 * The server's words (an HTML page's text) as one terminal-safe line: they go into the node's error.
 * A page may echo the request: the token sent (`token`) and any `token=`-like secret are hidden.
 */
function firstLine(body: string, token?: string): string {
  return remoteText(redactEchoed(body, token ? [token] : []).replace(/<[^>]*>/g, ' '), 160);
}

/** `said`: the error page's words, already made one safe line (firstLine). */
function statusFailure(c: FetchContext, s: FetchSpec, status: number, said: string): NodeFailure {
  const t = c.target;
  const who = c.link.readerUid ?? 'the reading account';
  switch (status) {
    case 403:
      return {
        retriable: false,
        message:
          `${t.label}: ${who} may not read this node's logs (403): grant it ${LOG_PERMISSIONS.join(' full and ')} full ` +
          `(\`dcos security org users grant ${who} ${LOG_PERMISSIONS[0]} full\`, same for ${LOG_PERMISSIONS[1]})`,
      };
    case 404:
      if (t.kind === 'agent' && /unknown/i.test(said)) {
        return { retriable: false, message: `${t.label}: the cluster has no agent ${t.agentId} (404): \`dcos node list\` shows the agent ids; dcos://agents reads them all` };
      }
      return { retriable: false, message: `${t.label}: no logging API at ${s.url.pathname} (404): is this DC/OS 1.10 or later, and the cluster URL its Admin Router?` };
    case 400:
      return { retriable: false, message: `${t.label}: the logging API refused the request (400: ${said || 'bad request'})` };
    case 500:
      if (s.withCursor) return { retriable: false, message: `${t.label}: the node's journal no longer has the read position (500: cursor not found; the journal was rotated or the node rebooted): start the scan again` };
      return { retriable: true, message: `${t.label}: the logging API failed (500: ${said || 'internal error'})` };
    case 429:
      return { retriable: true, message: `${t.label}: the cluster asked to slow down (429)` };
    case 502:
    case 503:
    case 504:
      return { retriable: true, message: `${t.label}: ${t.kind === 'agent' ? 'the agent' : 'the node'} did not answer through Admin Router (${status})` };
    default:
      return { retriable: status >= 500, message: `${t.label}: unexpected answer from the logging API (${status}${said ? `: ${said}` : ''})` };
  }
}
