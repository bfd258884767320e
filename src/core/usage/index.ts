// Least privilege the other way (issue 16): which grants an account holds and never uses.
export { createUsageCollector, NO_HOST, spansOf } from './collect.js';
export type { HostWindow, LostUse, Use, UsageCollector } from './collect.js';
export { grantCovers, ridCovers } from './covers.js';
export { matchUsage } from './match.js';
export type { HeldGrant, UsageRow } from './match.js';
export { componentFor, judgeWindow, MIN_WINDOW_MS, NOTHING_READ } from './window.js';
export type { UsageWarning } from './window.js';
export { buildUnusedReport, NO_ENFORCER, revocable } from './report.js';
export { hostsRead, nodesFault, unreadParts } from './completeness.js';
export type { NodeCount } from './completeness.js';
export type { ReportInput, UnusedReport, UnusedRow, UnusedStats } from './report.js';
export { coverageFault, coverageText, duration, GAP_MS, judgeComponent, judgeCoverage, MIN_COVERED_MS, MIN_SHARE } from './coverage.js';
export type { Coverage, Span } from './coverage.js';
export { coverageWarnings } from './report.js';
