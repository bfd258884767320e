// The scan job: starts it, pulls its snapshot at most every `flushMs` (batched renders), restarts
// it on `reread`, and aborts it on unmount. The only place the UI touches a running scan.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveSnapshot, ScanJob, StartScan } from '../ports.js';

const EMPTY_SNAPSHOT: LiveSnapshot = { version: 0, findings: [], authFailures: [], sources: [], errors: [], lines: 0, denyLines: 0, done: false };

export interface ScanState {
  snap: LiveSnapshot;
  /** Restart the scan from the start of every source. */
  reread(): void;
}

export function useScan(start: StartScan, flushMs = 100): ScanState {
  const [snap, setSnap] = useState<LiveSnapshot>(EMPTY_SNAPSHOT);
  const [generation, setGeneration] = useState(1);

  const job = useRef<ScanJob | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    const j = start(ac.signal);
    job.current = j;
    let last = -1;
    const flush = () => {
      const s = j.snapshot();
      if (s.version !== last || s.done) {
        last = s.version;
        setSnap({ ...s }); // a fresh object: the job may reuse its snapshot
      }
    };
    flush();
    const timer = setInterval(flush, flushMs);
    void j.done.then(() => {
      if (!ac.signal.aborted) flush();
      clearInterval(timer);
    });
    return () => {
      clearInterval(timer);
      ac.abort(new Error('scan restarted or UI closed'));
    };
  }, [start, flushMs, generation]);

  const reread = useCallback(() => setGeneration((g) => g + 1), []);
  return { snap, reread };
}
