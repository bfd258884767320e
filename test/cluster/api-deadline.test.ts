// AUDIT2GRANT_IAM_DEADLINE bounds every request to the cluster API, also those a scan makes: the
// login of dcos:// sources and the node list of --all-nodes (the --help of scan says so). Against a
// loopback server that accepts each request and never answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClusterLink, resolveDcosCluster } from '../../src/sources/dcos/connect.js';
import { discoverNodes } from '../../src/sources/ssh/discover.js';
import { UsageError } from '../../src/errors.js';

let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer(() => {
    /* holds every request: only a total limit ends the wait */
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const LIMIT = /no complete answer from http:\/\/127\.0\.0\.1:\d+ to \S+ \S+ within 1s \(the total limit per IAM request\)/;

async function timed(p: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const t0 = performance.now();
  try {
    await p;
  } catch (e) {
    return { error: e as Error, ms: performance.now() - t0 };
  }
  throw new Error('expected a failure');
}

describe('AUDIT2GRANT_IAM_DEADLINE in a scan', () => {
  it('the login of dcos:// sources ends at it', async () => {
    const cluster = resolveDcosCluster({ clusterUrl: url, loginUid: 'reader' }, { DCOS_PASSWORD: 'pw', AUDIT2GRANT_IAM_DEADLINE: '1' });
    expect(cluster.apiDeadlineMs).toBe(1000);
    const link = new ClusterLink(cluster, undefined, { retries: 0 });
    try {
      const { error, ms } = await timed(link.ensure());
      expect(error.message).toMatch(LIMIT);
      expect(ms).toBeLessThan(5000);
    } finally {
      link.close();
    }
  });

  it('the node list of --all-nodes ends at it', async () => {
    const { error, ms } = await timed(discoverNodes({ flags: { clusterUrl: url, token: 'tok' }, jump: null, env: { AUDIT2GRANT_IAM_DEADLINE: '1' }, retries: 0 }));
    expect(error.message).toMatch(/^--all-nodes: listing the nodes of http:\/\/127\.0\.0\.1:\d+: /);
    expect(error.message).toMatch(LIMIT);
    expect(ms).toBeLessThan(5000);
  });

  it('unset, the default stays; a bad value is a usage error before any request', async () => {
    expect(resolveDcosCluster({ clusterUrl: url, token: 'tok' }, {}).apiDeadlineMs).toBeUndefined();
    expect(() => resolveDcosCluster({ clusterUrl: url, token: 'tok' }, { AUDIT2GRANT_IAM_DEADLINE: 'soon' })).toThrow(UsageError);
    const { error } = await timed(discoverNodes({ flags: { clusterUrl: url, token: 'tok' }, jump: null, env: { AUDIT2GRANT_IAM_DEADLINE: '0' }, retries: 0 }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^AUDIT2GRANT_IAM_DEADLINE must be a number of seconds from 1 to 3600/);
  });
});
