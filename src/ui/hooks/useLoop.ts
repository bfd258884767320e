// The loop driver (core/session/driver.ts) held as React state: `dispatch` applies an event at once
// (keys can arrive faster than renders, and each must see the previous one's effect) and returns the
// effect the caller must carry out.
import { useCallback } from 'react';
import { loopStep, type LoopEffect, type LoopEvent, type LoopState } from '../../core/session/index.js';
import { useSyncState } from './useSyncState.js';

export interface Loop {
  loop: LoopState;
  /** The latest state, for handlers that run before the next render. */
  loopRef: { readonly current: LoopState };
  dispatch(e: LoopEvent): LoopEffect | null;
}

export function useLoop(init: () => LoopState): Loop {
  const [loop, loopRef, setLoop] = useSyncState<LoopState>(init);
  const dispatch = useCallback(
    (e: LoopEvent): LoopEffect | null => {
      const r = loopStep(loopRef.current, e);
      if (r.state !== loopRef.current) setLoop(r.state);
      return r.effect;
    },
    [loopRef, setLoop],
  );
  return { loop, loopRef, dispatch };
}
