// The scan job behind the UI's port: a thin adapter over the pipeline's runScan (which reads,
// follows and scans every source into one findings aggregator); the UI pulls that aggregator's live
// state as snapshots.
import { createFindingsAggregator } from '../../core/findings/index.js';
import { emptyHeadline, NOT_KEPT_NOW, type HeadlineRefs } from '../../core/findings/verdict.js';
import { isWarningNote } from '../../core/source-notes.js';
import type { ScanFilter, ScanWarning, SourceError, SourceProgress } from '../../core/types.js';
import { errorLine } from '../../errors.js';
import type { LiveSnapshot, ScanJob, StartScan } from '../ports.js';
import type { DcosOptions } from '../../sources/dcos/options.js';
import type { SshOptions } from '../../sources/ssh/options.js';

export interface ScanJobOptions {
  /** Source specs as the user wrote them (files, dirs, globs, bundles, ssh://…). */
  sources: string[];
  filter: ScanFilter;
  year: number | null;
  /** Keep live sources open: ssh:// follows the journal, plain local files are followed like tail -F. */
  follow: boolean;
  ssh?: SshOptions;
  /** dcos:// sources' options (the logging API). */
  dcos?: DcosOptions;
  /** Poll interval of followed files. */
  pollMs?: number;
}

/** The loop shows the warnings under its headline and the source errors above the list. */
const IN_THE_LOOP: HeadlineRefs = { warnings: 'below', errors: 'above' };
/** The headline of a scan that stopped on an error of its own (not a source's). */
export const STOPPED_HEADLINE = 'No verdict: the scan stopped before its end (see the error above).';

export function scanJobFactory(o: ScanJobOptions): StartScan {
  return (signal: AbortSignal): ScanJob => {
    const progress = new Map<string, SourceProgress>();
    const errors: SourceError[] = [];
    let version = 1;
    let lines = 0;
    let finished = false;
    let warnings: ScanWarning[] = [];
    let headline: string | null = null;
    const notes = new Set<string>();
    const bump = () => void version++;
    // Without --uid, the first finding past the memory bound: said at once (the list is partial
    // from then on), with the counts at each settle and at the end.
    const aggregator = createFindingsAggregator(o.filter, {
      onNotKept: () => {
        warnings = [...warnings, NOT_KEPT_NOW];
        bump();
      },
    });
    const onError = (e: SourceError) => {
      errors.push(e);
      // A source that failed before it opened (missing file) shows as failed in the header too.
      const p = progress.get(e.source);
      if (!p || (p.state !== 'failed' && p.state !== 'done')) progress.set(e.source, { label: e.source, state: 'failed', bytes: p?.bytes ?? 0, size: p?.size ?? null, error: e.message });
      bump();
    };

    const done = import('../../pipeline/scan.js')
      .then(({ runScan }) =>
        runScan({
          sources: o.sources,
          filter: o.filter,
          year: o.year,
          signal,
          follow: o.follow,
          followPollMs: o.pollMs,
          ssh: o.ssh,
          dcos: o.dcos,
          aggregator,
          onProgress: (p) => {
            progress.set(p.label, p);
            if (p.note && isWarningNote(p.note)) notes.add(p.note);
            bump();
          },
          onFinding: bump,
          onError,
          onCounts: (c) => {
            lines = c.lines;
            bump();
          },
          onWarning: (w) => {
            warnings = [...warnings, w];
            bump();
          },
          // Live sources: the verdict of what was read so far, replaced at each settle.
          onSettled: (soFar) => {
            warnings = soFar.warnings ?? [];
            headline = emptyHeadline(soFar, IN_THE_LOOP);
            bump();
          },
        }),
      )
      .then(
        (r) => {
          lines = r.stats.lines;
          warnings = r.warnings ?? [];
          headline = emptyHeadline(r, IN_THE_LOOP);
        },
        (e: unknown) => {
          if (signal.aborted) return;
          onError({ source: 'scan', message: errorLine(e) });
          headline = STOPPED_HEADLINE;
        },
      )
      .then(() => {
        finished = true;
        bump();
      });

    let cached: LiveSnapshot | null = null;
    return {
      done,
      snapshot(): LiveSnapshot {
        if (cached && cached.version === version) return cached;
        const s = aggregator.snapshot();
        cached = {
          version,
          findings: aggregator.findings(),
          authFailures: aggregator.authFailures(),
          sources: [...progress.values()],
          errors: [...errors],
          lines,
          denyLines: s.denyLines,
          unverifiedLines: s.unverifiedLines,
          done: finished,
          warnings,
          headline,
          notes: [...notes],
        };
        return cached;
      },
    };
  };
}

/**
 * Start the scan now (before the UI is even loaded: importing ink takes a while) and hand this
 * first job to the UI's first call; later calls (re-read) start fresh ones. `stop()` aborts the
 * early job if the UI never took it (e.g. the cluster login failed).
 */
export function preStarted(start: StartScan): { start: StartScan; stop(): void } {
  const ac = new AbortController();
  let early: ScanJob | null = start(ac.signal);
  return {
    start(signal) {
      if (!early) return start(signal);
      const job = early;
      early = null;
      if (signal.aborted) ac.abort();
      else signal.addEventListener('abort', () => ac.abort(), { once: true });
      return job;
    },
    stop() {
      if (early) ac.abort();
      early = null;
    },
  };
}
