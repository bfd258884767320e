// State whose latest value is readable at once through a ref. Keys can arrive faster than React
// re-renders (typing, tmux send-keys, paste): handlers must see the effect of the previous key.
import { useCallback, useRef, useState } from 'react';

export function useSyncState<T>(init: T | (() => T)): [T, { readonly current: T }, (next: T | ((prev: T) => T)) => void] {
  const [value, setValue] = useState(init);
  const ref = useRef(value);
  const set = useCallback((next: T | ((prev: T) => T)) => {
    const v = typeof next === 'function' ? (next as (p: T) => T)(ref.current) : next;
    ref.current = v;
    setValue(v);
  }, []);
  return [value, ref, set];
}
