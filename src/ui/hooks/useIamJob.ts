// The IAM job: one grant or undo at a time. Tracks whether a request is in flight (for `q`), turns a
// rejected promise into a one-line message (a failed request never freezes the UI), and ignores
// answers that arrive after unmount.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorLine } from '../../errors.js';

export interface IamJob {
  busy: string | null;
  /** The latest `busy`, for key handlers that run before the next render. */
  busyRef: { readonly current: string | null };
  error: string | null;
  /** Runs `fn` unless another job is in flight; `what` is shown while it runs. */
  run<T>(what: string, fn: () => Promise<T>, done: (value: T) => void): boolean;
  clearError(): void;
}

export function useIamJob(): IamJob {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  const inFlight = useRef(false);
  const busyRef = useRef<string | null>(null);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(<T,>(what: string, fn: () => Promise<T>, done: (value: T) => void): boolean => {
    if (inFlight.current) return false;
    inFlight.current = true;
    busyRef.current = what;
    setBusy(what);
    setError(null);
    void (async () => {
      try {
        const v = await fn();
        if (mounted.current) done(v);
      } catch (e) {
        if (mounted.current) setError(`${what} failed: ${errorLine(e)}`);
      } finally {
        inFlight.current = false;
        busyRef.current = null;
        if (mounted.current) setBusy(null);
      }
    })();
    return true;
  }, []);

  const clearError = useCallback(() => setError(null), []);
  return { busy, busyRef, error, run, clearError };
}
