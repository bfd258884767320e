export type { DcosOptions } from './options.js';
export { isDcosSpec } from './spec.js';
export { openDcosSources } from './open.js';
