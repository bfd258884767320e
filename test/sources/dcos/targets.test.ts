// Which nodes dcos:// specs read, and how each is reached: a node listed but not read is an error
// (never a clean verdict), the leader is read once when Mesos-DNS cannot name it, a failed listing
// says what happened, and a plain-HTTP loopback cluster URL never sends the token in clear to a
// master's address. Real HTTP on 127.0.0.1: a cluster whose lists each test sets.
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClusterLink, type DcosCluster } from '../../../src/sources/dcos/connect.js';
import { masterTarget, resolveTargets } from '../../../src/sources/dcos/targets.js';
import { json, type Served } from '../../helpers/hostile.js';
import { listingCluster } from './fake-cluster.js';
import { scanDcos } from './helpers.js';

let server: Served | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

type Handler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A cluster on 127.0.0.1: Mesos-DNS names 127.0.0.1 (master and leader) unless `route` answers first; every log read is an empty journal. */
async function cluster(slaves: unknown[] | number, route: Handler = () => false): Promise<DcosCluster> {
  const c = await listingCluster((req, res) => {
    if (route(req, res)) return true;
    if (req.url === '/mesos/master/slaves') json(res, typeof slaves === 'number' ? slaves : 200, typeof slaves === 'number' ? { message: 'cache not ready' } : { slaves });
    else if (req.url === '/mesos_dns/v1/hosts/master.mesos' || req.url === '/mesos_dns/v1/hosts/leader.mesos') json(res, 200, [{ host: 'x.mesos.', ip: '127.0.0.1' }]);
    else return false;
    return true;
  });
  server = c.server;
  return c.cluster;
}

const good = { id: 'good-S1', pid: 'slave(1)@127.0.0.1:5051' };
const bad = { id: 'bad id-S2', pid: 'slave(1)@127.0.0.6:5051' };

describe('a node listed but not read is an error', () => {
  it('dcos://agents: Mesos lists no agent', async () => {
    const r = await scanDcos(['dcos://agents'], await cluster([]));
    expect(r.stats.sources).toBe(0);
    expect(r.errors).toEqual([{ source: 'dcos://agents', message: expect.stringContaining('dcos://agents: Mesos listed no agent') }]);
  });

  it('dcos://all: no agent listed is said, the masters are still read', async () => {
    const r = await scanDcos(['dcos://all'], await cluster([]));
    expect(r.stats.sources).toBe(1);
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringContaining('dcos://all: Mesos listed no agent')]);
  });

  it('an agent with an invalid id: the others are read, it is an error naming it', async () => {
    const r = await scanDcos(['dcos://agents', 'dcos://all'], await cluster([good, bad]));
    expect(r.stats.sources).toBe(2); // the master and the good agent
    expect(r.errors).toEqual([
      { source: 'dcos://agents', message: 'dcos://agents: Mesos listed an agent with an invalid id ("bad id-S2" at 127.0.0.6), not read: no route reaches an agent without its id; read it over SSH (ssh://AGENT_IP)' },
    ]);
  });

  it('dcos://IP of an agent with an invalid id is not read as a master', async () => {
    const r = await scanDcos(['dcos://127.0.0.6'], await cluster([good, bad]));
    expect(r.stats.sources).toBe(0);
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringContaining('dcos://127.0.0.6: Mesos listed an agent with an invalid id ("bad id-S2" at 127.0.0.6), not read')]);
  });

  it('a master with an invalid address', async () => {
    const c = await cluster([good], (req, res) => {
      if (req.url !== '/mesos_dns/v1/hosts/master.mesos') return false;
      json(res, 200, [{ ip: '127.0.0.1' }, { ip: '10.0.0.1/evil' }, { ip: 'bad host' }]);
      return true;
    });
    const r = await scanDcos(['dcos://masters'], c);
    expect(r.stats.sources).toBe(1);
    expect(r.errors).toEqual([
      {
        source: 'dcos://masters',
        message: 'dcos://masters: the cluster listed 2 masters with an invalid address ("10.0.0.1/evil", "bad host"), not read: name them as dcos://MASTER_IP or ssh://MASTER_IP (`dcos node list` shows them)',
      },
    ]);
  });
});

