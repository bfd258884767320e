export { createFindingsReducer } from './reducer.js';
export type { FindingsReducer, FindingUpdate, ReducerOptions, ReducerSnapshot, ResultExtra } from './reducer.js';
export { classifyDeny, NON_RID_EXPLANATION } from './classify.js';
export type { DenyClass } from './classify.js';
export { compareFindings, compareAuthFailures } from './order.js';
