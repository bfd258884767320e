// Minimal RS256 JWTs with node:crypto: the sandbox signs its auth tokens and checks service-account
// login tokens against the account's public key. Only RS256 is accepted (no `none`, no HS256 with a
// public key as secret: the classic algorithm-confusion holes).
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export type JwtResult =
  | { ok: true; header: Record<string, unknown>; claims: Record<string, unknown> }
  | { ok: false; why: string };

function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function parseJsonPart(part: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function signRs256(claims: Record<string, unknown>, privateKey: KeyObject | string, kid?: string): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const header = kid === undefined ? { alg: 'RS256', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid };
  const input = `${b64urlJson(header)}.${b64urlJson(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** Checks the form and the RS256 signature; the caller checks the claims (exp, uid). */
export function verifyRs256(token: string, publicKey: KeyObject | string): JwtResult {
  if (typeof token !== 'string' || token.length > 16_384) return { ok: false, why: 'malformed token' };
  const parts = token.split('.');
  const [head = '', body = '', signature = ''] = parts;
  if (parts.length !== 3) return { ok: false, why: 'malformed token' };
  const header = parseJsonPart(head);
  const claims = parseJsonPart(body);
  if (!header || !claims || !/^[A-Za-z0-9_-]+$/.test(signature)) return { ok: false, why: 'malformed token' };
  if (header.alg !== 'RS256') return { ok: false, why: `unsupported algorithm ${String(header.alg)}` };
  let key: KeyObject;
  try {
    key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  } catch {
    return { ok: false, why: 'unusable public key' };
  }
  let good = false;
  try {
    good = verify('sha256', Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url'));
  } catch {
    good = false;
  }
  return good ? { ok: true, header, claims } : { ok: false, why: 'invalid signature' };
}
