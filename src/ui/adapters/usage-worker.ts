// The unused list's usage scan in a worker thread (see usage-scan.ts): reads the sources once and
// posts the uses and the window; the UI thread terminates it once answered (or stopped).
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { errorLine } from '../../errors.js';
import { runUsageScanOnce, type UsageScanOptions, type UsageWorkerMessage } from './usage-scan.js';

/** As the deny scan's worker: the UI thread (keys, frames) goes first when the cores are busy. */
const NICE = 10;

async function run(port: NonNullable<typeof parentPort>, d: { uid: string; options: UsageScanOptions }): Promise<void> {
  if (process.platform === 'linux') {
    try {
      setPriority(NICE);
    } catch {
      /* not allowed: the usual priority */
    }
  }
  const ac = new AbortController();
  let msg: UsageWorkerMessage;
  try {
    msg = { type: 'done', scan: await runUsageScanOnce(d.uid, d.options, ac.signal) };
  } catch (e) {
    msg = { type: 'failed', message: errorLine(e) };
  }
  port.postMessage(msg);
}

if (parentPort) void run(parentPort, workerData as { uid: string; options: UsageScanOptions });
