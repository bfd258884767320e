// The two JWT jobs of the client: sign the RS256 service-login token, and read the auth token's
// `exp`/`uid` (no verification needed: the cluster verifies; we only plan the refresh).
import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { safeText } from '../core/text.js';

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Service-login JWT: header RS256, claims `{uid, exp}` with exp = now + 5 minutes (what the IAM expects). */
export function signServiceLogin(uid: string, key: KeyObject, nowMs = Date.now()): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(JSON.stringify({ uid, exp: Math.floor(nowMs / 1000) + 300 }));
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  return `${header}.${claims}.${signer.sign(key).toString('base64url')}`;
}

/** PKCS#8's encrypted form, and the legacy OpenSSL one (`Proc-Type: 4,ENCRYPTED` in the header). */
const ENCRYPTED_PEM = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

/** Parse a PEM private key; the error never includes the key material. */
export function parsePrivateKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    // Said apart: "not a PEM key" would send the operator looking at the wrong file.
    if ((e as NodeJS.ErrnoException).code === 'ERR_MISSING_PASSPHRASE' || ENCRYPTED_PEM.test(pem)) {
      throw new Error(`${where} holds an encrypted private key (it needs a passphrase): service login needs the key unencrypted, as \`dcos security org service-accounts keypair\` writes it`);
    }
    throw new Error(`${where} does not hold a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`${where} holds a ${key.asymmetricKeyType} key; DC/OS service login needs an RSA key`);
  return key;
}

/**
 * `exp` (ms) and `uid` of a JWT, or nulls when it is not a readable JWT (a static token may be
 * opaque); `readable`: its claims could be read at all.
 */
export function jwtClaims(token: string): { expMs: number | null; uid: string | null; readable: boolean } {
  const part = token.split('.')[1];
  if (!part) return { expMs: null, uid: null, readable: false };
  try {
    const c = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown; uid?: unknown } | null;
    if (c === null || typeof c !== 'object') return { expMs: null, uid: null, readable: false };
    return {
      expMs: typeof c.exp === 'number' && Number.isFinite(c.exp) ? c.exp * 1000 : null,
      // Whoever issued the token chose it, and it is named in messages: terminal-safe (a real uid is unchanged).
      uid: typeof c.uid === 'string' ? safeText(c.uid) : null,
      readable: true,
    };
  } catch {
    return { expMs: null, uid: null, readable: false };
  }
}
