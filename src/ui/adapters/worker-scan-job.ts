// The UI's scan job in a worker thread (scan-worker.ts): the scan's CPU stays off the thread that
// draws the frame and reads keys, so a key's answer does not wait for a chunk scan. Same port as
// the in-thread job (ports.ts): the UI pulls snapshots; this side merges the worker's deltas into
// one and keeps it until something changes. Falls back to the in-thread job where no built worker
// script exists (running from the TypeScript sources) or the options cannot cross threads.
import { Worker } from 'node:worker_threads';
import { compareFindings } from '../../core/findings/order.js';
import { keyOf } from '../../core/session/index.js';
import type { Finding } from '../../core/types.js';
import type { LiveSnapshot, ScanJob, StartScan } from '../ports.js';
import { scanJobFactory, STOPPED_HEADLINE, type ScanJobOptions } from './scan-job.js';
import { canRunInWorker } from './worker-check.js';
import type { WorkerMessage } from './worker-protocol.js';

const WORKER_URL = new URL('./scan-worker.js', import.meta.url);
/** After a stop, how long the worker gets to end its sources (close SSH sessions) before it is terminated. */
const STOP_GRACE_MS = 2000;


export function workerAvailable(o?: ScanJobOptions): boolean {
  return canRunInWorker(WORKER_URL, o);
}

function startWorker(o: ScanJobOptions, signal: AbortSignal): ScanJob {
  const worker = new Worker(WORKER_URL, { workerData: o });
  worker.unref(); // never what keeps the program alive
  const byKey = new Map<string, Finding>();
  let snap: LiveSnapshot = { version: 0, findings: [], authFailures: [], sources: [], errors: [], lines: 0, denyLines: 0, done: false };
  let version = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const end = (extra?: { source: string; message: string }) => {
    if (snap.done) return;
    const failed = extra && !signal.aborted;
    snap = { ...snap, version: ++version, done: true, errors: failed ? [...snap.errors, extra] : snap.errors, headline: failed ? STOPPED_HEADLINE : snap.headline };
    signal.removeEventListener('abort', stop);
    void worker.terminate();
    finish();
  };
  worker.on('message', (m: WorkerMessage) => {
    for (const f of m.changed) byKey.set(keyOf(f), f);
    const findings = m.changed.length ? [...byKey.values()].sort(compareFindings) : snap.findings;
    snap = {
      version: ++version, findings, authFailures: m.authFailures, sources: m.sources, errors: m.errors, lines: m.lines, denyLines: m.denyLines,
      unverifiedLines: m.unverifiedLines, warnings: m.warnings, headline: m.headline, notes: m.notes, done: false,
    };
    if (m.done) end();
  });
  worker.on('error', (e) => end({ source: 'scan', message: `the scan stopped: ${e.message}` }));
  worker.on('exit', () => end({ source: 'scan', message: 'the scan stopped unexpectedly' }));
  function stop(): void {
    worker.postMessage({ type: 'stop' });
    setTimeout(() => end(), STOP_GRACE_MS).unref();
  }
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  let drawing = false;
  return {
    done,
    snapshot() {
      // The first pull means the UI is up: the worker then lets it go first (scan-worker.ts).
      if (!drawing && !snap.done) worker.postMessage({ type: 'ui' });
      drawing = true;
      return snap;
    },
  };
}

/** Like scanJobFactory (scan-job.ts), with each job in its own worker thread when possible. */
export function workerScanJobFactory(o: ScanJobOptions): StartScan {
  if (!workerAvailable(o)) return scanJobFactory(o);
  return (signal) => startWorker(o, signal);
}
