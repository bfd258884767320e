// Findings → grant plan: which findings can become grants, and the IAM requests each grant takes.
export { encodeRid, aclPath, grantPath, acePath, httpRequestsFor, dcosCliLine, ACL_DESCRIPTION } from './requests.js';
export type { PlanOp, PlannedRequest } from './requests.js';
export { grantableFindings, toGrantPairs, whyNotGrantable } from './select.js';
export type { PlannedPair } from './select.js';
