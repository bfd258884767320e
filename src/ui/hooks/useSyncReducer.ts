// A reducer whose latest state is readable at once through a ref (see useSyncState: keys can arrive
// faster than React renders). An event that changes nothing does not render.
import { useCallback } from 'react';
import { useSyncState } from './useSyncState.js';

export function useSyncReducer<S, E>(reducer: (s: S, e: E) => S, init: () => S): [S, { readonly current: S }, (e: E) => void] {
  const [state, ref, set] = useSyncState<S>(init);
  const dispatch = useCallback(
    (e: E) => {
      const next = reducer(ref.current, e);
      if (next !== ref.current) set(next);
    },
    [reducer, ref, set],
  );
  return [state, ref, dispatch];
}
