// What each account under review already holds, read once per account as accounts appear (one
// request at a time, outside the IAM job: a read never makes the operator's grant wait or fail).
// Findings of those pairs then show `already held`. A failed read is not an error (the account may
// not be readable with these credentials, and a grant reads the holdings again first), but it is not
// "holds nothing" either: `onUnread` gets it, and the list says its held markers are unknown.
import { useEffect, useRef } from 'react';
import type { GrantPair } from '../../core/types.js';
import { errorLine } from '../../errors.js';
import type { GrantPort } from '../ports.js';

export function useHeld(grants: GrantPort | null, uids: readonly string[], onHeld: (pairs: GrantPair[]) => void, onUnread: (uid: string, why: string) => void): void {
  const asked = useRef(new Set<string>());
  const queue = useRef<string[]>([]);
  const running = useRef(false);
  const mounted = useRef(true);
  const onHeldRef = useRef(onHeld);
  onHeldRef.current = onHeld;
  const onUnreadRef = useRef(onUnread);
  onUnreadRef.current = onUnread;
  useEffect(() => () => void (mounted.current = false), []);

  useEffect(() => {
    if (!grants) return;
    for (const u of uids) {
      if (asked.current.has(u)) continue;
      asked.current.add(u);
      queue.current.push(u);
    }
    if (running.current) return;
    running.current = true;
    void (async () => {
      for (let u = queue.current.shift(); u !== undefined && mounted.current; u = queue.current.shift()) {
        const read = await grants.held(u).then((pairs) => ({ pairs }), (e: unknown) => ({ why: errorLine(e) }));
        if (!mounted.current) break;
        if ('why' in read) onUnreadRef.current(u, read.why);
        else if (read.pairs.length) onHeldRef.current(read.pairs);
      }
      running.current = false;
    })();
  }, [grants, uids]);
}
