// The logging API behind the emulated Admin Router (docs/logging-api.md): which node a path reads
// (a master at the address the request came to, the leader through its route, an agent through
// the agent route), 401/403 as Admin Router answers them with an audit line for the caller in the
// answering master's journal (what a real reader's requests leave behind), then a range in the
// asked format or an event stream that sends new entries about once per interval, with pings.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { auditLines } from '../service/lines.js';
import type { SandboxJournal, JournalRecord } from './journal.js';
import { JournalReader, parseQuery, type LogQuery } from './query.js';

export interface LogsNodes {
  /** The journal of the master at this local address, or null (not a master address). */
  master(localAddress: string): SandboxJournal | null;
  leader(): SandboxJournal;
  agent(id: string): SandboxJournal | null;
  streamIntervalMs: number;
  pingMs: number;
  /** Open event streams (tests cut them to exercise the resume). */
  streams: Set<ServerResponse>;
  /** Every event stream opened: which journal, and the `Last-Event-ID` it resumed from (capped). */
  streamOpens: Array<{ host: string; lastEventId: string | null }>;
  /** Write short-iso lines to a master's journal. */
  writeMaster(journal: SandboxJournal, lines: string[]): void;
  /** Tests: told of every logging-API request before it is answered (e.g. to turn the signing key over mid-read). */
  /** Told of each request; `'hold'` leaves it unanswered (a test's node that never answers: the client must give up). */
  onRequest?: ((path: string) => void | 'hold') | null;
  /** Tests: cut the next range answer's connection after this many bytes of body (in the middle of an entry). */
  cutNextRange?: { afterBytes: number } | null;
}

export interface LogsAuth {
  caller(authorization: string | undefined): string | null;
  isAllowed(uid: string, rid: string, action: string): boolean;
  sendHtml(res: ServerResponse, status: 401 | 403 | 404): void;
}

const ROUTE = /^\/system\/v1\/(?:(logs)|leader\/mesos\/logs|agent\/([^/]+)\/logs)\/v1\/(range|stream)\/$/;
export const SYSTEM_LOGS_RID = 'dcos:adminrouter:ops:system-logs';
export const AGENT_RID = 'dcos:adminrouter:system:agent';

/** True when `path` is a logging-API path (answered here, whatever the answer). */
export function isLogsPath(path: string): boolean {
  return path.startsWith('/system/v1/logs/') || path.startsWith('/system/v1/leader/mesos/logs/') || /^\/system\/v1\/agent\/[^/]+\/logs\//.test(path);
}

function local(req: IncomingMessage): string {
  return (req.socket.localAddress ?? '').replace(/^::ffff:/, '');
}

let seq = 0;

/** Admin Router's audit line (and its uid notice) for this request, in the answering master's journal. */
function audit(nodes: LogsNodes, req: IncomingMessage, uid: string, rid: string, result: 'allow' | 'deny'): void {
  const journal = nodes.master(local(req)) ?? nodes.leader();
  const ctx = { uid, now: Date.now(), host: journal.hostname, clientIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''), masterIp: local(req), seq: seq++ };
  nodes.writeMaster(journal, auditLines(ctx, { checker: 'adminrouter', rid, action: 'full', request: { method: 'GET', uri: req.url ?? '/' } }, result));
}

