// Text the IAM chose (an error's description and code, the uid in the token it issued) reaches
// messages, results and the terminal escaped, over a real HTTP server on 127.0.0.1 (README.md,
// "Server text"). The escaping happens where the text enters, and again where errors are said.
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, IamSession } from '../../src/cluster/auth.js';
import { HttpClient } from '../../src/cluster/http.js';
import { sourceErrorText } from '../../src/core/text.js';
import { describeError, errorLine, OperationalError } from '../../src/errors.js';
import { grantPairs, revokePairs } from '../../src/iam/grants.js';
import { fetchHoldings } from '../../src/iam/holdings.js';
import { expectEscaped, fakeJwt, HOSTILE, json, serve, type Served } from '../helpers/hostile.js';

let server: Served | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const RID = 'dcos:mesos:master:log';

async function session(handler: Parameters<typeof serve>[0], uid = 'admin'): Promise<IamSession> {
  server = await serve(handler);
  return new IamSession(new HttpClient({ baseUrl: server.url, retries: 0 }), { kind: 'token', token: fakeJwt(uid), from: '--token' });
}

describe('IAM answers carrying control characters', () => {
  it('a failed login: the description is escaped in the error', async () => {
    server = await serve((_req, res) => json(res, 500, { title: 'x', code: 'X', description: HOSTILE }));
    const s = new IamSession(new HttpClient({ baseUrl: server.url, retries: 0 }), { kind: 'password', uid: 'bootstrapuser', password: 'pw' });
    const e = await s.ensure().then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/^login as bootstrapuser failed: 500 X boom /);
    expectEscaped((e as Error).message);
  });

  it('what an account holds cannot be read (`unused`): the description is escaped in the error', async () => {
    const s = await session((_req, res) => json(res, 500, { code: 'X', description: HOSTILE }));
    const e = await fetchHoldings(s, 'svc').then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(OperationalError);
    expect((e as Error).message).toMatch(/^the IAM answered 500 to GET \/users\/svc\/permissions: 500 X boom /);
    expectEscaped((e as Error).message);
  });

  it('a refused grant: the reason in the result is escaped', async () => {
    const s = await session((req, res) => {
      if (req.method === 'GET') return json(res, 200, { direct: [], groups: [] });
      if (req.url === `/acs/api/v1/acls/${RID}`) return json(res, 201, {});
      json(res, 400, { code: 'ERR_X', description: HOSTILE });
    });
    const [r] = await grantPairs(s, [{ uid: 'svc', rid: RID, action: 'read' }]);
    expect(r?.outcome).toBe('failed');
    expectEscaped(r?.detail ?? '');
  });

  it('an error code is the server\'s too: escaped where it is the result\'s detail', async () => {
    // A code the IAM never answers: not proof of an absent grant (docs/ledger.md), so the pair failed.
    const s = await session((_req, res) => json(res, 404, { code: `ERR_${HOSTILE}`, description: 'gone' }));
    const [r] = await revokePairs(s, [{ uid: 'svc', rid: RID, action: 'read' }]);
    expect(r?.outcome).toBe('failed');
    expect(r?.detail).toContain('ERR_');
    expectEscaped(r?.detail ?? '');
  });

  it('the uid in the token the cluster issued is named escaped (a 403 says who lacks the right)', async () => {
    const s = await session((_req, res) => json(res, 403, {}), HOSTILE);
    const e = await s.call('GET', '/acs/api/v1/users').then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expectEscaped((e as Error).message);
    expectEscaped((e as AuthError).hint ?? '');
  });
});

describe('where errors are said: the last step before the terminal', () => {
  it('describeError keeps the hint on its own line and escapes the rest', () => {
    const d = describeError(new OperationalError(HOSTILE, HOSTILE));
    expectEscaped(d.text, { lines: 2 });
    expect(d.text).toMatch(/\n {2}hint: boom /);
  });

  it('errorLine and sourceErrorText (statuses, the TUI, source errors) are one escaped line', () => {
    expectEscaped(errorLine(new Error(HOSTILE)));
    expect(errorLine(new Error(HOSTILE))).toBe('boom \\x1b[2J\\x1b]0;PWNED\\x07 \\x1b[31mRED\\x9b31m \\u202eesrever');
    expectEscaped(sourceErrorText({ source: 'dcos://leader', message: HOSTILE }));
  });
});
