// Mesos' agent list holds a few KB per agent: over the 1 MiB an IAM answer may take from ~400
// agents. dcos://agents and --all-nodes read it up to 64 MiB; past that the error says the list is
// too large, not to grant a permission the reader may already hold. Real HTTP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { IamSession } from '../../../src/cluster/auth.js';
import { HttpClient } from '../../../src/cluster/http.js';
import { LISTING_BODY_BYTES } from '../../../src/cluster/httpAttempt.js';
import { EXHIBITOR_STATUS, listClusterNodes } from '../../../src/cluster/nodes.js';
import type { DcosCluster } from '../../../src/sources/dcos/connect.js';
import { json, type Served } from '../../helpers/hostile.js';
import { listingCluster } from './fake-cluster.js';
import { scanDcos } from './helpers.js';

let server: Served | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** One agent as Mesos lists it, with ~3 KB of resources and attributes. */
function agent(i: number): object {
  const ip = `10.1.${i >> 8}.${i & 255}`;
  return { id: `0c2d-S${i}`, pid: `slave(1)@${ip}:5051`, hostname: ip, attributes: { rack: `r${i % 9}` }, resources: { pad: 'x'.repeat(3000) } };
}

/** A list of `n` agents; or, past the cap, a body that never ends before it (streamed, not held). */
function slaves(res: ServerResponse, n: number | 'too-large'): void {
  if (n !== 'too-large') return json(res, 200, { slaves: Array.from({ length: n }, (_, i) => agent(i)) });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"slaves":[{"id":"a","resources":"');
  const mib = Buffer.alloc(1 << 20, 0x61);
  let sent = 0;
  const pump = (): void => {
    while (sent <= LISTING_BODY_BYTES >> 20 && res.write(mib)) sent++;
    if (sent <= LISTING_BODY_BYTES >> 20) res.once('drain', pump);
    else res.end('"}]}');
  };
  pump();
}

async function cluster(n: number | 'too-large'): Promise<DcosCluster> {
  const c = await listingCluster((req, res) => {
    if (req.url === '/mesos/master/slaves') slaves(res, n);
    else if (req.url === EXHIBITOR_STATUS) json(res, 200, [{ hostname: '10.0.0.1' }]);
    else return false;
    return true;
  });
  server = c.server;
  return c.cluster;
}

describe('the agent list of a large cluster', () => {
  it('dcos://agents: 450 agents (~1.4 MB of list) are all read', async () => {
    const c = await cluster(450);
    // No MaxListenersExceededWarning on stderr: every node's requests listen on one signal.
    const warned: string[] = [];
    const onWarning = (w: Error): void => void warned.push(w.name);
    process.on('warning', onWarning);
    const r = await scanDcos(['dcos://agents'], c).finally(() => process.off('warning', onWarning));
    expect(warned).not.toContain('MaxListenersExceededWarning');
    expect(r.errors).toEqual([]);
    expect(r.stats.sources).toBe(450);
  });

  it('--all-nodes: the same list through the Mesos fallback', async () => {
    const c = await cluster(450);
    const http = new HttpClient({ baseUrl: c.clusterUrl, retries: 0 });
    try {
      const listing = await listClusterNodes(new IamSession(http, c.login));
      expect(listing.nodes.filter((x) => x.role === 'agent')).toHaveLength(450);
    } finally {
      http.close();
    }
  });

  it('a list past 64 MiB: the error says so, and names no permission to grant', async () => {
    const c = await cluster('too-large');
    const r = await scanDcos(['dcos://agents'], c);
    expect(r.errors).toEqual([
      {
        source: 'dcos://agents',
        message: `dcos://agents: cannot list the agents (the answer to GET /mesos/master/slaves is larger than ${LISTING_BODY_BYTES} bytes): name them as dcos://agent/AGENT_ID`,
      },
    ]);
  }, 30_000);
});
