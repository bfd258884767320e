// Findings → grant plan, and the renderers of a scan result.
export { ACTIONS, validateUid, validateRid, validateAction, validatePair } from '../policy/validate.js';
export type { Action } from '../policy/validate.js';
export { encodeRid, aclPath, grantPath, httpRequestsFor, dcosCliLine, ACL_DESCRIPTION } from './requests.js';
export type { PlanOp, PlannedRequest } from './requests.js';
export { grantableFindings, toGrantPairs, whyNotGrantable } from './select.js';
export type { PlannedPair } from './select.js';
export { shellQuote, safeText, isoTime, sourceErrorText } from './text.js';
export {
  renderJson, renderJsonParts, renderNdjson, jsonFinding, jsonAuthFailure, jsonStats, jsonError, jsonWarning, jsonUnverified,
  ndjsonFinding, ndjsonAuthFailure, ndjsonError, ndjsonWarning, ndjsonStats, JSON_VERSION,
} from './render-json.js';
export type { JsonOptions } from './render-json.js';
export { renderTable } from './render-table.js';
export type { TableOptions } from './render-table.js';
export { renderDcos, renderCurl } from './render-scripts.js';
export type { CurlOptions } from './render-scripts.js';
