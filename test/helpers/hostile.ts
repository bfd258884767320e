// A hostile server's words and a plain HTTP server on 127.0.0.1 to say them, for the tests that
// check that text a server chose reaches the terminal escaped (README.md, "Server text").
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

/** Clears the screen, sets the window title, turns text red (C0 and C1 forms), reverses it, and forges a second line. */
export const HOSTILE = 'boom \x1b[2J\x1b]0;PWNED\x07 \x1b[31mRED\u009b31m \u202eesrever\nforged: granted everything';

/** What a terminal would act on: C0 but the line break, DEL, C1, bidi controls and line/paragraph separators. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** `text` carries the hostile words (so the check below is not vacuous), escaped, on one line unless `lines` allows more. */
export function expectEscaped(text: string, o: { lines?: number } = {}): void {
  expect(text).toContain('\\x1b[2J');
  expect(text).toContain('\\x1b]0;PWNED\\x07');
  expect(text).not.toMatch(ACTIVE);
  expect(text).not.toMatch(/\nforged/);
  expect(text.replace(/\n$/, '').split('\n').length).toBeLessThanOrEqual(o.lines ?? 1);
}

export interface Served {
  url: string;
  port: number;
  /** Every request's method and path, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A plain HTTP server on 127.0.0.1; its handler gets the request body read whole. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<Served> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A JWT the way the IAM hands one out (unsigned: the client only reads `uid` and `exp`). */
export function fakeJwt(uid: string, expSeconds = Math.floor(Date.now() / 1000) + 3600): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ uid, exp: expSeconds })}.sig`;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
