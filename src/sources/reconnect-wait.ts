// The wait between reconnects, one for both node readers (ssh/host-reader.ts, dcos/node-reader.ts):
// an exponential backoff capped at 15 s, and a pause that an abort ends at once (the reader then
// sees the signal and stops).

/** The wait before reconnect `attempt` (1 for the first), from `baseMs`, doubling, at most 15 s. */
export function backoff(baseMs: number, attempt: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), 15_000);
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
