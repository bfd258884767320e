// The time limits of dcos:// reads (docs/logging-api.md, "Time limits"), against a real HTTP server
// on 127.0.0.1 whose logging API trickles or stalls: a range request (a page, a --since probe) ends
// at its total deadline, named, with what to try, and is not retried; the event stream of follow
// mode has no deadline; a node that answers and then stalls is given up after the retries.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { runScan } from '../../../src/pipeline/scan.js';
import { DCOS_DEFAULTS, logDeadlineFromEnv } from '../../../src/sources/dcos/options.js';
import { entryLine, fakeLogCluster, type FakeLogCluster } from './fake-cluster.js';
import { denial, keys, scanDcos } from './helpers.js';

let fake: FakeLogCluster | null = null;
afterEach(async () => {
  await fake?.server.close();
  fake = null;
});

const ENTRY = entryLine(1, denial('svc-dl', 'dcos:mesos:master:framework:role:dl')[0]!);
const logRequests = (f: FakeLogCluster, kind: 'range' | 'stream') => f.server.requests.filter((r) => r.includes(`/logs/v1/${kind}/`));

/** Every `ms`, `tick(n)` (n from 1) until the response closes. */
function every(res: ServerResponse, ms: number, tick: (n: number) => void): void {
  let n = 0;
  const t = setInterval(() => tick(++n), ms);
  res.on('close', () => clearInterval(t));
}

const DEADLINE_ERROR = /^dcos:\/\/leader: no complete answer from 127\.0\.0\.1:\d+ within 0\.3 s \(the total limit per logging-API request\): .*raise the limit with AUDIT2GRANT_LOG_DEADLINE=SECONDS/;

describe('a range request meets its total deadline', () => {
  it('a page that trickles a byte every 20 ms: the entries before are kept, the node fails once, not retried', async () => {
    fake = await fakeLogCluster((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(ENTRY);
      every(res, 20, () => res.write(' ')); // the idle limit alone would never fire
    });
    const t0 = performance.now();
    const r = await scanDcos(['dcos://leader'], fake.cluster, { deadlineMs: 300, idleTimeoutMs: 5000, maxReconnects: 3, reconnectBaseMs: 1 });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.errors).toEqual([{ source: 'dcos://leader', message: expect.stringMatching(DEADLINE_ERROR) }]);
    expect(keys(r)).toEqual(['svc-dl dcos:mesos:master:framework:role:dl create ×1']);
    expect(logRequests(fake, 'range')).toHaveLength(1);
  }, 15_000);

  it('a --since probe that trickles: the same', async () => {
    fake = await fakeLogCluster((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      every(res, 20, () => res.write(' '));
    });
    const r = await scanDcos(['dcos://leader'], fake.cluster, { deadlineMs: 300, idleTimeoutMs: 5000, maxReconnects: 3, reconnectBaseMs: 1 }, { since: Date.now() - 3_600_000 });
    expect(r.errors).toEqual([{ source: 'dcos://leader', message: expect.stringMatching(DEADLINE_ERROR) }]);
    expect(fake.server.requests).toEqual([expect.stringMatching(/^GET \/mesos_dns\//), expect.stringMatching(/\/range\/\?.*limit=1&skip_prev=1$/)]);
  }, 15_000);

  it('the default is 120 s; AUDIT2GRANT_LOG_DEADLINE sets it in seconds, a bad value is a usage error', () => {
    expect(DCOS_DEFAULTS.deadlineMs).toBe(120_000);
    expect(logDeadlineFromEnv({})).toBeUndefined();
    expect(logDeadlineFromEnv({ AUDIT2GRANT_LOG_DEADLINE: '600' })).toBe(600_000);
    expect(logDeadlineFromEnv({ AUDIT2GRANT_LOG_DEADLINE: '2.5' })).toBe(2500);
    for (const v of ['0', 'soon', '7200']) {
      expect(() => logDeadlineFromEnv({ AUDIT2GRANT_LOG_DEADLINE: v })).toThrow(UsageError);
      expect(() => logDeadlineFromEnv({ AUDIT2GRANT_LOG_DEADLINE: v })).toThrow(`AUDIT2GRANT_LOG_DEADLINE must be a number of seconds from 1 to 3600 (got ${JSON.stringify(v)})`);
    }
  });
});

describe('follow: the event stream has no deadline', () => {
  it('a stream open far longer than the range deadline keeps going: its event arrives, no reconnect', async () => {
    fake = await fakeLogCluster((req, res) => {
      if (req.url?.includes('/range/')) return void res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Pings for 12 × 25 ms (three times the deadline below), then the event, then pings again.
      every(res, 25, (n) => res.write(n === 12 ? `id: s=ab;i=1;b=cd;m=10;t=5f;x=99\ndata: ${ENTRY.trim()}\n\n` : ': ping\n\n'));
    });
    const ac = new AbortController();
    const r = await runScan({
      sources: ['dcos://leader'],
      filter: { uids: [], since: null, until: null },
      year: null,
      signal: ac.signal,
      follow: true,
      dcos: { cluster: fake.cluster, deadlineMs: 100, streamIdleTimeoutMs: 5000, reconnectBaseMs: 1 },
      onFinding: (u) => u.isNew && ac.abort(),
    });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => f.rid)).toEqual(['dcos:mesos:master:framework:role:dl']);
    expect(logRequests(fake, 'stream')).toHaveLength(1);
  }, 15_000);
});

describe('an answer is not progress', () => {
  it('a node that answers each page and then stalls is given up after the retries, not asked forever', async () => {
    fake = await fakeLogCluster((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders());
    const r = await scanDcos(['dcos://leader'], fake.cluster, { idleTimeoutMs: 100, maxReconnects: 2, reconnectBaseMs: 1 });
    expect(r.errors).toEqual([{ source: 'dcos://leader', message: expect.stringMatching(/^dcos:\/\/leader: no data from 127\.0\.0\.1:\d+ for 0\.1 s; gave up after 2 retries$/) }]);
    expect(logRequests(fake, 'range')).toHaveLength(3);
  }, 15_000);
});
