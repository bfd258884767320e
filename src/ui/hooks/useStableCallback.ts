// A function of fixed identity that always calls the latest `fn`. Effects list it as a dependency
// (the hooks lint asks for every value they read) without re-running when a parent passes a new
// closure: a new clock or callback is not a reason to restart a scan or re-subscribe a signal.
import { useCallback, useRef } from 'react';

export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  ref.current = fn; // ink renders synchronously: the latest render's closure is the one to call
  return useCallback((...args: A) => ref.current(...args), []);
}
