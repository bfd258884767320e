// One attempt of one HTTP request, with two limits: an idle timeout (no byte for `idleMs`) and a
// total one (`limitMs` from now until the whole answer is read), so a server that trickles bytes
// cannot hold it. Errors carry a code the retry loop in http.ts reads (docs/ledger.md, "Time limits").
import http from 'node:http';
import https from 'node:https';

/** IAM answers are a few KB; cap what is buffered from any answer. */
export const MAX_BODY_BYTES = 1 << 20;
/**
 * Mesos' agent list (`/mesos/master/slaves`) holds a few KB per agent (resources, attributes): over
 * 1 MiB from about 400 agents. This cap takes clusters of ten thousand and more.
 */
export const LISTING_BODY_BYTES = 64 << 20;

/** Codes set by this module on the errors it raises. */
export const IDLE_TIMEOUT = 'ETIMEDOUT_A2G';
export const DEADLINE = 'EDEADLINE_A2G';
export const BODY_TOO_LARGE = 'EBODYTOOLARGE_A2G';

export interface AttemptRequest {
  method: string;
  path: string;
  payload?: Buffer;
  token?: string;
}

export interface AttemptAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

function coded(message: string, code: string): NodeJS.ErrnoException {
  const e = new Error(message) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

export function attempt(
  base: URL,
  agent: http.Agent,
  req: AttemptRequest,
  limits: { idleMs: number; limitMs: number; signal?: AbortSignal; maxBodyBytes?: number },
): Promise<AttemptAnswer> {
  const maxBody = limits.maxBodyBytes ?? MAX_BODY_BYTES;
  const mod = base.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(req.payload.length);
  }
  if (req.token) headers.authorization = `token=${req.token}`;
  return new Promise<AttemptAnswer>((resolve, reject) => {
    let settled = false;
    // Settle once: after a limit fires, the destroyed socket's own errors are noise.
    const fail = (e: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      reject(e);
    };
    const r = mod.request(
      {
        protocol: base.protocol,
        hostname: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port || undefined,
        method: req.method,
        path: req.path,
        headers,
        agent,
        signal: limits.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          // IAM answers are small; a huge body is not an IAM answer: stop reading it.
          if (size > maxBody) {
            const e = coded(`the answer to ${req.method} ${req.path} is larger than ${maxBody} bytes`, BODY_TOO_LARGE);
            fail(e);
            r.destroy(e);
            return;
          }
          chunks.push(c);
        });
        res.on('error', fail);
        // A connection closed mid-body: the answer is lost, whatever was read.
        res.on('close', () => {
          if (!res.complete) fail(coded('the connection closed before the whole answer arrived', 'ECONNRESET'));
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(total);
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
    const total = setTimeout(() => {
      const e = coded('deadline', DEADLINE);
      fail(e);
      r.destroy(e);
    }, Math.max(1, limits.limitMs));
    r.setTimeout(limits.idleMs, () => {
      const e = coded('timeout', IDLE_TIMEOUT);
      fail(e);
      r.destroy(e);
    });
    r.on('error', fail);
    r.end(req.payload);
  });
}
