// The scan workers' priority: once they have something to show, the UI thread (keys, frames) goes
// first when the cores are busy.
import { setPriority } from 'node:os';

/** The workers' nice value. */
const WORKER_NICE = 10;
let yielded = false;

/**
 * Lower this thread's priority, once. Linux keeps a nice value per thread, so this lowers the
 * calling worker alone (elsewhere it would lower the whole process, UI included: left alone there).
 */
export function yieldToUi(): void {
  if (yielded || process.platform !== 'linux') return;
  yielded = true;
  try {
    setPriority(WORKER_NICE);
  } catch {
    /* not allowed: the usual priority */
  }
}
