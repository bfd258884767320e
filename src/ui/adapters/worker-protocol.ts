// Messages between the UI thread and the scan worker (scan-worker.ts → worker-scan-job.ts).
import type { Finding } from '../../core/types.js';
import type { LiveSnapshot } from '../ports.js';

/**
 * Worker → UI: what changed since the last message; `done` on the last one. UI → worker:
 * `{ type: 'ui' }` once the UI draws (the worker then yields to it), `{ type: 'stop' }` to end.
 */
export type WorkerMessage = { type: 'snapshot'; /** Findings new or changed since the last message. */ changed: Finding[] } & Omit<LiveSnapshot, 'findings'>;
