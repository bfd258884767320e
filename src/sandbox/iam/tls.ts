// A throwaway CA and a server certificate for 127.0.0.1/localhost, made at start in pure JS
// (the `openssl` CLI may be missing in CI). node-forge builds the X.509 structures; keys and the
// RSA signing come from node:crypto (native: forge's pure-JS RSA takes seconds on a busy machine).
import { constants, createPrivateKey, generateKeyPair, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface SandboxTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const generateRsa = promisify(generateKeyPair);

interface Pair {
  pub: forge.pki.rsa.PublicKey;
  /** Quacks like a forge private key for `cert.sign`, but signs with node:crypto. */
  priv: forge.pki.rsa.PrivateKey;
  privPem: string;
}

/** DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256 (RFC 8017, section 9.2, note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

function nodeSigner(key: KeyObject): forge.pki.rsa.PrivateKey {
  const sign = (md: forge.md.MessageDigest): string => {
    const digest = Buffer.from(md.digest().getBytes(), 'binary');
    const sig = privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest]));
    return sig.toString('binary');
  };
  return { sign } as unknown as forge.pki.rsa.PrivateKey;
}

export async function rsaPair(): Promise<Pair> {
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    pub: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    priv: nodeSigner(createPrivateKey(privateKey)),
    privPem: privateKey,
  };
}

/** Positive serial number (high bit cleared), as RFC 5280 asks. */
function serial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b.toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number, expired = false): void {
  const now = Date.now();
  // Expired: a day out of date, as a cluster's certificate left unrenewed (tests of the TLS hints).
  cert.validity.notBefore = new Date(now - (expired ? 2 * 86_400_000 : 60_000)); // tolerate small clock skew
  cert.validity.notAfter = new Date(expired ? now - 86_400_000 : now + days * 86_400_000);
}

let shared: Promise<SandboxTls> | null = null;

/**
 * One CA and certificate per process: key generation is the slow part of starting a sandbox, and
 * tests start many. The CA key never leaves memory, so sharing it between sandboxes is harmless.
 */
export function sandboxTls(): Promise<SandboxTls> {
  shared ??= makeSandboxTls().catch((e: unknown) => {
    shared = null;
    throw e;
  });
  return shared;
}

/** Loopback addresses the server certificate covers: the sandbox's simulated masters listen on them. */
export const SANDBOX_CERT_IPS = Array.from({ length: 16 }, (_, i) => `127.0.0.${i + 1}`);

/**
 * Generates a CA (valid 30 days) and a server certificate signed by it for 127.0.0.1-16 and DNS
 * localhost; `expiredCert`: the server certificate expired yesterday.
 */
export async function makeSandboxTls(opts: { expiredCert?: boolean } = {}): Promise<SandboxTls> {
  // Both key pairs at once: the thread pool generates them in parallel.
  const [ca, srv] = await Promise.all([rsaPair(), rsaPair()]);
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.pub;
  caCert.serialNumber = serial();
  validity(caCert, 30);
  const caName = [
    { name: 'commonName', value: 'audit2grant sandbox CA' },
    { name: 'organizationName', value: 'audit2grant sandbox (throwaway)' },
  ];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.priv, forge.md.sha256.create());

  const cert = forge.pki.createCertificate();
  cert.publicKey = srv.pub;
  cert.serialNumber = serial();
  validity(cert, 30, opts.expiredCert);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...SANDBOX_CERT_IPS.map((ip) => ({ type: 7, ip })), { type: 2, value: 'localhost' }] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.priv, forge.md.sha256.create());

  return { caPem: forge.pki.certificateToPem(caCert), certPem: forge.pki.certificateToPem(cert), keyPem: srv.privPem };
}
