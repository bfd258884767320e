// Bounded polling for tests: wait for a condition set by a callback, a child process or a file,
// instead of sleeping a fixed time. Times out with what was awaited (and optional detail).

export type Probe<T> = () => T | undefined | null | false;

export interface WaitOptions {
  /** What is awaited, for the timeout message ("timed out waiting for WHAT"). */
  what: string;
  timeoutMs: number;
  /** Time between polls (default 5 ms). */
  intervalMs?: number;
  /** Appended to the timeout message, computed at the timeout (e.g. the terminal's screen). */
  detail?: () => string;
}

/** Polls `fn` until it returns a truthy value, which it resolves with; rejects after `timeoutMs`. */
export async function waitFor<T>(fn: Probe<T>, o: WaitOptions): Promise<T> {
  const end = Date.now() + o.timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${o.what}${o.detail ? o.detail() : ''}`);
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 5));
  }
}

/**
 * `until(what, fn, timeoutMs?)`: the call shape the tests use, with the file's default timeout
 * (and poll interval) bound once.
 */
export function untilWith(defaults: Omit<WaitOptions, 'what'>) {
  return <T>(what: string, fn: Probe<T>, timeoutMs = defaults.timeoutMs): Promise<T> => waitFor(fn, { ...defaults, what, timeoutMs });
}
