// One request through the emulated stack: Admin Router (path decoding, 401/403 HTML pages, the CA
// file) in front of the IAM (login, routes, JSON errors). Works on the raw request target.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleLogs, isLogsPath, type LogsNodes } from '../logs/handler.js';
import { serveFault, takeFault, type SandboxFault } from './faults.js';
import { authenticate, login, type TokenKeys } from './login.js';
import { clusterRoute, type ClusterInfo } from './nodes.js';
import { iamSegments, proxyDecode } from './paths.js';
import { errorReply, IamError, send, sendHtml, type Reply } from './responses.js';
import { INVALID_JSON, matchRoute, type RouteCtx } from './routes.js';
import type { IamState } from './state.js';

export const MAX_BODY_BYTES = 64 * 1024;

export interface HandlerDeps {
  state: IamState;
  keys: TokenKeys;
  tokenTtlSeconds: number;
  now: () => number;
  caPem: string;
  log: (entry: { method: string; rawPath: string; status: number; fault?: string }) => void;
  warn: (message: string) => void;
  /** Nodes listed by the read-only cluster APIs (`--all-nodes`, dcos:// sources). */
  cluster?: ClusterInfo;
  /** The simulated nodes' journals behind the logging API (absent: no logging API). */
  logs?: LogsNodes;
  /** Faults tests inject (faults.ts); consulted on every request, in order. */
  faults?: SandboxFault[];
}

/** The IAM reads a body only when it is declared as JSON (it answers 400 ERR_INVALID_DATA otherwise). */
function parseBody(buf: Buffer, contentType: string | undefined): unknown {
  if (buf.length === 0) return undefined;
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) return INVALID_JSON;
  try {
    return JSON.parse(buf.toString('utf8')) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

function run(fn: () => Reply): Reply {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IamError) return errorReply(e);
    throw e;
  }
}

function respond(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const method = req.method ?? 'GET';
  const decoded = proxyDecode(req.url ?? '/');
  if (!decoded.ok) return sendHtml(res, 400);
  if (decoded.path === '/ca/dcos-ca.crt' && (method === 'GET' || method === 'HEAD')) {
    res.writeHead(200, { 'Content-Type': 'application/x-x509-ca-cert', 'Content-Length': String(Buffer.byteLength(deps.caPem)) });
    res.end(method === 'HEAD' ? undefined : deps.caPem);
    return;
  }
  if (deps.logs && isLogsPath(decoded.path)) {
    if (method !== 'GET') return send(res, { status: 405, headers: { Allow: 'GET' } });
    return handleLogs(req, res, decoded.path, deps.logs, {
      caller: (h) => authenticate(deps.state, h, deps.keys, deps.now()),
      isAllowed: (uid, rid, action) => deps.state.isAllowed(uid, rid, action),
      sendHtml: (r, status) => sendHtml(r, status),
    });
  }
  const cluster = deps.cluster ? clusterRoute(decoded.path, deps.cluster) : null;
  if (cluster) {
    const caller = authenticate(deps.state, req.headers.authorization, deps.keys, deps.now());
    if (!caller) return sendHtml(res, 401);
    if (method !== 'GET') return send(res, { status: 405, headers: { Allow: 'GET' } });
    if (!deps.state.isAllowed(caller, cluster.rid, 'full')) return sendHtml(res, 403);
    return send(res, cluster.answer(deps.cluster!));
  }
  const seg = iamSegments(decoded.path);
  if (!seg) return sendHtml(res, 404);

  const parsed = parseBody(body, req.headers['content-type']);
  if (seg.length === 2 && seg[0] === 'auth' && seg[1] === 'login') {
    if (method !== 'POST') return send(res, { status: 405, headers: { Allow: 'POST' } });
    return send(res, run(() => login(deps.state, parsed, deps.keys, deps.now(), deps.tokenTtlSeconds, deps.warn)));
  }
  if (seg.length === 2 && seg[0] === 'auth' && seg[1] === 'jwks') {
    const jwk = { ...deps.keys.publicKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: deps.keys.kid };
    return send(res, { status: 200, body: { keys: [jwk] } });
  }

  const route = matchRoute(seg);
  if (!route) return send(res, { status: 404, body: { title: '404 Not Found' } });
  const caller = authenticate(deps.state, req.headers.authorization, deps.keys, deps.now());
  if (!caller) return sendHtml(res, 401);
  const handler = route.methods[method];
  if (!handler) return send(res, { status: 405, headers: { Allow: Object.keys(route.methods).join(', ') } });
  // A principal may read about itself; every change and every look at others needs a manager.
  const selfRead = method === 'GET' && route.self === caller;
  if (!selfRead && !deps.state.canManage(caller)) return sendHtml(res, 403);
  const ctx: RouteCtx = { state: deps.state, caller, body: parsed, query: decoded.query };
  send(res, run(() => handler(ctx)));
}

/** The node:http request listener for both the HTTP and the HTTPS server. */
export function makeHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let fault: SandboxFault | null = null;
    const entry = (status: number) => ({ method: req.method ?? '?', rawPath: req.url ?? '', status, ...(fault ? { fault: fault.kind } : {}) });
    res.on('finish', () => deps.log(entry(res.statusCode)));
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        if (!tooLarge) {
          tooLarge = true;
          res.setHeader('Connection', 'close');
          sendHtml(res, 413);
          req.resume();
        }
        return;
      }
      chunks.push(c);
    });
    const serve = (out: ServerResponse): void => {
      try {
        respond(deps, req, out, Buffer.concat(chunks));
      } catch (e) {
        deps.warn(`sandbox IAM bug: ${e instanceof Error ? e.message : String(e)}`);
        if (!out.headersSent) send(out, { status: 500, body: { title: 'Internal Server Error', description: 'sandbox bug' } });
      }
    };
    req.on('end', () => {
      if (tooLarge) return;
      fault = deps.faults ? takeFault(deps.faults, req.method ?? '?', req.url ?? '') : null;
      if (fault) serveFault(fault, req, res, serve, (status) => deps.log(entry(status)));
      else serve(res);
    });
    req.on('error', () => res.destroy());
  };
}
