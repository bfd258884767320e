// Whether a job can run in a worker thread: its built script is there (it is not when the sources
// run uncompiled, e.g. under a test runner) and its options survive the structured clone (no
// functions, e.g. a passphrase prompt). Otherwise the job runs in this thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function canRunInWorker(script: URL, options?: unknown): boolean {
  if (!existsSync(fileURLToPath(script))) return false;
  if (options === undefined) return true;
  try {
    structuredClone(options);
    return true;
  } catch {
    return false;
  }
}
