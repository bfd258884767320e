export type { NodeApis, SandboxNode } from './nodes.js';
export type { SandboxLogs, SandboxLogsOptions } from '../logs/index.js';
export type { SandboxFault, SandboxFaultKind } from './faults.js';
export type { SandboxSnapshot } from './persist.js';
export { MAX_LOGGED_REQUESTS, DEFAULT_TOKEN_TTL_SECONDS, startSandboxIam } from './sandbox.js';
export type { SandboxIam, SandboxIamOptions } from './sandbox.js';
