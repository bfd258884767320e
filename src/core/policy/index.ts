// The grant policy: whether a pair may be granted, needs a confirmation, or is refused, and why
// (docs/policy.md). Pure; the catalog rates the risk, this decides what the risk means.
export { decide, finalRefusal, isSafe, NO_CONSENT, EVERY_CONSENT } from './decide.js';
export type { Consent, PolicyContext, PolicyDecision, PolicyPair, PolicyRule, Verdict } from './decide.js';
export { decideBatch, refusedBatch, uniquePairs, pairKey } from './batch.js';
export type { BatchDecision, BatchReport } from './batch.js';
export { isNativeAccount, nativeAccountRule, NATIVE_EXCEPTIONS } from './native.js';
export type { NativeRule } from './native.js';
export { ACTIONS, ID_SHAPE, validateAction, validateGid, validatePair, validateRid, validateUid } from './validate.js';
export { groupRule, principalLabel, SUPERUSERS_GID } from './principal.js';
export type { Action } from './validate.js';
export { checkRails } from './rails.js';
export { revokeCaution, revokeVerdict } from './revoke.js';
export type { RevokeContext, RevokeVerdict } from './revoke.js';
export type { RailOptions, RailReport } from './rails.js';
export { actionCovers, actionsCover, FULL } from './covers.js';
