// The unused list's usage scan behind the UI's port (ports.ts StartUsage): the pipeline's
// runUsageScan over the loop's sources, read once, in a worker thread of its own (usage-worker.ts)
// so neither the UI thread nor the deny scan's worker does its work: it runs only when the operator
// opens the list. Falls back to running in this thread where no built worker script exists.
import { Worker } from 'node:worker_threads';
import type { ScanFilter } from '../../core/types.js';
import type { DcosOptions } from '../../sources/dcos/options.js';
import type { SshOptions } from '../../sources/ssh/options.js';
import type { StartUsage, UsageScan } from '../ports.js';
import { canRunInWorker } from './worker-check.js';
import { unreadParts } from '../../core/usage/index.js';

export interface UsageScanOptions {
  sources: string[];
  /** Only its time bounds are used: the window is every principal's records, the uses the account's. */
  filter: ScanFilter;
  year: number | null;
  ssh?: SshOptions;
  dcos?: DcosOptions;
}

export type UsageWorkerMessage = { type: 'done'; scan: UsageScan } | { type: 'failed'; message: string };

const WORKER_URL = new URL('./usage-worker.js', import.meta.url);

/** The usage scan in this thread (the worker runs this too). */
export async function runUsageScanOnce(uid: string, o: UsageScanOptions, signal: AbortSignal): Promise<UsageScan> {
  const { runUsageScan } = await import('../../pipeline/usage.js');
  const started = performance.now();
  const errors: UsageScan['errors'] = [];
  const u = await runUsageScan(uid, {
    sources: o.sources,
    filter: { uids: [], since: o.filter.since, until: o.filter.until },
    year: o.year,
    signal,
    ssh: o.ssh,
    dcos: o.dcos,
    onError: (e) => errors.push(e),
  });
  const s = u.scan.stats;
  return {
    uses: u.uses,
    windows: u.windows,
    componentSpans: u.componentSpans,
    lostUid: u.lostUid,
    unreadableOfUid: u.unreadableOfUid,
    inexactAllows: u.inexactAllows,
    untimed: u.untimed,
    quietNodes: u.quietNodes,
    asked: { since: o.filter.since, until: o.filter.until },
    incomplete: unreadParts(u.scan.warnings ?? [], signal.aborted),
    stats: { sources: s.sources, bytes: s.bytes, lines: s.lines, records: u.records, allows: u.allows, unverifiedLines: s.unverifiedLines ?? 0, elapsedMs: performance.now() - started },
    // Errors reported as they came, and those only in the result, once each.
    errors: [...errors, ...u.errors.filter((e) => !errors.some((x) => x.source === e.source && x.message === e.message))],
  };
}

function inWorker(uid: string, o: UsageScanOptions, signal: AbortSignal): Promise<UsageScan> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { uid, options: o } });
    worker.unref();
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', stop);
      void worker.terminate();
      f();
    };
    const stop = () => settle(() => reject(new Error('the usage scan was stopped')));
    worker.on('message', (m: UsageWorkerMessage) => settle(() => (m.type === 'done' ? resolve(m.scan) : reject(new Error(m.message)))));
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', () => settle(() => reject(new Error('the usage scan stopped unexpectedly'))));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

export function usageScanFactory(o: UsageScanOptions): StartUsage {
  const worker = canRunInWorker(WORKER_URL, o);
  return (uid, signal) => (worker ? inWorker(uid, o, signal) : runUsageScanOnce(uid, o, signal));
}
