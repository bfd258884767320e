// Something between audit2grant and the IAM answers in its place (needs `npm run build`): a gateway's
// 404 with its own JSON code to a revoke, a login page (200 text/html) to a grant. Neither is the
// IAM's answer (docs/iam-api.md), so neither counts as done (docs/ledger.md). A loopback proxy in
// front of the sandbox IAM forwards everything else untouched.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run, sandboxSuite } from '../iam/helpers.js';

const LOG = 'dcos:mesos:master:log';
const sb = sandboxSuite('a2g-iam-proxy-', (iam) => iam.addUser('svc', 'svc-pw'));

type Mode = 'forward' | 'del404' | 'ace200html';
let mode: Mode = 'forward';
let proxy: Server;
let proxyUrl = '';

function forward(req: IncomingMessage, res: ServerResponse): void {
  const to = new URL(sb.iam.httpUrl);
  const up = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers, timeout: 5000 }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  up.on('error', () => res.destroy());
  req.pipe(up);
}

beforeAll(async () => {
  proxy = createServer((req, res) => {
    const ace = /\/acls\/[^/]+\/users\/[^/]+\/[^/]+$/.test(req.url ?? '');
    if (mode === 'del404' && req.method === 'DELETE') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'ERR_SERVICE_UNAVAILABLE_ROUTE', description: 'no route for this path (gateway)' }));
    } else if (mode === 'ace200html' && req.method === 'PUT' && ace) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login page</html>');
    } else forward(req, res);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});
beforeEach(() => {
  mode = 'forward';
});

const viaProxy = () => ['--cluster-url', proxyUrl, '--token', sb.token];

describe('answers that are not the IAM\'s', () => {
  it('a revoke answered 404 with a gateway\'s code fails (exit 1), the grant stays, and the session is still to undo', async () => {
    expect((await run(['grant', '--uid', 'svc', LOG, 'read', ...viaProxy()], sb.env)).code).toBe(0);
    mode = 'del404';
    const u = await run(['undo', ...viaProxy()], sb.env);
    expect(u.code).toBe(1);
    expect(u.stdout).toMatch(/^failed {9}svc dcos:mesos:master:log read {2}\(the answer was 404 ERR_SERVICE_UNAVAILABLE_ROUTE, not the IAM's "not there" \(ERR_USER_NOT_IN_ACL, .*\): the grant may still be held/);
    expect(u.stdout + u.stderr).not.toMatch(/already absent/);
    expect(sb.aces('svc')).toEqual([`${LOG} read`]);

    mode = 'forward';
    const again = await run(['undo', ...viaProxy()], sb.env);
    expect([again.code, again.stdout]).toEqual([0, `revoked        svc ${LOG} read\n`]);
    expect(sb.aces('svc')).toEqual([]);
  });

  it('a grant answered 200 text/html fails (exit 1), is recorded unknown, and undo takes it back', async () => {
    mode = 'ace200html';
    const g = await run(['grant', '--uid', 'svc', LOG, 'create', ...viaProxy()], sb.env);
    expect(g.code).toBe(1);
    expect(g.stdout).toMatch(/^failed {9}svc dcos:mesos:master:log create {2}\(the IAM answers a grant 204, not 200: not counted as granted; the IAM may have applied it/);
    expect(g.stdout).not.toMatch(/^granted/m);
    const h = JSON.parse((await run(['history', '--format', 'json'], sb.env)).stdout) as Array<{ action: string; outcome: string }>;
    expect(h.filter((r) => r.action === 'create').map((r) => r.outcome)).toEqual(['unknown']);

    mode = 'forward';
    const u = await run(['undo', ...viaProxy()], sb.env);
    expect([u.code, u.stdout]).toEqual([0, `already absent svc ${LOG} create  (ERR_USER_NOT_IN_ACL)\n`]);
  });
});
