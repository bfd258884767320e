// The held-not-used list's verdict, computed when the operator first opens it (and again on `r`
// there): what the account holds (the grants port) and its allow lines in the loop's sources (the
// usage port: its own worker, so neither the UI thread nor the deny scan does that work), judged in
// the core (core/usage: the very verdict of `audit2grant unused`). A read, outside the IAM job: it
// never makes a grant or revoke wait. Answers after unmount are dropped; leaving stops the scan.
import { useCallback, useEffect, useRef } from 'react';
import type { LoopEffect, LoopEvent } from '../../core/session/index.js';
import { buildUnusedReport } from '../../core/usage/index.js';
import { errorLine } from '../../errors.js';
import type { GrantPort, StartUsage } from '../ports.js';

export function useUnusedLoad(grants: GrantPort | null, usage: StartUsage | null, dispatch: (e: LoopEvent) => LoopEffect | null): (then?: () => void) => void {
  const ac = useRef<AbortController | null>(null);
  useEffect(() => () => ac.current?.abort(), []);
  return useCallback((then?: () => void) => {
    if (!grants || !usage) return;
    const effect = dispatch({ type: 'usageLoad' });
    if (effect?.type !== 'loadUsage') return;
    const { uid, loadId } = effect;
    ac.current?.abort();
    const ctl = new AbortController();
    ac.current = ctl;
    void (async () => {
      let done = false;
      try {
        // When the holdings are read: the window judged ends there (as `unused` takes it).
        const made = Date.now();
        // The cluster's nodes, as `unused` counts them: the same nodes-not-read warning (the list does not refuse on it).
        const [held, scan, nodes] = await Promise.all([grants.holdings(uid), usage(uid, ctl.signal), grants.nodes?.()]);
        if (ctl.signal.aborted) return;
        const report = buildUnusedReport({
          uid, cluster: grants.clusterUrl, made, held, uses: scan.uses, windows: scan.windows, stats: scan.stats, errors: scan.errors,
          componentSpans: scan.componentSpans, incomplete: scan.incomplete, lostUid: scan.lostUid, unreadableOfUid: scan.unreadableOfUid, inexactAllows: scan.inexactAllows, untimed: scan.untimed, quietNodes: scan.quietNodes, asked: scan.asked,
          policy: { actingUid: grants.actingUid }, ...(nodes ? { nodes } : {}),
        });
        dispatch({ type: 'usageLoaded', loadId, report });
        done = true;
      } catch (e) {
        if (!ctl.signal.aborted) dispatch({ type: 'usageFailed', loadId, error: errorLine(e) });
      }
      // Outside the try: what `then` does is no failure of this load.
      if (done) then?.();
    })();
  }, [grants, usage, dispatch]);
}
