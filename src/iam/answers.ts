// How the IAM's answers to a pair's ACL and entry requests are read: done, "not there", its own 409,
// or something else in its place (a proxy's page), and the words a failed one is shown with.
import type { GrantPair } from '../core/types.js';
import { iamError, type HttpResponse } from '../cluster/http.js';
import { remoteText } from '../core/text.js';

/**
 * The IAM's own codes for "that entry is not there" (docs/iam-api.md): a revoke answered one of them,
 * with 400 (the open-source IAM, the sandbox) or 404 (parts of its spec), has nothing left to do. Any
 * other answer, a 404 with another code included (a gateway's, a proxy's), proves nothing.
 */
export const ABSENT_CODES: readonly string[] = ['ERR_USER_NOT_IN_ACL', 'ERR_GROUP_NOT_IN_ACL', 'ERR_ACTION_NOT_YET_STORED', 'ERR_UNKNOWN_RESOURCE_ID'];

/** The IAM's answer to a grant's or a revoke's entry request when it did it (docs/iam-api.md). */
export const ACE_DONE = 204;

/** The IAM's own "not there" code of a revoke's answer, or null (also for the same code under another status). */
export function absentCode(res: HttpResponse): string | null {
  if (res.status !== 400 && res.status !== 404) return null;
  const { code } = iamError(res);
  return code !== null && (ABSENT_CODES.includes(code) || code === 'ERR_UNKNOWN_USER_ID' || code === 'ERR_UNKNOWN_GROUP_ID') ? code : null;
}

/** The IAM's code for "the ACL exists" (docs/iam-api.md). */
export const ACL_EXISTS = 'ERR_ACL_EXISTS';

/**
 * A 409 that is the IAM's own: its JSON error (`{"title"/"description", "code": "ERR_…"}`), with
 * `code` when given; the code, or null. The ACL's code is documented; the entry's is not (the
 * sandbox says ERR_ACE_EXISTS), so there the shape decides (docs/iam-api.md). A proxy's HTML page,
 * a bare 409 or JSON without an IAM code is not the IAM saying it exists.
 */
export function iamConflict(res: HttpResponse, code?: string): string | null {
  const j = res.json as Record<string, unknown> | null;
  if (res.status !== 409 || !j || typeof j !== 'object' || Array.isArray(j)) return null;
  if (typeof j.code !== 'string' || !/^ERR_[A-Z0-9_]{1,64}$/.test(j.code)) return null;
  if (typeof j.title !== 'string' && typeof j.description !== 'string') return null;
  return code === undefined || j.code === code ? j.code : null;
}

/** Why a 409 that is not the IAM's counts for nothing, with what came instead (escaped, cut). */
export function notTheIamsConflict(res: HttpResponse, iamSays: string): string {
  const { code } = iamError(res);
  const body = res.text.trim() ? `: ${remoteText(res.text, 120)}` : ' with an empty body';
  return `the answer was 409${code ? ` ${code}` : body}, not the IAM's ${iamSays} (its JSON error): not counted as done (a proxy or gateway in the way?)`;
}

/** A 2xx other than the IAM's own 204: something answered "done" in the IAM's place. */
export const notTheIamsSuccess = (op: 'grant' | 'revoke', res: HttpResponse): string => `the IAM answers a ${op} ${ACE_DONE}, not ${res.status}: not counted as ${op === 'grant' ? 'granted' : 'revoked'}`;

export function failedText(res: HttpResponse, pair: GrantPair): string {
  if (res.status === 429 && res.rateLimited) return res.rateLimited;
  const e = iamError(res);
  if (e.code === 'ERR_UNKNOWN_USER_ID') return `the IAM does not know ${pair.uid} (${e.code}): create the account first`;
  if (e.code === 'ERR_UNKNOWN_GROUP_ID') return `the IAM does not know group ${pair.gid} (${e.code}): create it first (dcos security org groups create ${pair.gid})`;
  if (e.code === 'ERR_INVALID_ACTION') return `the IAM refused the action ${pair.action} (${e.code})`;
  return e.text;
}
