// What the hint says about an untrusted certificate, against real HTTPS servers: a certificate for
// another name or out of date is no question of which CA to pass (review r-iam, finding 7).
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { HttpClient, NetworkError } from '../../src/cluster/http.js';
import { makeSandboxTls, sandboxTls } from '../../src/sandbox/iam/tls.js';
import { untrustedHint } from '../../src/cluster/tls.js';

let server: Server | null = null;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = null;
});

async function serve(cert: { certPem: string; keyPem: string }, host: string): Promise<string> {
  server = createServer({ cert: cert.certPem, key: cert.keyPem }, (_q, res) => res.end('{}'));
  await new Promise<void>((r) => server!.listen(0, host, () => r()));
  return `https://${host}:${(server!.address() as AddressInfo).port}`;
}

async function failure(url: string, caPem: string): Promise<NetworkError> {
  const c = new HttpClient({ baseUrl: url, retries: 0, tls: { caPem, caPath: '/etc/dcos-ca.crt', caOrigin: '--ca-cert' } });
  try {
    const e = await c.request({ method: 'GET', path: '/' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
    return e as NetworkError;
  } finally {
    c.close();
  }
}

describe('untrusted certificate hints', () => {
  it('a certificate for another name (signed by the CA given) asks for the right URL, not another CA', async () => {
    const tls = await sandboxTls(); // covers 127.0.0.1-16 and localhost, not 127.0.0.17
    const e = await failure(await serve(tls, '127.0.0.17'), tls.caPem);
    expect(e.message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
    expect(e.hint).toMatch(/^the server's certificate is for another host name: use the cluster URL with a name the certificate holds/);
    expect(e.hint).not.toMatch(/did not sign/);
  });

  it('an expired certificate (signed by the CA given) says it has expired', async () => {
    const tls = await makeSandboxTls({ expiredCert: true });
    const e = await failure(await serve(tls, '127.0.0.1'), tls.caPem);
    expect(e.message).toMatch(/CERT_HAS_EXPIRED/);
    expect(e.hint).toMatch(/^the server's certificate has expired \(or this machine's clock is wrong\)/);
    expect(e.hint).not.toMatch(/did not sign|--ca-cert/);
  });

  it('another CA still names the CA given; none given asks for one', () => {
    expect(untrustedHint({ caPem: 'x', caPath: '/a.crt', caOrigin: '--ca-cert' }, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toMatch(/^the CA given \(--ca-cert \/a\.crt\) did not sign/);
    expect(untrustedHint({}, 'SELF_SIGNED_CERT_IN_CHAIN')).toMatch(/^pass the cluster CA with --ca-cert FILE/);
  });
});
