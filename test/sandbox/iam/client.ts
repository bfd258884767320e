// A tiny raw HTTP(S) client for the sandbox tests: sends the path exactly as given (no encoding,
// no normalisation) and verifies TLS against the CA it is handed.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  token?: string;
  authorization?: string;
  body?: unknown;
  rawBody?: string;
  ca?: string;
  rejectUnauthorized?: boolean;
}

export function call(base: string, method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const url = new URL(base);
  const headers: Record<string, string> = {};
  if (o.token) headers.Authorization = `token=${o.token}`;
  if (o.authorization) headers.Authorization = o.authorization;
  const payload = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const options = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    servername: url.hostname === '127.0.0.1' ? undefined : url.hostname,
    port: Number(url.port),
    method,
    path,
    headers,
    ca: o.ca,
    rejectUnauthorized: o.rejectUnauthorized,
    timeout: 5000,
    agent: false as const,
  };
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

export const API = '/acs/api/v1';

export async function loginPassword(base: string, uid: string, password: string, ca?: string): Promise<string> {
  const a = await call(base, 'POST', `${API}/auth/login`, { body: { uid, password }, ca });
  if (a.status !== 200) throw new Error(`login ${uid}: ${a.status} ${a.text}`);
  return a.json().token as string;
}

/** `/` → `%252F`, nothing else: what a correct client puts in the path. */
export function enc(rid: string): string {
  return rid.split('/').join('%252F');
}
