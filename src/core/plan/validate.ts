// The input checks moved to the grant policy (core/policy/validate.ts); kept so imports still resolve.
export { ACTIONS, validateAction, validatePair, validateRid, validateUid } from '../policy/validate.js';
export type { Action } from '../policy/validate.js';
