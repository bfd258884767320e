// Time limits of the HTTP client against the sandbox IAM's injected faults, over real HTTP and HTTPS
// (docs/ledger.md, "Time limits"): a trickling server meets the total limit, 429 waits as Retry-After
// asks within bounds, a lost answer marks the retried answer `uncertain`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';
import { HttpClient, NetworkError } from '../../src/cluster/http.js';
import { IamSession } from '../../src/cluster/auth.js';
import { retryAfterMs } from '../../src/cluster/retryAfter.js';
import { deadlineFromEnv } from '../../src/iam/client.js';
import { UsageError } from '../../src/errors.js';

let iam: SandboxIam;
beforeAll(async () => {
  iam = await startSandboxIam();
});
afterAll(async () => {
  await iam?.close();
});
beforeEach(() => {
  iam.faults.length = 0;
});

const CA = '/ca/dcos-ca.crt';

describe('AUDIT2GRANT_IAM_DEADLINE', () => {
  it('tunes the total limit in seconds; unset or empty keeps the default', () => {
    expect(deadlineFromEnv({})).toBeUndefined();
    expect(deadlineFromEnv({ AUDIT2GRANT_IAM_DEADLINE: '' })).toBeUndefined();
    expect(deadlineFromEnv({ AUDIT2GRANT_IAM_DEADLINE: '120' })).toBe(120_000);
    expect(deadlineFromEnv({ AUDIT2GRANT_IAM_DEADLINE: '2.5' })).toBe(2500);
  });
  it.each(['0', '-5', 'soon', '99999', 'Infinity'])('%j is a usage error, one line', (v) => {
    expect(() => deadlineFromEnv({ AUDIT2GRANT_IAM_DEADLINE: v })).toThrow(UsageError);
    expect(() => deadlineFromEnv({ AUDIT2GRANT_IAM_DEADLINE: v })).toThrow(`AUDIT2GRANT_IAM_DEADLINE must be a number of seconds from 1 to 3600 (got ${JSON.stringify(v)})`);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2024-05-02T10:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    [' 12 ', 12_000],
    ['Thu, 02 May 2024 10:00:05 GMT', 5000],
    ['Thu, 02 May 2024 09:00:00 GMT', 0],
    ['soon', null],
    ['1.5', null],
    ['-1', null],
    ['', null],
    [undefined, null],
  ] as const)('%j → %j ms', (v, ms) => {
    expect(retryAfterMs(v, now)).toBe(ms);
  });
  it('a number too large to be safe is "forever", never negative', () => {
    expect(retryAfterMs('99999999999999999999', now)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe.each(['http', 'https'] as const)('over %s', (scheme) => {
  const client = (o: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
    new HttpClient({ baseUrl: scheme === 'http' ? iam.httpUrl : iam.httpsUrl, tls: { caPem: iam.caPem }, backoffMs: 5, ...o });

  it('a server that trickles bytes meets the total limit, within bounds, with the request named', async () => {
    let hits = 0;
    iam.faults.push({ kind: 'trickle', intervalMs: 20, path: CA, times: Infinity, onHit: () => hits++ });
    // The idle limit alone would never fire: a byte comes every 20 ms.
    const c = client({ timeoutMs: 5000, deadlineMs: 400 });
    const t0 = performance.now();
    const err = await c.request({ method: 'GET', path: CA }).catch((e: unknown) => e);
    const took = performance.now() - t0;
    c.close();
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('EDEADLINE_A2G');
    expect((err as NetworkError).message).toBe(`no complete answer from ${c.baseUrl.origin} to GET ${CA} within 0.4s (the total limit per IAM request)`);
    expect((err as NetworkError).hint).toMatch(/AUDIT2GRANT_IAM_DEADLINE=SECONDS/);
    expect((err as NetworkError).maybeSent).toBe(true);
    expect(took).toBeGreaterThanOrEqual(390);
    expect(took).toBeLessThan(3000);
    expect(hits).toBe(1); // no retry after the total limit
  });

  it('the total limit also bounds retries of a server that keeps dropping the connection', async () => {
    iam.faults.push({ kind: 'drop-after-apply', path: CA, times: Infinity });
    const c = client({ retries: 50, backoffMs: 40, deadlineMs: 500 });
    const t0 = performance.now();
    const err = await c.request({ method: 'GET', path: CA }).catch((e: unknown) => e);
    c.close();
    expect((err as NetworkError).code).toBe('EDEADLINE_A2G');
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('an answer lost after the server applied a PUT: the retry answers 409, marked uncertain', async () => {
    const http = client();
    const s = new IamSession(http, { kind: 'password', ...iam.superuser });
    const rid = `dcos:sandbox:lost:${scheme}`;
    iam.faults.push({ kind: 'drop-after-apply', method: 'PUT', path: `/acls/${rid}` });
    const res = await s.call('PUT', `/acs/api/v1/acls/${rid}`, { description: 'x' });
    expect(res.status).toBe(409);
    expect(res.uncertain).toBe(true);
    expect(iam.acls()).toContain(rid);
    const plain = await s.call('PUT', `/acs/api/v1/acls/${rid}`, { description: 'x' });
    expect(plain.status).toBe(409);
    expect(plain.uncertain).toBe(false);
    http.close();
  });
});

// Rate limits do not depend on TLS: once, over HTTP (Retry-After counts in whole seconds).
describe('429 Too Many Requests', () => {
  const client = (o: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) => new HttpClient({ baseUrl: iam.httpUrl, backoffMs: 5, ...o });

  it('429 with Retry-After in seconds: waits that long, then the answer', async () => {
    iam.faults.push({ kind: 'rate-limit', retryAfter: '1', path: CA });
    const c = client();
    const t0 = performance.now();
    const res = await c.request({ method: 'GET', path: CA });
    c.close();
    expect(res.status).toBe(200);
    expect(res.rateLimited).toBeUndefined();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
    expect(iam.requests.filter((r) => r.rawPath === CA).slice(-2).map((r) => `${r.status} ${r.fault ?? ''}`)).toEqual(['429 rate-limit', '200 ']);
  });

  it('429 with Retry-After as an HTTP-date', async () => {
    iam.faults.push({ kind: 'rate-limit', retryAfter: new Date(Date.now() + 1000).toUTCString(), path: CA });
    const c = client();
    const res = await c.request({ method: 'GET', path: CA });
    c.close();
    expect(res.status).toBe(200);
  });

  it('429 forever: a bounded number of tries, then the 429 with the reason (not an exception)', async () => {
    let hits = 0;
    iam.faults.push({ kind: 'rate-limit', retryAfter: '0', path: CA, times: Infinity, onHit: () => hits++ });
    const c = client();
    const res = await c.request({ method: 'GET', path: CA });
    c.close();
    expect(res.status).toBe(429);
    expect(hits).toBe(5);
    expect(res.rateLimited).toBe('rate limited: the IAM answered 429 Too Many Requests 5 times: try again later');
  });

  it('a Retry-After longer than audit2grant waits gives up at once', async () => {
    iam.faults.push({ kind: 'rate-limit', retryAfter: '120', path: CA });
    const c = client();
    const t0 = performance.now();
    const res = await c.request({ method: 'GET', path: CA });
    c.close();
    expect(res.status).toBe(429);
    expect(res.rateLimited).toBe('rate limited: the IAM answered 429 Too Many Requests and asks to wait 120s, more than the 30s audit2grant waits per request: try again later');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('all requests of a client share one budget of 429 waits', async () => {
    iam.faults.push({ kind: 'rate-limit', retryAfter: '1', path: CA });
    const c = client({ rateLimitBudgetMs: 1500 });
    expect((await c.request({ method: 'GET', path: CA })).status).toBe(200); // waited 1 s
    iam.faults.push({ kind: 'rate-limit', retryAfter: '1', path: CA });
    const t0 = performance.now();
    const res = await c.request({ method: 'GET', path: CA });
    c.close();
    expect(res.status).toBe(429);
    expect(res.rateLimited).toMatch(/this run already waited 1s on rate limits \(at most 1.5s\): try again later$/);
    expect(performance.now() - t0).toBeLessThan(900);
  });
});
