// A node whose certificate fails verification although the user gave a CA (--ca-cert): its error
// names that CA as the one that did not sign, never "pass the cluster CA with --ca-cert", which
// would send the operator back to the file they passed. Real HTTPS on loopback: the cluster URL's
// certificate is signed by the CA given, a master's own (127.0.0.2, same port) by another CA.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeSandboxTls, sandboxTls, type SandboxTls } from '../../../src/sandbox/iam/tls.js';
import { resolveDcosCluster, type DcosCluster } from '../../../src/sources/dcos/connect.js';
import { fakeJwt, json } from '../../helpers/hostile.js';
import { scanDcos } from './helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

let given: SandboxTls;
let other: SandboxTls;
let dir: string;
let caFile: string;
beforeAll(async () => {
  [given, other] = await Promise.all([makeSandboxTls(), sandboxTls()]);
  dir = mkdtempSync(join(tmpdir(), 'a2g-given-ca-'));
  caFile = join(dir, 'cluster-ca.crt');
  writeFileSync(caFile, given.caPem);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Masters 127.0.0.1 (the leader) and 127.0.0.2; every journal is empty. */
function cluster(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/mesos_dns/v1/hosts/master.mesos') return json(res, 200, [{ ip: '127.0.0.1' }, { ip: '127.0.0.2' }]);
  if (req.url === '/mesos_dns/v1/hosts/leader.mesos') return json(res, 200, [{ ip: '127.0.0.1' }]);
  res.writeHead(req.url?.includes('/logs/v1/range/') ? 204 : 404);
  res.end();
}

async function listen(tls: SandboxTls, host: string, port = 0): Promise<number> {
  const s = createServer({ cert: tls.certPem, key: tls.keyPem }, cluster);
  servers.push(s);
  await new Promise<void>((r) => s.listen(port, host, () => r()));
  return (s.address() as AddressInfo).port;
}

const readerAt = (port: number): DcosCluster => resolveDcosCluster({ clusterUrl: `https://127.0.0.1:${port}`, caCert: caFile, token: fakeJwt('log-reader') }, {});

describe('a certificate the CA given did not sign', () => {
  it('a master at its own address: the CA given is named, and the cluster\'s own CA asked for instead', async () => {
    const port = await listen(given, '127.0.0.1');
    await listen(other, '127.0.0.2', port);
    const r = await scanDcos(['dcos://masters'], readerAt(port));
    expect(r.stats.sources).toBe(1); // the leader, at its own address
    expect(r.errors).toHaveLength(1);
    const m = r.errors[0]!.message;
    expect(m).toMatch(/^dcos:\/\/127\.0\.0\.2: master not read: TLS: 127\.0\.0\.2:\d+: its certificate is not trusted \(\w+\) at its own address: /);
    expect(m).toContain(`the CA given (--ca-cert ${caFile}) did not sign the server's certificate: pass the cluster's own CA (<cluster>/ca/dcos-ca.crt) instead`);
    expect(m).not.toMatch(/pass the cluster CA with --ca-cert FILE/);
  });

  it('a node through Admin Router (a static token: no login before the read): the same', async () => {
    const port = await listen(other, '127.0.0.1');
    const r = await scanDcos(['dcos://agent/a1-S1'], readerAt(port));
    expect(r.errors).toHaveLength(1);
    const m = r.errors[0]!.message;
    expect(m).toMatch(/^dcos:\/\/agent\/a1-S1: TLS: 127\.0\.0\.1:\d+: its certificate is not trusted \(\w+\): /);
    expect(m).toContain(`the CA given (--ca-cert ${caFile}) did not sign the server's certificate`);
    expect(m).not.toMatch(/pass the cluster CA with --ca-cert FILE/);
  });
});
