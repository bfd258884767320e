export { DEFAULT_AGENTS, createSandboxLogs } from './logs.js';
export type { SandboxAgent, SandboxLogsOptions, SandboxLogs } from './logs.js';
