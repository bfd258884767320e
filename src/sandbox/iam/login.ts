// `POST /auth/login` and the auth-token check every other call goes through.
// Users log in with a password, service accounts with an RS256 JWT signed by their private key.
import type { KeyObject } from 'node:crypto';
import { signRs256, verifyRs256 } from './jwt.js';
import { iamError, type Reply } from './responses.js';
import type { IamState } from './state.js';
import { INVALID_JSON } from './routes.js';

/** The IAM only warns (and still accepts) when a login token's exp is missing or this far ahead. */
export const LOGIN_EXP_WARN_SECONDS = 600;

export interface TokenKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Names this sandbox instance in the token header: the key pair is shared within a process. */
  kid: string;
}

function invalidCredentials(description: string): never {
  iamError(401, 'ERR_INVALID_CREDENTIALS', description);
}

export function login(state: IamState, body: unknown, keys: TokenKeys, nowMs: number, ttlSeconds: number, warn: (msg: string) => void): Reply {
  if (body === undefined || body === INVALID_JSON || !body || typeof body !== 'object' || Array.isArray(body)) {
    iamError(400, 'ERR_INVALID_DATA', 'Request has bad Content-Type or lacks JSON data');
  }
  const b = body as Record<string, unknown>;
  if (typeof b.uid !== 'string' || b.uid === '') iamError(400, 'ERR_INVALID_DATA', '`uid` is required and must be a string.');
  const hasPassword = b.password !== undefined;
  const hasToken = b.token !== undefined;
  if (hasPassword === hasToken) iamError(400, 'ERR_INVALID_DATA', 'Give exactly one of `password` or `token`.');
  if (hasPassword && typeof b.password !== 'string') iamError(400, 'ERR_INVALID_DATA', '`password` must be a string.');
  if (hasToken && typeof b.token !== 'string') iamError(400, 'ERR_INVALID_DATA', '`token` must be a string.');

  const user = state.users.get(b.uid);
  const wrong = 'The credentials provided are invalid.';
  if (!user) invalidCredentials(wrong);
  if (hasPassword) {
    if (user.isService || !state.passwordMatches(user, b.password as string)) invalidCredentials(wrong);
  } else {
    if (!user.isService || !user.publicKey) invalidCredentials(wrong);
    const v = verifyRs256(b.token as string, user.publicKey);
    if (!v.ok) invalidCredentials(`Login token ${v.why}.`);
    if (v.claims.uid !== user.uid) invalidCredentials('Login token `uid` claim does not match `uid`.');
    const exp = v.claims.exp;
    const nowS = nowMs / 1000;
    if (exp === undefined) warn(`login token of ${user.uid} has no exp claim`);
    else if (typeof exp !== 'number' || !Number.isFinite(exp)) invalidCredentials('Login token `exp` claim must be a number.');
    else if (exp <= nowS) invalidCredentials('Login token expired.');
    else if (exp > nowS + LOGIN_EXP_WARN_SECONDS) warn(`login token of ${user.uid} expires more than 10 minutes ahead`);
  }
  const exp = Math.floor(nowMs / 1000) + ttlSeconds;
  return { status: 200, body: { token: signRs256({ uid: user.uid, exp }, keys.privateKey, keys.kid) } };
}

/** The uid an `Authorization` header proves, or null (missing, bad, expired, unknown user). */
export function authenticate(state: IamState, header: string | undefined, keys: TokenKeys, nowMs: number): string | null {
  if (!header) return null;
  // Admin Router reads `token=…` (all versions) and `Bearer …` (1.11+), case as written.
  const token = /^(?:token=|Bearer )(\S+)$/.exec(header.trim())?.[1];
  if (token === undefined) return null;
  const v = verifyRs256(token, keys.publicKey);
  if (!v.ok || v.header.kid !== keys.kid) return null;
  const { uid, exp } = v.claims;
  if (typeof uid !== 'string' || typeof exp !== 'number' || exp * 1000 <= nowMs) return null;
  return state.users.has(uid) ? uid : null;
}
