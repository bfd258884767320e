// The scan job in a worker thread (see worker-scan-job.ts): the scan's CPU (reading, finding and
// parsing audit lines over gigabytes) stays off the thread that draws the UI and reads keys. Runs
// the same in-thread job (scan-job.ts) and posts what changed: new findings at once, other changes
// at most every POST_MS; the findings whose counts, times or hosts moved, and the small lists whole.
import { parentPort, workerData } from 'node:worker_threads';
// The one function of the session the worker needs, from its file: the session's index would
// load the whole loop state (session, policy, usage: ~47 KB) into the worker before its first read.
import { keyOf } from '../../core/session/pair-results.js';
import type { Finding } from '../../core/types.js';
import { scanJobFactory, type ScanJobOptions } from './scan-job.js';
import type { WorkerMessage } from './worker-protocol.js';
import { yieldToUi } from './worker-priority.js';

const POST_MS = 50;
/** How often the worker looks for a change: new findings go at once, other changes every POST_MS. */
const LOOK_MS = 10;

const signature = (f: Finding): string => `${f.count}|${f.firstSeen}|${f.lastSeen}|${f.hosts.length}|${f.components.length}|${f.warnings.length}|${f.risk}`;

function run(port: NonNullable<typeof parentPort>, o: ScanJobOptions): void {
  const ac = new AbortController();
  port.on('message', (m: { type: string }) => {
    if (m.type === 'stop') ac.abort(new Error('scan stopped by the UI'));
    // The UI is drawing: from now on it goes first. Until then, or until the first findings are
    // posted (see post), the scan runs at full speed.
    if (m.type === 'ui') yieldToUi();
  });
  const job = scanJobFactory(o)(ac.signal);
  const sent = new Map<string, string>();
  let lastVersion = -1;
  let lastPost = 0;
  let lastCount = 0;
  const post = (final: boolean) => {
    const s = job.snapshot();
    if (s.version === lastVersion && !final) return;
    if (!final && s.findings.length === lastCount && performance.now() - lastPost < POST_MS) return;
    lastVersion = s.version;
    lastPost = performance.now();
    lastCount = s.findings.length;
    const changed: Finding[] = [];
    for (const f of s.findings) {
      const k = keyOf(f);
      const sig = signature(f);
      if (sent.get(k) === sig) continue;
      sent.set(k, sig);
      changed.push(f);
    }
    const msg: WorkerMessage = {
      type: 'snapshot', version: s.version, changed, authFailures: s.authFailures, sources: s.sources, errors: s.errors,
      lines: s.lines, denyLines: s.denyLines, unverifiedLines: s.unverifiedLines, done: final, warnings: s.warnings, headline: s.headline, notes: s.notes,
    };
    port.postMessage(msg);
    // The first findings are on their way: the UI thread, still loading or drawing its first frame
    // on the same cores, needs the CPU more than the rest of the scan does.
    if (changed.length > 0) yieldToUi();
  };
  const timer = setInterval(() => post(false), LOOK_MS);
  void job.done.then(() => {
    clearInterval(timer);
    post(true); // the UI terminates the worker once it has this last message
  });
}

if (parentPort) run(parentPort, workerData as ScanJobOptions);