// A node named again (by a group and its address, or the same address twice) is one node: one
// error, while another node's error is still said.
describe('one error per node', () => {
  const bad2 = { id: 'bad id-S3', pid: 'slave(1)@127.0.0.7:5051' };
  const invalid = (spec: string, shown: string) => ({ source: spec, message: expect.stringMatching(new RegExp(`^${spec}: Mesos listed an agent with an invalid id \\(${shown}\\), not read`)) });

  it('an agent with an invalid id, listed by dcos://agents and named by its address (either order), or its address twice', async () => {
    const c = await cluster([good, bad]);
    const one = [invalid('dcos://agents', '"bad id-S2" at 127.0.0.6')];
    expect((await scanDcos(['dcos://agents', 'dcos://127.0.0.6'], c)).errors).toEqual(one);
    expect((await scanDcos(['dcos://127.0.0.6', 'dcos://agents'], c)).errors).toEqual([invalid('dcos://127.0.0.6', '"bad id-S2" at 127.0.0.6')]);
    expect((await scanDcos(['dcos://127.0.0.6', 'dcos://127.0.0.6'], c)).errors).toEqual([invalid('dcos://127.0.0.6', '"bad id-S2" at 127.0.0.6')]);
    expect((await scanDcos(['dcos://agents', 'dcos://agent/127.0.0.6'], c)).errors).toEqual(one);
  });

  it('another agent with an invalid id keeps its own error', async () => {
    const c = await cluster([good, bad, bad2]);
    expect((await scanDcos(['dcos://127.0.0.6', 'dcos://agents', 'dcos://127.0.0.7'], c)).errors).toEqual([
      invalid('dcos://127.0.0.6', '"bad id-S2" at 127.0.0.6'),
      invalid('dcos://agents', '"bad id-S3" at 127.0.0.7'),
    ]);
  });

  it('an agent that cannot be read, by dcos://agents and by its address: read once, one error', async () => {
    // Admin Router refuses the agent route whatever the id.
    const c = await cluster([good], (req, res) => {
      if (!req.url?.startsWith('/system/v1/agent/')) return false;
      res.writeHead(403);
      res.end();
      return true;
    });
    const r = await scanDcos(['dcos://agents', 'dcos://127.0.0.1', 'dcos://agent/good-S1', 'dcos://agent/127.0.0.1'], c);
    expect(r.errors).toEqual([{ source: 'dcos://127.0.0.1', message: expect.stringMatching(/^dcos:\/\/127\.0\.0\.1: log-reader may not read this node's logs \(403\)/) }]);
    expect(server!.requests.filter((q) => q.includes('/system/v1/agent/'))).toHaveLength(1);
  });

  it('dcos://agent/<address> where Mesos lists no agent: an error, never read as a master', async () => {
    const r = await scanDcos(['dcos://agent/127.0.0.1', 'dcos://agent/127.0.0.9'], await cluster([]));
    expect(r.stats.sources).toBe(0);
    expect(r.errors.map((e) => e.message)).toEqual(['dcos://agent/127.0.0.1: Mesos lists no agent at 127.0.0.1: `dcos node list` shows the agents\' ids and addresses', expect.stringContaining('dcos://agent/127.0.0.9: Mesos lists no agent at 127.0.0.9')]);
  });

  it('an address named twice while the agents cannot be listed: one error', async () => {
    const r = await scanDcos(['dcos://127.0.0.6', 'dcos://127.0.0.6/'], await cluster(503));
    expect(r.errors.map((e) => e.source)).toEqual(['dcos://127.0.0.6']);
  });
});

// A `dcos://IP` that is no agent was read as a master unchecked: an address of no node sent the
// token there, and when nothing answered the leader was read in its place.
describe('dcos://IP names a listed node', () => {
  const logReads = () => server!.requests.filter((q) => q.includes('/logs/v1/'));

  it('neither a listed agent nor a listed master: an error naming the masters, nothing read', async () => {
    const r = await scanDcos(['dcos://127.0.0.9'], await cluster([good]));
    expect(r.stats.sources).toBe(0);
    expect(r.errors).toEqual([
      { source: 'dcos://127.0.0.9', message: 'dcos://127.0.0.9: not a node of this cluster: the masters are 127.0.0.1, and Mesos lists no agent at 127.0.0.9 (`dcos node list` shows the agents)' },
    ]);
    expect(logReads()).toEqual([]);
  });

  it('a listed master is read at its own address, even when the agents cannot be listed', async () => {
    const r = await scanDcos(['dcos://127.0.0.1'], await cluster(503));
    expect(r.errors).toEqual([]);
    expect(r.stats.sources).toBe(1);
    expect(logReads().every((q) => q.startsWith('GET /system/v1/logs/v1/'))).toBe(true);
  });

  it('the masters cannot be listed: no agent there is not enough to read it as a master', async () => {
    const c = await cluster([good], (req, res) => {
      if (!req.url?.startsWith('/mesos_dns/') && req.url !== '/system/health/v1/nodes') return false;
      res.writeHead(403);
      res.end();
      return true;
    });
    const r = await scanDcos(['dcos://127.0.0.9'], c);
    expect(r.stats.sources).toBe(0);
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^dcos:\/\/127\.0\.0\.9: cannot tell whether 127\.0\.0\.9 is a master \(Mesos lists no agent there\) \(.*\): grant log-reader dcos:adminrouter:ops:mesos-dns full, or read it over SSH \(ssh:\/\/127\.0\.0\.9\)$/)]);
    expect(logReads()).toEqual([]);
  });
});

describe('the leader when Mesos-DNS is down', () => {
  it('dcos://masters dcos://leader reads the one master once, not again through the leader route', async () => {
    const c = await cluster([good], (req, res) => {
      if (req.url?.startsWith('/mesos_dns/')) {
        res.writeHead(503);
        res.end('mesos-dns down');
        return true;
      }
      if (req.url !== '/system/health/v1/nodes') return false;
      json(res, 200, { nodes: [{ host_ip: '127.0.0.1', role: 'master' }] });
      return true;
    });
    const r = await scanDcos(['dcos://masters', 'dcos://leader'], c);
    expect(r.errors).toEqual([]);
    expect(r.stats.sources).toBe(1);
    expect(server!.requests.filter((q) => q.includes('/system/v1/leader/'))).toEqual([]);
  });
});

describe('a failed listing says what happened', () => {
  it('503: no grant named', async () => {
    const r = await scanDcos(['dcos://agents'], await cluster(503));
    expect(r.errors).toEqual([{ source: 'dcos://agents', message: 'dcos://agents: cannot list the agents (GET /mesos/master/slaves answered 503): try again, or name them as dcos://agent/AGENT_ID' }]);
  });

  it('403: the grant to the reader', async () => {
    const r = await scanDcos(['dcos://agents'], await cluster(403));
    expect(r.errors).toEqual([
      { source: 'dcos://agents', message: 'dcos://agents: cannot list the agents (GET /mesos/master/slaves answered 403): grant log-reader dcos:adminrouter:ops:mesos full, or name them as dcos://agent/AGENT_ID' },
    ]);
  });
});

describe('masters of a plain-HTTP loopback cluster URL', () => {
  it('are read over HTTPS at their own address: the token is never sent in clear across the network', () => {
    expect(masterTarget(new URL('http://127.0.0.1:8080'), '10.0.4.11').base).toBe('https://10.0.4.11/system/v1/logs/v1');
    expect(masterTarget(new URL('http://localhost/proxy'), 'fd00::11').base).toBe('https://[fd00::11]/system/v1/logs/v1');
    expect(masterTarget(new URL('http://[::1]:80'), '10.0.4.11').base).toBe('https://10.0.4.11/system/v1/logs/v1');
  });

  it('a loopback master (the sandbox, a test) stays as the URL says; so does any other URL', () => {
    expect(masterTarget(new URL('http://127.0.0.1:8080'), '127.0.0.2').base).toBe('http://127.0.0.2:8080/system/v1/logs/v1');
    expect(masterTarget(new URL('https://m.example:8443/p'), '10.0.4.11').base).toBe('https://10.0.4.11:8443/p/system/v1/logs/v1');
    // Plain HTTP to a remote cluster URL is the user's choice, warned about when resolved (credentials.ts).
    expect(masterTarget(new URL('http://10.0.0.5'), '10.0.4.11').base).toBe('http://10.0.4.11/system/v1/logs/v1');
  });

  it('resolving dcos://masters says so', async () => {
    const c = await cluster([good], (req, res) => {
      if (req.url !== '/mesos_dns/v1/hosts/master.mesos') return false;
      json(res, 200, [{ ip: '10.0.4.11' }]);
      return true;
    });
    const link = new ClusterLink(c);
    try {
      await link.ensure();
      const r = await resolveTargets(['dcos://masters'], link);
      expect(r.targets.map((t) => t.base)).toEqual(['https://10.0.4.11/system/v1/logs/v1']);
      expect(r.notes).toEqual([expect.stringContaining('masters are read over HTTPS at their own address (https://10.0.4.11, port 443)')]);
    } finally {
      link.close();
    }
  });

  // --insecure warned only of an https:// cluster URL: these masters were read over HTTPS without
  // certificate checks, and nothing said so.
  it('with certificate checks off, resolving them warns of those connections too', async () => {
    const ips = ['10.0.4.11', '10.0.4.12', '10.0.4.13', '10.0.4.14', '127.0.0.2'];
    const c = await cluster([good], (req, res) => {
      if (req.url !== '/mesos_dns/v1/hosts/master.mesos') return false;
      json(res, 200, ips.map((ip) => ({ ip })));
      return true;
    });
    const warnings = async (tls: DcosCluster['tls']): Promise<string[]> => {
      const link = new ClusterLink({ ...c, tls });
      try {
        await link.ensure();
        return (await resolveTargets(['dcos://masters'], link)).notes.filter((n) => n.startsWith('warning:'));
      } finally {
        link.close();
      }
    };
    // The loopback master is read over plain HTTP, as the URL says: not counted.
    expect(await warnings({ insecure: true, insecureOrigin: '--insecure' })).toEqual([
      'warning: TLS certificate verification is disabled (--insecure): the connections to the masters read over HTTPS (https://10.0.4.11, https://10.0.4.12, https://10.0.4.13, … 1 more) can be intercepted',
    ]);
    expect(await warnings({})).toEqual([]);
  });
});
