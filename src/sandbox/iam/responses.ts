// The answers the real stack gives: the IAM (falcon) answers JSON `{title, description, code}`;
// Admin Router answers 401/403 with an HTML page, as nginx does.
import type { ServerResponse } from 'node:http';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  507: 'Insufficient Storage',
};

/** A reply decided by a route: status, optional JSON body, optional headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export class IamError extends Error {
  constructor(readonly status: number, readonly code: string | undefined, description: string) {
    super(description);
  }
}

export function iamError(status: number, code: string | undefined, description: string): never {
  throw new IamError(status, code, description);
}

export function errorReply(e: IamError): Reply {
  const body: Record<string, unknown> = { title: TITLES[e.status] ?? 'Error', description: e.message };
  if (e.code) body.code = e.code;
  const headers: Record<string, string> = e.status === 401 ? { 'WWW-Authenticate': 'acsjwt' } : {};
  return { status: e.status, body, headers };
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = 'application/json';
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function page(status: number, title: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n`;
}

/** Admin Router's HTML pages: 401 (with the acsjwt challenge), 403, and nginx's own 400/404. */
export function sendHtml(res: ServerResponse, status: 400 | 401 | 403 | 404 | 413): void {
  const titles = { 400: 'Bad Request', 401: 'Authorization Required', 403: 'Forbidden', 404: 'Not Found', 413: 'Request Entity Too Large' };
  const body = page(status, titles[status]);
  const headers: Record<string, string> = { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(body)) };
  if (status === 401) headers['WWW-Authenticate'] = 'acsjwt';
  res.writeHead(status, headers);
  res.end(body);
}
