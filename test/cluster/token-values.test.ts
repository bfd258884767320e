// A token travels in the Authorization header of every request and is a secret (docs/iam-api.md):
// one that cannot be sent there (a line break, a control character, white space, a non-ASCII
// character), from --token, DCOS_ACS_TOKEN, the DC/OS CLI config or a login answer, is refused with
// one line naming where it came from, never its value, and never reaches the HTTP layer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCluster } from '../../src/cluster/credentials.js';
import { tokenFault } from '../../src/cluster/token.js';
import { AuthError, IamSession } from '../../src/cluster/auth.js';
import { HttpClient } from '../../src/cluster/http.js';
import { checkTokens } from '../../src/commands/usage.js';
import { UsageError } from '../../src/errors.js';
import { cleanEnv, tempDir } from '../iam/helpers.js';

const SECRET = `eyJhbGciOiJSUzI1NiJ9.SECRETpayload${'x'.repeat(60)}.sig`;
let t: ReturnType<typeof tempDir>;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  t = tempDir('a2g-token-');
  env = cleanEnv(t.dir, { DCOS_URL: 'https://c.example' });
});
afterEach(() => t.cleanup());

/** The error `f` throws, checked to be a one-line usage error that shows no part of the secret. */
function usageError(f: () => unknown): UsageError {
  let err: unknown = null;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UsageError);
  const u = err as UsageError;
  for (const text of [u.message, u.hint ?? '']) {
    expect(text).not.toContain(SECRET.slice(0, 12));
    expect(text).not.toMatch(/[\r\n]/);
  }
  return u;
}

describe('tokenFault', () => {
  it.each([
    [SECRET, null],
    [`${SECRET}\r`, 'holds a carriage return (\\r)'],
    [`${SECRET}\n`, 'holds a line break (\\n)'],
    [`${SECRET} x`, 'holds white space'],
    [`a\u0000b`, 'holds a control character'],
    [`a\u2026b`, 'holds a character that is not printable ASCII'],
    ['', 'is empty'],
  ])('%j → %s', (token, fault) => {
    expect(tokenFault(token)).toBe(fault);
  });
});

describe('where a token comes from, it is checked before it is used', () => {
  it.each([
    ['DCOS_ACS_TOKEN with \\r', { DCOS_ACS_TOKEN: `${SECRET}\r` }, {}, /^the auth token in DCOS_ACS_TOKEN holds a carriage return \(\\r\): it cannot be sent in an HTTP header \(the value is a secret: not shown\)$/],
    ['DCOS_ACS_TOKEN with \\n', { DCOS_ACS_TOKEN: `${SECRET}\n` }, {}, /^the auth token in DCOS_ACS_TOKEN holds a line break/],
    ['--token with a non-ASCII character', {}, { token: `${SECRET}\u2026` }, /^the auth token in --token holds a character that is not printable ASCII/],
  ])('%s: a usage error naming it', (_n, extra, flags, msg) => {
    const u = usageError(() => resolveCluster(flags, { ...env, ...extra }, { needAuth: true }));
    expect(u.message).toMatch(msg);
  });

  it('the DC/OS CLI config\'s token names its file', () => {
    const d = join(env.DCOS_DIR as string, 'clusters', 'id1');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'dcos.toml'), `[core]\ndcos_url = "https://c.example"\ndcos_acs_token = "${SECRET}\\r\\n"\n`);
    delete env.DCOS_URL;
    const u = usageError(() => resolveCluster({}, env, { needAuth: true }));
    expect(u.message).toBe(`the auth token in ${join(d, 'dcos.toml')} (dcos_acs_token) holds a carriage return (\\r): it cannot be sent in an HTTP header (the value is a secret: not shown)`);
  });

  it('a token given twice is refused rather than joined', () => {
    const u = usageError(() => resolveCluster({ token: [SECRET, SECRET] as unknown as string }, env, { needAuth: true }));
    expect(u.message).toBe('--token is given more than once');
  });

  it('a DCOS_ACS_TOKEN left unused (another cluster) is not checked', () => {
    const r = resolveCluster({ clusterUrl: 'https://other.example', token: SECRET }, { ...env, DCOS_ACS_TOKEN: `${SECRET}\r` }, { needAuth: true });
    expect(r.login).toMatchObject({ kind: 'token', from: '--token' });
  });
});

describe('the command line', () => {
  it.each([
    ['--token VALUE', ['grant', '--uid', 'svc', 'dcos:x', 'read', '--token', `${SECRET}\r`]],
    ['--token=VALUE', ['grant', '--uid', 'svc', 'dcos:x', 'read', `--token=${SECRET}\n`]],
  ])('a control character in the value of %s names the option, never the value', (_n, argv) => {
    const u = usageError(() => checkTokens(argv));
    expect(u.message).toMatch(/^the value of --token holds a (line break|carriage return)/);
  });

  it('other arguments are still quoted, so the mistake can be found', () => {
    expect(() => checkTokens(['scan', '--uid', 'a\nb'])).toThrow('argument 3 ("a\\nb") holds a line break');
  });
});

describe('a token the login answers with', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('that cannot be sent back is an AuthError, before any request carries it', async () => {
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ token: `${SECRET}\r\nX-Injected: 1` }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const http = new HttpClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 5000, deadlineMs: 5000 });
    try {
      const s = new IamSession(http, { kind: 'password', uid: 'admin', password: 'pw' });
      const err = await s.call('GET', '/acs/api/v1/users').then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect((err as Error).message).toBe('login as admin: the cluster answered with an auth token that holds a carriage return (\\r): it cannot be sent in an HTTP header');
      expect(seen).toEqual(['POST /acs/api/v1/auth/login']);
    } finally {
      http.close();
    }
  });
});
