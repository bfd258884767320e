export { createFindingsAggregator } from './aggregator.js';
export { MAX_AUTH_FAILURES } from './auth-failures.js';
export type { FindingsAggregator, FindingUpdate, AggregatorOptions, AggregatorSnapshot, ResultExtra } from './aggregator.js';
export { classifyDeny, NON_RID_EXPLANATION } from './classify.js';
export type { DenyClass } from './classify.js';
export { compareFindings, compareAuthFailures } from './order.js';
