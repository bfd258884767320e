// Interrupted while the cluster's nodes are listed: the listing cut short said "cannot list the
// agents (interrupted): name them as dcos://agent/AGENT_ID", advice for a failure that was none.
// Real HTTP on 127.0.0.1: the interrupt comes as the agents' list is asked for.
import { afterEach, describe, expect, it } from 'vitest';
import { json } from '../../helpers/hostile.js';
import { listingCluster, type FakeLogCluster } from './fake-cluster.js';
import { scanDcos } from './helpers.js';

let fake: FakeLogCluster | null = null;
afterEach(async () => {
  await fake?.server.close();
  fake = null;
});

describe('dcos://all interrupted while listing the nodes', () => {
  it('no listing error, no node read: the scan says it was interrupted', async () => {
    const ac = new AbortController();
    fake = await listingCluster((req, res) => {
      if (req.url === '/mesos/master/slaves') ac.abort();
      else if (!req.url?.startsWith('/mesos_dns/')) return false;
      json(res, 200, req.url.startsWith('/mesos_dns/') ? [{ ip: '127.0.0.1' }] : { slaves: [] });
      return true;
    });
    const r = await scanDcos(['dcos://all'], fake.cluster, {}, {}, ac.signal);
    expect(r.errors).toEqual([]);
    expect(r.stats.sources).toBe(0);
    expect(r.warnings.map((w) => w.kind)).toContain('interrupted');
  });
});
