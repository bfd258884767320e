// The grant plan: the IAM requests each grant or revoke takes, as plain data.
export { encodeRid, aclPath, grantPath, acePath, httpRequestsFor, dcosCliLine, ACL_DESCRIPTION } from './requests.js';
export type { PlanOp, PlannedRequest } from './requests.js';
