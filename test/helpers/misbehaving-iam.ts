// A small IAM on 127.0.0.1 that misbehaves as a test scripts it: the entry requests (`PUT`/`DELETE
// /acls/{rid}/users/{uid}/{action}`) follow a script of answers, one per request (`drop`: apply it and
// close the connection unanswered, as a reset after the IAM did the work), then behave; the holdings
// read can answer a status or a body of the test's choice, and the ACL and login requests can follow
// scripts too (an answer may echo what the request sent: its Authorization header, its body).
// Everything else a grant needs is answered as the IAM does. Real HTTP, so the client's retries and
// re-logins run for real.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a request sent, for an answer that echoes it. */
export interface Sent {
  /** The Authorization header's value (`token=…`), '' when none. */
  authorization: string;
  /** The request body as sent. */
  body: string;
}

/**
 * One scripted answer: apply and drop (an entry request; the others only drop), or answer without
 * applying: `body` as JSON, or `text` as is (`text/html` unless `headers` say otherwise); either may
 * be a function of what the request sent.
 */
export type AceStep =
  | 'drop'
  | { status: number; body?: unknown; text?: string | ((sent: Sent) => string); headers?: Record<string, string> };

export interface MisbehavingIamOptions {
  /** Entries held from the start, as `uid rid action`. */
  held?: string[];
  /** Answers to the entry requests, in order; past the script, the IAM's own behaviour. */
  ace?: AceStep[];
  /** Status of every `GET /users/{uid}/permissions` (default 200 with what is held). */
  permissionsStatus?: number;
  /** Every `GET /users/{uid}/permissions` answered so instead (a login page served with 200). */
  permissionsAnswer?: AceStep;
  /** Answers to the ACL `PUT`s, in order; past the script, 409 ERR_ACL_EXISTS. */
  acl?: AceStep[];
  /** Answers to the logins, in order; past the script, a token. */
  login?: AceStep[];
}

export interface MisbehavingIam {
  /** `http://127.0.0.1:PORT`, for --cluster-url. */
  readonly url: string;
  /** What it holds now, as sorted `uid rid action` lines. */
  held(): string[];
  /** `METHOD path` of every request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

const ACE = /^\/acs\/api\/v1\/acls\/([^/]+)\/users\/([^/]+)\/([a-z]+)$/;

export async function startMisbehavingIam(o: MisbehavingIamOptions = {}): Promise<MisbehavingIam> {
  const held = new Set(o.held ?? []);
  const script = [...(o.ace ?? [])];
  const aclScript = [...(o.acl ?? [])];
  const loginScript = [...(o.login ?? [])];
  const requests: string[] = [];
  let logins = 0;
  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  /** A scripted step's answer (not 'drop'). */
  const scripted = (req: IncomingMessage, res: ServerResponse, step: Exclude<AceStep, 'drop'>, body: string): void => {
    if (step.text === undefined) return send(res, step.status, typeof step.body === 'function' ? step.body({ authorization: req.headers.authorization ?? '', body }) : step.body, step.headers);
    const text = typeof step.text === 'function' ? step.text({ authorization: req.headers.authorization ?? '', body }) : step.text;
    res.writeHead(step.status, { 'content-type': 'text/html', ...step.headers });
    res.end(text);
  };
  const answer = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const url = req.url ?? '';
    requests.push(`${req.method} ${url}`);
    if (url === '/acs/api/v1/auth/login' && req.method === 'POST') {
      const step = loginScript.shift();
      if (step === 'drop') return void req.socket.destroy();
      if (step) return scripted(req, res, step, body);
      return send(res, 200, { token: `fake-token-${++logins}` });
    }
    const perms = /^\/acs\/api\/v1\/users\/([^/]+)\/permissions$/.exec(url);
    const permsStep = o.permissionsAnswer;
    if (perms && permsStep) return permsStep === 'drop' ? void req.socket.destroy() : scripted(req, res, permsStep, body);
    if (perms) {
      if (o.permissionsStatus !== undefined && o.permissionsStatus !== 200) return send(res, o.permissionsStatus, { title: 'IAM busy', description: 'try later' });
      const direct = [...held].filter((k) => k.startsWith(`${perms[1]} `)).map((k) => ({ rid: k.split(' ')[1], actions: [{ name: k.split(' ')[2] }] }));
      return send(res, 200, { direct, groups: [] });
    }
    if (/^\/acs\/api\/v1\/acls\/[^/]+$/.test(url) && req.method === 'PUT') {
      const step = aclScript.shift();
      if (step === 'drop') return void req.socket.destroy();
      if (step) return scripted(req, res, step, body);
    }
    if (/^\/acs\/api\/v1\/acls\/[^/]+$/.test(url) && req.method === 'PUT') return send(res, 409, { title: 'exists', description: 'exists', code: 'ERR_ACL_EXISTS' });
    const ace = ACE.exec(url);
    if (ace && (req.method === 'PUT' || req.method === 'DELETE')) {
      const key = `${ace[2]} ${(ace[1] as string).replaceAll('%252F', '/')} ${ace[3]}`;
      const step = script.shift();
      if (step === 'drop') {
        if (req.method === 'PUT') held.add(key);
        else held.delete(key);
        req.socket.destroy();
        return;
      }
      if (step) return scripted(req, res, step, body);
      if (req.method === 'PUT') {
        if (held.has(key)) return send(res, 409, { title: 'exists', description: 'already', code: 'ERR_ACE_EXISTS' });
        held.add(key);
        return send(res, 204);
      }
      if (!held.has(key)) return send(res, 400, { title: 'x', description: 'not in acl', code: 'ERR_USER_NOT_IN_ACL' });
      held.delete(key);
      return send(res, 204);
    }
    send(res, 404, { title: 'unknown route' });
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => [...held].sort(),
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
