// Messages between the UI thread and the scan worker (scan-worker.ts → worker-scan-job.ts).
import type { AuthFailure, Finding, SourceError, SourceProgress } from '../../core/types.js';

/**
 * Worker → UI: what changed since the last message; `done` on the last one. UI → worker:
 * `{ type: 'ui' }` once the UI draws (the worker then yields to it), `{ type: 'stop' }` to end.
 */
export interface WorkerMessage {
  type: 'snapshot';
  version: number;
  /** Findings new or changed since the last message. */
  changed: Finding[];
  authFailures: AuthFailure[];
  sources: SourceProgress[];
  errors: SourceError[];
  lines: number;
  denyLines: number;
  /** Audit-looking lines no component's audit logger wrote (LiveSnapshot.unverifiedLines). */
  unverifiedLines?: number;
  done: boolean;
}
