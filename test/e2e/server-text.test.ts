// End to end (needs `npm run build`): a cluster whose answers hold terminal control sequences
// (README.md, "Server text"). Whatever the command, its stderr shows them escaped: the screen is not
// cleared, the window title not set, no line is forged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run, tempDir } from '../iam/helpers.js';
import { fakeJwt, HOSTILE, json, serve, type Served } from '../helpers/hostile.js';

const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('a hostile cluster, through the built CLI', () => {
  let srv: Served;
  let env: NodeJS.ProcessEnv;
  const tmp = tempDir('a2g-hostile-');
  beforeAll(async () => {
    srv = await serve((req, res) => {
      if (req.url === '/acs/api/v1/auth/login') return json(res, 500, { title: 'x', code: 'X', description: HOSTILE });
      if (req.url === '/acs/api/v1/users/svc/permissions') return json(res, 500, { code: 'X', description: HOSTILE });
      if (req.url === '/mesos_dns/v1/hosts/leader.mesos') return json(res, 200, [{ host: 'leader.mesos.', ip: '127.0.0.1' }]);
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(HOSTILE);
    });
    env = cleanEnv(tmp.dir, { DCOS_URL: srv.url });
  });
  afterAll(async () => {
    await srv?.close();
    tmp.cleanup();
  });

  const expectSafe = (stderr: string, want: RegExp) => {
    expect(stderr).toMatch(want);
    expect(stderr).toContain('boom \\x1b[2J\\x1b]0;PWNED\\x07 \\x1b[31mRED\\x9b31m \\u202eesrever forged: granted everything');
    expect(stderr).not.toMatch(ACTIVE);
    expect(stderr).not.toMatch(/^forged/m);
  };

  it('grant: a failed login', async () => {
    const r = await run(['grant', '--login-uid', 'bootstrapuser', '--uid', 'svc', 'dcos:mesos:master:log', 'read'], { ...env, DCOS_PASSWORD: 'pw' });
    expect(r.code).toBe(1);
    expectSafe(r.stderr, /^audit2grant: login as bootstrapuser failed: 500 X boom /m);
  });

  it('unused: the grants held cannot be read', async () => {
    const r = await run(['unused', '--uid', 'svc', 'fixtures/sample', '--token', fakeJwt('admin')], env);
    expect(r.code).toBe(1);
    expectSafe(r.stderr, /^audit2grant: the IAM answered 500 to GET \/users\/svc\/permissions: 500 X boom /m);
  });

  it('scan dcos://leader: the logging API refuses the request', async () => {
    const r = await run(['scan', 'dcos://leader', '--token', fakeJwt('log-reader')], env);
    expect(r.code).toBe(1);
    expectSafe(r.stderr, /^audit2grant: dcos:\/\/leader: the logging API refused the request \(400: boom /m);
  });
});
