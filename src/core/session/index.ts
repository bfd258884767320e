// The interactive loop's pure state: rounds, statuses, batches, quiet period, summary.
export * from './types.js';
export * from './state.js';
export * from './status.js';
export * from './plan.js';
export * from './quiet.js';
export * from './summary.js';
export * from './auto.js';
export * from './grace.js';
export * from './outcome.js';
