// A loopback HTTP proxy in front of the sandbox IAM, for answers that are not the IAM's own (a
// gateway's 404, a login page, a server that echoes a URL): `answer` replies in the IAM's place and
// returns true, or returns false and the request is forwarded untouched.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IamProxy {
  /** `http://127.0.0.1:PORT`, for --cluster-url. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startIamProxy(target: string, answer: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<IamProxy> {
  const to = new URL(target);
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const up = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers, timeout: 5000 }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
  const server = createServer((req, res) => {
    if (!answer(req, res)) forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
