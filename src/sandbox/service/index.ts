// The simulated service of the sandbox: a framework that needs DC/OS rights in stages.
export { createService } from './service.js';
export type { Authorizer, ServiceOptions, ServiceStatus, SimulatedService } from './service.js';
export { CASSANDRA_STAGES, FRAMEWORK, ROLE, TASK_USER, neededPairs } from './stages.js';
export type { Check, Checker, Stage } from './stages.js';
export { auditLines, expiredTokenLines, noiseLine, shortIso } from './lines.js';
export type { LineContext } from './lines.js';
