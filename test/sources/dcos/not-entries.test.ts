// A 200 that is not the logging API's entries (a UI or login page, a proxy's JSON error, plain
// text) used to be read as a quiet journal: no finding, exit 0 even with --fail-on-findings. The
// node fails instead, saying what came. Real HTTP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { entryLine, fakeLogCluster, type FakeLogCluster } from './fake-cluster.js';
import { denial, keys, scanDcos } from './helpers.js';

let fake: FakeLogCluster | null = null;
afterEach(async () => {
  await fake?.server.close();
  fake = null;
});

const RID = 'dcos:mesos:master:framework:role:ne';

describe('dcos:// answers of 200 that are not journal entries', () => {
  it.each([
    ['an HTML page', 'text/html; charset=utf-8', '<!doctype html><html><head><title>DC/OS</title></head><body><div id="app"></div></body></html>\n', /answered 200 with an HTML page \(DC\/OS\), not journal entries: is the cluster URL its Admin Router\?/],
    ['a JSON error', 'application/json', '{"error":"oops"}\nnot json at all\n', /answered 200 with text \(\{"error":"oops"\}\), not journal entries/],
    ['plain text', 'text/plain', 'Service Unavailable\n', /answered 200 with text \(Service Unavailable\), not journal entries/],
    ['a line of text over 1 MiB (cut: judged by its end)', 'application/json', `${'a'.repeat(2 << 20)}\n`, /answered 200 with text \(a+…\), not journal entries/],
  ])('%s: the node fails, not read as a quiet journal', async (_what, type, body, want) => {
    fake = await fakeLogCluster((_req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    });
    const r = await scanDcos(['dcos://leader'], fake.cluster, { reconnectBaseMs: 1 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/^dcos:\/\/leader: the logging API answered 200 with /);
    expect(r.errors[0]?.message).toMatch(want);
  });

  it('a 200 that echoes the token bare: the error shows it as ***', async () => {
    fake = await fakeLogCluster((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`you sent ${String(req.headers.authorization ?? '').replace(/^token=/, '')}\n`);
    });
    const token = fake.cluster.login.kind === 'token' ? fake.cluster.login.token : '';
    expect(token.length).toBeGreaterThan(20);
    const r = await scanDcos(['dcos://leader'], fake.cluster, { reconnectBaseMs: 1 });
    expect(r.errors[0]?.message).toMatch(/answered 200 with text \(you sent \*\*\*\)/);
    expect(r.errors[0]?.message).not.toContain(token.slice(0, 16));
  });

  it('entries and blank lines are read as before', async () => {
    const page = `${denial('svc-ne', RID).map((l, i) => entryLine(i, l)).join('')}\n  \n`;
    fake = await fakeLogCluster((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(page);
    });
    const r = await scanDcos(['dcos://leader'], fake.cluster, {}, { uids: ['svc-ne'] });
    expect(r.errors).toEqual([]);
    expect(keys(r)).toEqual([`svc-ne ${RID} create ×1`]);
  });
});
