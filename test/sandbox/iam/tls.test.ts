import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandboxIam, type SandboxIam } from '../../../src/sandbox/iam/index.js';
import { API, call, enc, loginPassword } from './client.js';

let iam: SandboxIam;
beforeAll(async () => {
  iam = await startSandboxIam();
});
afterAll(() => iam.close());

function peerCert(): Promise<X509Certificate> {
  const port = Number(new URL(iam.httpsUrl).port);
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ca: iam.caPem }, () => {
      const raw = s.getPeerCertificate().raw;
      s.end();
      resolve(new X509Certificate(raw));
    });
    s.on('error', reject);
  });
}

describe('HTTPS with the generated CA', () => {
  test('the CA file holds the CA; the server certificate is for 127.0.0.1 and localhost, signed by it', async () => {
    expect(readFileSync(iam.caPath, 'utf8')).toBe(iam.caPem);
    const ca = new X509Certificate(iam.caPem);
    expect(ca.ca).toBe(true);
    const cert = await peerCert();
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
  });

  test('a verified client works over https://127.0.0.1 and https://localhost', async () => {
    const token = await loginPassword(iam.httpsUrl, iam.superuser.uid, iam.superuser.password, iam.caPem);
    const viaLocalhost = iam.httpsUrl.replace('127.0.0.1', 'localhost');
    const a = await call(viaLocalhost, 'PUT', `${API}/acls/dcos:service:marathon:marathon:services:${enc('/tls')}`, { token, body: { description: '' }, ca: iam.caPem });
    expect(a.status).toBe(201);
    expect(iam.acls()).toContain('dcos:service:marathon:marathon:services:/tls');
  });

  test('a client without the CA is rejected (the certificate is not trusted by default)', async () => {
    await expect(call(iam.httpsUrl, 'GET', `${API}/acls`)).rejects.toMatchObject({ code: expect.stringMatching(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/) });
    // Only to show that the rejection is about trust: an unverified client gets through.
    const a = await call(iam.httpsUrl, 'GET', `${API}/acls`, { rejectUnauthorized: false });
    expect(a.status).toBe(401);
  });

  test('the CA is served without login at /ca/dcos-ca.crt, as on a cluster', async () => {
    const a = await call(iam.httpUrl, 'GET', '/ca/dcos-ca.crt');
    expect([a.status, a.text]).toEqual([200, iam.caPem]);
  });
});

describe('close', () => {
  test('removes the CA file and stops both listeners; closing twice is fine', async () => {
    const other = await startSandboxIam();
    await loginPassword(other.httpUrl, other.superuser.uid, other.superuser.password);
    await other.close();
    await other.close();
    expect(existsSync(other.caPath)).toBe(false);
    await expect(call(other.httpUrl, 'GET', `${API}/acls`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(call(other.httpsUrl, 'GET', `${API}/acls`, { ca: other.caPem })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
