// Something between audit2grant and the IAM answers in its place (needs `npm run build`): a gateway's
// 404 with its own JSON code to a revoke, a login page (200 text/html) to a grant, a 409 page to a
// grant. None is the IAM's answer (docs/iam-api.md), so none counts as done (docs/ledger.md). A
// loopback proxy in front of the sandbox IAM forwards everything else untouched.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run, sandboxSuite } from '../iam/helpers.js';
import { startIamProxy, type IamProxy } from '../helpers/iam-proxy.js';

const LOG = 'dcos:mesos:master:log';
const sb = sandboxSuite('a2g-iam-proxy-', (iam) => iam.addUser('svc', 'svc-pw'));

// perms403: the holdings read is refused, so grants are sent without the check and a held pair
// reaches the IAM's own 409.
type Mode = 'forward' | 'del404' | 'ace200html' | 'perms403' | 'ace409html' | 'acl409html';
let mode: Mode = 'forward';
let proxy: IamProxy;

beforeAll(async () => {
  proxy = await startIamProxy(sb.iam.httpUrl, (req, res) => {
    const ace = /\/acls\/[^/]+\/users\/[^/]+\/[^/]+$/.test(req.url ?? '');
    const acl = /\/acls\/[^/]+$/.test(req.url ?? '');
    const perms = /\/users\/[^/]+\/permissions$/.test(req.url ?? '');
    if ((mode === 'perms403' || mode === 'ace409html') && perms) {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<html>403 Forbidden</html>');
    } else if ((mode === 'ace409html' && req.method === 'PUT' && ace) || (mode === 'acl409html' && req.method === 'PUT' && acl)) {
      res.writeHead(409, { 'content-type': 'text/html' });
      res.end('<html><title>409 Conflict</title>\x1b]0;pwned\x07 from the proxy</html>');
    } else if (mode === 'del404' && req.method === 'DELETE') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'ERR_SERVICE_UNAVAILABLE_ROUTE', description: 'no route for this path (gateway)' }));
    } else if (mode === 'ace200html' && req.method === 'PUT' && ace) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login page</html>');
    } else return false;
    return true;
  });
});
afterAll(() => proxy.close());
beforeEach(() => {
  mode = 'forward';
});

const viaProxy = () => ['--cluster-url', proxy.url, '--token', sb.token];

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
    // create and update: actions the log's catalog row does not list, so --yes (docs/policy.md).
    const g = await run(['grant', '--uid', 'svc', LOG, 'create', '--yes', ...viaProxy()], sb.env);
    expect(g.code).toBe(1);
    expect(g.stdout).toMatch(/^failed {9}svc dcos:mesos:master:log create {2}\(the IAM answers a grant 204, not 200: not counted as granted; the IAM may have applied it/);
    expect(g.stdout).not.toMatch(/^granted/m);
    const h = JSON.parse((await run(['history', '--format', 'json'], sb.env)).stdout) as Array<{ action: string; outcome: string }>;
    expect(h.filter((r) => r.action === 'create').map((r) => r.outcome)).toEqual(['unknown']);

    mode = 'forward';
    const u = await run(['undo', ...viaProxy()], sb.env);
    expect([u.code, u.stdout]).toEqual([0, `already absent svc ${LOG} create  (ERR_USER_NOT_IN_ACL)\n`]);
  });

  it('a 409 counts as already held only when it is the IAM\'s JSON error; a proxy\'s 409 page fails the grant, its text escaped', async () => {
    mode = 'acl409html';
    const aclPage = await run(['grant', '--uid', 'svc', LOG, 'read', ...viaProxy()], sb.env);
    expect(aclPage.code).toBe(1);
    expect(aclPage.stdout).toMatch(/^failed {9}svc dcos:mesos:master:log read {2}\(creating the ACL failed: the answer was 409: <html>.*, not the IAM's ERR_ACL_EXISTS/);

    mode = 'forward';
    expect((await run(['grant', '--uid', 'svc', LOG, 'full', ...viaProxy()], sb.env)).code).toBe(0);
    mode = 'perms403';
    const own = await run(['grant', '--uid', 'svc', LOG, 'full', ...viaProxy()], sb.env);
    expect([own.code, own.stdout]).toEqual([0, `already held   svc ${LOG} full  (the IAM already had it (409 ERR_ACE_EXISTS))\n`]);

    mode = 'ace409html';
    const page = await run(['grant', '--uid', 'svc', LOG, 'update', '--yes', ...viaProxy()], sb.env);
    expect(page.code).toBe(1);
    expect(page.stdout).toBe(`failed         svc ${LOG} update  (the answer was 409: <html><title>409 Conflict</title>\\x1b]0;pwned\\x07 from the proxy</html>, not the IAM's "already held" (its JSON error): not counted as done (a proxy or gateway in the way?))\n`);
    expect(page.stdout + page.stderr).not.toMatch(/^already held|\x1b|\x07/m);

    // Neither proxy page was taken for the IAM's word: nothing held, the ledger says failed.
    expect(sb.aces('svc')).toEqual([`${LOG} full`]);
    const h = JSON.parse((await run(['history', '--format', 'json'], sb.env)).stdout) as Array<{ action: string; outcome: string }>;
    expect(h.map((r) => `${r.action} ${r.outcome}`)).toEqual(['read failed', 'full granted', 'full already held', 'update failed']);
  });
});
