// The unused list's usage scan in a worker thread (see usage-scan.ts): reads the sources once and
// posts the uses and the window; the UI thread terminates it once answered (or stopped).
import { parentPort, workerData } from 'node:worker_threads';
import { errorLine } from '../../errors.js';
import { runUsageScanOnce, type UsageScanOptions, type UsageWorkerMessage } from './usage-scan.js';
import { yieldToUi } from './worker-priority.js';

async function run(port: NonNullable<typeof parentPort>, d: { uid: string; options: UsageScanOptions }): Promise<void> {
  yieldToUi(); // as the deny scan's worker, from the start: the UI is up when this list is opened
  let msg: UsageWorkerMessage;
  try {
    // Never aborted: the UI thread terminates this worker instead.
    msg = { type: 'done', scan: await runUsageScanOnce(d.uid, d.options, new AbortController().signal) };
  } catch (e) {
    msg = { type: 'failed', message: errorLine(e) };
  }
  port.postMessage(msg);
}

if (parentPort) void run(parentPort, workerData as { uid: string; options: UsageScanOptions });