/** Answer a logging-API request (the path was already proxy-decoded). */
export function handleLogs(req: IncomingMessage, res: ServerResponse, path: string, nodes: LogsNodes, auth: LogsAuth): void {
  if (nodes.onRequest?.(req.url ?? path) === 'hold') return;
  const m = ROUTE.exec(path);
  if (!m) return auth.sendHtml(res, 404);
  const uid = auth.caller(req.headers.authorization);
  if (!uid) return auth.sendHtml(res, 401);
  const agentId = m[2] === undefined ? null : m[2];
  const rid = agentId === null ? SYSTEM_LOGS_RID : AGENT_RID;
  const ok = auth.isAllowed(uid, rid, 'full');
  audit(nodes, req, uid, rid, ok ? 'allow' : 'deny');
  if (!ok) return auth.sendHtml(res, 403);
  let journal: SandboxJournal | null;
  if (agentId !== null) {
    journal = nodes.agent(agentId);
    if (!journal) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`404 Not Found: agent \`${agentId}\` unknown.\n`);
      return;
    }
  } else {
    journal = m[1] ? nodes.master(local(req)) : nodes.leader();
    if (!journal) return auth.sendHtml(res, 404);
  }
  const raw = req.url ?? '';
  const q = raw.indexOf('?');
  const stream = m[3] === 'stream';
  const lastEventId = typeof req.headers['last-event-id'] === 'string' ? req.headers['last-event-id'] : undefined;
  const query = parseQuery(q < 0 ? '' : raw.slice(q + 1), stream, lastEventId, journal);
  if ('status' in query) return refuse(res, query.status, query.text);
  const reader = new JournalReader(journal, query);
  const bad = reader.open();
  if (bad) return refuse(res, bad.status, bad.text);
  const format = formatOf(req.headers.accept);
  const headers = {
    'Content-Type': format === 'json' ? 'application/json' : format === 'sse' ? 'text/event-stream' : 'text/plain',
    'X-Journal-Skip-Next': String(reader.skippedNext),
    'X-Journal-Skip-Prev': String(reader.skippedPrev),
    'Cache-Control': 'no-cache',
  };
  if (stream) {
    if (nodes.streamOpens.length >= 1000) nodes.streamOpens.shift();
    nodes.streamOpens.push({ host: journal.hostname, lastEventId: lastEventId ?? null });
    return streamEntries(res, reader, journal, format, headers, nodes);
  }
  const cut = nodes.cutNextRange ?? null;
  nodes.cutNextRange = null;
  void sendRange(res, reader, query, format, headers, cut);
}

type Format = 'json' | 'sse' | 'text';

/** The Accept value is compared as an exact string, as dcos-log does. */
function formatOf(accept: string | undefined): Format {
  if (accept === 'application/json') return 'json';
  if (accept === 'text/event-stream') return 'sse';
  return 'text';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function render(r: JournalRecord, f: Format): string {
  if (f === 'json') return `${r.json}\n`;
  if (f === 'sse') return `id: ${r.cursor}\ndata: ${r.json}\n\n`;
  const d = new Date(r.realtimeUs / 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}: ${r.fields.MESSAGE}\n`;
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function sendRange(res: ServerResponse, reader: JournalReader, q: LogQuery, f: Format, headers: Record<string, string>, cut: { afterBytes: number } | null): Promise<void> {
  let left = q.limit > 0 ? q.limit : Infinity;
  let r = left > 0 ? reader.read() : null;
  if (!r) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  res.writeHead(200, headers);
  let sent = 0;
  while (r && !res.destroyed) {
    let text = '';
    for (let n = 0; r && n < 256; n++) {
      text += render(r, f);
      r = --left > 0 ? reader.read() : null;
    }
    if (cut && sent + text.length >= cut.afterBytes) {
      // A dropped connection in the middle of an entry: what was sent arrives, the rest never does.
      res.write(text.slice(0, cut.afterBytes - sent), () => res.socket?.destroy());
      return;
    }
    sent += text.length;
    if (!res.write(text)) await drained(res);
  }
  res.end();
}

function streamEntries(res: ServerResponse, reader: JournalReader, journal: SandboxJournal, f: Format, headers: Record<string, string>, nodes: LogsNodes): void {
  res.writeHead(200, { ...headers, 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  nodes.streams.add(res);
  let idleSince = Date.now();
  let due = true;
  // Like dcos-log: whatever is there goes out in one batch per interval; a ping when idle.
  const tick = (): void => {
    if (res.destroyed) return;
    let text = '';
    if (due) {
      due = false;
      for (let r = reader.read(); r; r = reader.read()) text += render(r, f);
    }
    if (text) idleSince = Date.now();
    else if (Date.now() - idleSince >= nodes.pingMs) {
      text = ': ping\n\n';
      idleSince = Date.now();
    }
    if (text) res.write(text);
  };
  const timer = setInterval(tick, nodes.streamIntervalMs);
  const off = journal.onAppend(() => (due = true));
  tick();
  res.on('close', () => {
    clearInterval(timer);
    off();
    nodes.streams.delete(res);
  });
}
