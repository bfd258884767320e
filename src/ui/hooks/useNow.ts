// A clock for the quiet-period banner: re-renders every `everyMs`. Time comes from the injected
// `now` so tests can control it.
import { useEffect, useState } from 'react';

export function useNow(now: () => number, everyMs = 1000): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setT(now()), everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return t;
}
