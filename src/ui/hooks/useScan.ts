// The scan job: starts it, pulls its snapshot at most every `flushMs` (batched renders), restarts
// it on `reread`, and aborts it on unmount. The only place the UI touches a running scan. When every
// source has failed (host unreachable, auth refused, no such file), it retries by itself with a
// growing pause, and says when.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SourceError } from '../../core/types.js';
import type { LiveSnapshot, ScanJob, StartScan } from '../ports.js';
import { useStableCallback } from './useStableCallback.js';

const EMPTY_SNAPSHOT: LiveSnapshot = { version: 0, findings: [], authFailures: [], sources: [], errors: [], lines: 0, denyLines: 0, done: false };

/** How often a change of byte and line counts alone is drawn (progress; findings are drawn at once). */
export const PROGRESS_MS = 500;
/** How often the snapshot is pulled before the first finding is on screen. */
const FIRST_FINDING_POLL_MS = 10;
const FIRST_FINDING_WAIT_MS = 2_000;

const contentOf = (s: LiveSnapshot): string =>
  `${s.findings.length}|${s.findings.reduce((n, f) => n + f.count, 0)}|${s.authFailures.reduce((n, a) => n + a.count, 0)}|${s.errors.length}|${s.notes?.length ?? 0}|${s.sources.map((p) => p.state).join(',')}|${s.done}`;

/** Pause before automatic retry n (0-based): 5 s, 10 s, 20 s, then every 30 s. */
export const retryDelayMs = (n: number): number => Math.min(30_000, 5_000 * 2 ** n);

export interface ScanState {
  snap: LiveSnapshot;
  /** Every source failed: nothing is being read. */
  dead: boolean;
  /** Retries so far, and when the next automatic one starts (null: none planned). */
  retry: { attempt: number; at: number | null };
  /** Restart the scan from the start of every source (also a retry now, when they all failed). */
  reread(): void;
}

/** Sources that ended failed (for the header and the exit code). */
export function failedSources(s: LiveSnapshot): Array<{ label: string; error: string }> {
  const failed = s.sources.filter((p) => p.state === 'failed').map((p) => ({ label: p.label, error: p.error ?? 'failed' }));
  if (failed.length || s.sources.length) return failed;
  // Nothing started (e.g. no source could be opened at all): the errors say why.
  return s.errors.map((e: SourceError) => ({ label: e.source, error: e.message }));
}

export const allFailed = (s: LiveSnapshot): boolean =>
  s.sources.length ? s.sources.every((p) => p.state === 'failed') : s.done && s.errors.length > 0;

export function useScan(start: StartScan, flushMs = 100, clock: () => number = Date.now): ScanState {
  // A new clock function does not restart the scan.
  const now = useStableCallback(clock);
  const [snap, setSnap] = useState<LiveSnapshot>(EMPTY_SNAPSHOT);
  const [generation, setGeneration] = useState(1);
  const [retry, setRetry] = useState<{ attempt: number; at: number | null }>({ attempt: 0, at: null });
  const attempts = useRef(0);

  const job = useRef<ScanJob | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    const j = start(ac.signal);
    job.current = j;
    let last = -1;
    let lastContent = '';
    let lastDrawn = 0;
    let timer: NodeJS.Timeout | null = null;
    let drewFindings = false;
    const flush = () => {
      const s = j.snapshot();
      if (s.version !== last || s.done) {
        // While a big file is read, bytes and lines change on every pull: drawn twice a second, so
        // the UI thread's time goes to keys; a finding, a source state or an error is drawn at once.
        const content = contentOf(s);
        if (content === lastContent && now() - lastDrawn < PROGRESS_MS) return;
        last = s.version;
        lastContent = content;
        lastDrawn = now();
        setSnap({ ...s }); // a fresh object: the job may reuse its snapshot
        if (s.findings.length > 0 || s.done) drewFindings = true;
        if (s.sources.some((p) => p.state === 'reading' || p.state === 'following' || p.state === 'done')) attempts.current = 0;
      }
    };
    // Until the first findings are drawn (for at most FIRST_FINDING_WAIT_MS), look often: the
    // operator waits for that frame, and the 100 ms poll added up to 100 ms to it.
    const fastUntil = now() + FIRST_FINDING_WAIT_MS;
    let poll = setInterval(() => {
      flush();
      if (drewFindings || now() > fastUntil) {
        clearInterval(poll);
        poll = setInterval(flush, flushMs);
      }
    }, Math.min(FIRST_FINDING_POLL_MS, flushMs));
    flush();
    void j.done.then(() => {
      clearInterval(poll);
      if (ac.signal.aborted) return;
      flush();
      const s = j.snapshot();
      if (!allFailed(s)) return setRetry({ attempt: attempts.current, at: null });
      const delay = retryDelayMs(attempts.current);
      setRetry({ attempt: attempts.current, at: now() + delay });
      timer = setTimeout(() => {
        attempts.current++;
        setGeneration((g) => g + 1);
      }, delay);
    });
    return () => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      ac.abort(new Error('scan restarted or UI closed'));
    };
  }, [start, flushMs, generation, now]);

  const reread = useCallback(() => {
    attempts.current++;
    setRetry({ attempt: attempts.current, at: null });
    setGeneration((g) => g + 1);
  }, []);
  return { snap, dead: allFailed(snap), retry, reread };
}
