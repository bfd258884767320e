// Messages between the UI thread and the scan worker (scan-worker.ts → worker-scan-job.ts).
import type { AuthFailure, Finding, SourceError, SourceProgress } from '../../core/types.js';

/** What changed since the last message; `done` on the last one. The UI asks the worker to stop with `{ type: 'stop' }`. */
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
  done: boolean;
}
