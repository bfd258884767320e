// The IAM calls a grant or revoke takes (docs/iam-api.md), as plain data for the HTTP client, --dry-run,
// the TUI detail pane and the exports.
import type { GrantPair } from '../types.js';
import { shellQuote } from '../text.js';
import { validatePair } from '../policy/validate.js';

export type PlanOp = 'grant' | 'revoke';

export interface PlannedRequest {
  method: 'PUT' | 'DELETE';
  /** Absolute path below the cluster URL, already encoded: send it byte for byte. */
  path: string;
  /** JSON text to send (with `Content-Type: application/json`), when the call has a body. */
  body?: string;
}

export const ACL_DESCRIPTION = 'Created by audit2grant';

/** Every `/` becomes the literal `%252F`; nothing else changes (`:` and `*` go in raw). */
export const encodeRid = (rid: string): string => rid.split('/').join('%252F');

export const aclPath = (rid: string): string => `/acs/api/v1/acls/${encodeRid(rid)}`;

export const grantPath = (rid: string, uid: string, action: string): string => `${aclPath(rid)}/users/${uid}/${action}`;

/** The ACE a pair names: the account's (`/users/{uid}/{action}`) or, with `gid`, the group's (`/groups/{gid}/{action}`). */
export const acePath = (pair: GrantPair): string =>
  pair.gid !== undefined ? `${aclPath(pair.rid)}/groups/${pair.gid}/${pair.action}` : grantPath(pair.rid, pair.uid, pair.action);

/**
 * Grant: PUT the ACL (201, or 409 = exists) then PUT the ACE (204, or 409 = held), the account's or the group's.
 * Revoke: DELETE the ACE only; never DELETE an ACL (that removes it for every principal).
 * Throws on an invalid pair: callers validate first (validatePair), so reaching here is a bug.
 */
export function httpRequestsFor(pair: GrantPair, op: PlanOp, description: string = ACL_DESCRIPTION): PlannedRequest[] {
  const bad = validatePair(pair);
  if (bad) throw new Error(`refusing to plan an invalid ${op}: ${bad}`);
  if (op === 'revoke') return [{ method: 'DELETE', path: acePath(pair) }];
  return [
    { method: 'PUT', path: aclPath(pair.rid), body: JSON.stringify({ description }) },
    { method: 'PUT', path: acePath(pair) },
  ];
}

/** The equivalent DC/OS CLI command, shell-quoted (`dcos security org groups …` for a group pair). */
export function dcosCliLine(pair: GrantPair, op: PlanOp): string {
  const [kind, id] = pair.gid !== undefined ? ['groups', pair.gid] : ['users', pair.uid];
  return ['dcos', 'security', 'org', kind, op, id, pair.rid, pair.action].map(shellQuote).join(' ');
}
