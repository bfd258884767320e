export type { CatalogEntry, RiskRule, RiskScope } from './parse.js';
export type { Explanation } from './explain.js';
export { firstSentence } from './explain.js';
export { isAlwaysDangerous, isUnscopedOf, maxRisk, RISK_ORDER } from './risk.js';
export { isRootScope, isUnscopedRid } from './scope.js';
export { PERMISSIONS_TSV } from './data.js';
export { createCatalog, defaultCatalog, matchRid, explain, riskOf, isDangerous } from './catalog.js';
export type { Catalog } from './catalog.js';
