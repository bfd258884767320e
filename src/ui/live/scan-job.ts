// The scan job behind the UI's port: the pipeline's runScan for every source, except local files
// to follow (demo journal, `--follow` on a plain file), which go through the file follower; both
// feed one findings reducer, whose live state the UI pulls as snapshots.
import { createFindingsReducer } from '../../core/findings/index.js';
import { createChunkScanner } from '../../core/scanner/index.js';
import type { ScanFilter, SourceError, SourceProgress } from '../../core/types.js';
import type { LiveSnapshot, ScanJob, StartScan } from '../ports.js';
import { followFile } from './follow-file.js';

export interface ScanJobOptions {
  /** Sources for the pipeline (files read once, bundles, globs, ssh://…). */
  sources: string[];
  /** Local files to follow for appends. */
  followFiles?: string[];
  filter: ScanFilter;
  year: number | null;
  /** Keep live (ssh) sources open. */
  follow: boolean;
  ssh?: unknown;
  pollMs?: number;
}

const oneLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

export function scanJobFactory(o: ScanJobOptions): StartScan {
  return (signal: AbortSignal): ScanJob => {
    const reducer = createFindingsReducer(o.filter);
    const progress = new Map<string, SourceProgress>();
    const errors: SourceError[] = [];
    let version = 1;
    let pipelineLines = 0;
    const followLines = new Map<string, number>();
    let finished = false;
    const bump = () => void version++;
    const setProgress = (p: SourceProgress) => {
      progress.set(p.label, p);
      bump();
    };

    const jobs: Promise<unknown>[] = [];
    if (o.sources.length) {
      jobs.push(
        import('../../pipeline/scan.js')
          .then(({ runScan }) =>
            runScan({
              sources: o.sources,
              filter: o.filter,
              year: o.year,
              signal,
              follow: o.follow,
              ssh: o.ssh,
              reducer,
              onProgress: setProgress,
              onFinding: bump,
              onError: (e) => {
                errors.push(e);
                bump();
              },
              onCounts: (c) => {
                pipelineLines = c.lines;
                bump();
              },
            }),
          )
          .catch((e: unknown) => {
            if (!signal.aborted) errors.push({ source: 'scan', message: oneLine(e) });
          }),
      );
    }
    for (const path of o.followFiles ?? []) {
      jobs.push(
        (async () => {
          const meta = { label: path, host: null, unit: null, envelope: null, year: o.year ?? new Date().getFullYear() };
          const scanner = createChunkScanner(meta, (ev) => {
            if (reducer.add(ev)) bump();
          });
          setProgress({ label: path, state: 'reading', bytes: 0, size: null });
          try {
            for await (const chunk of followFile(path, {
              signal,
              pollMs: o.pollMs,
              onRead: (bytes, size) => setProgress({ label: path, state: progress.get(path)?.state === 'following' ? 'following' : 'reading', bytes, size }),
              onIdle: () => scanner.flush?.(),
              onCaughtUp: () => setProgress({ ...(progress.get(path) ?? { label: path, bytes: 0, size: null }), state: 'following' }),
            })) {
              scanner.push(chunk);
              followLines.set(path, scanner.lines);
              bump();
            }
            scanner.end();
            setProgress({ ...(progress.get(path) ?? { label: path, bytes: 0, size: null }), state: 'done' });
          } catch (e) {
            const message = oneLine(e);
            errors.push({ source: path, message });
            setProgress({ label: path, state: 'failed', bytes: progress.get(path)?.bytes ?? 0, size: null, error: message });
          }
        })(),
      );
    }
    const done = Promise.allSettled(jobs).then(() => {
      finished = true;
      bump();
    });

    let cached: LiveSnapshot | null = null;
    return {
      done,
      snapshot(): LiveSnapshot {
        if (cached && cached.version === version) return cached;
        const s = reducer.snapshot();
        let lines = pipelineLines;
        for (const n of followLines.values()) lines += n;
        cached = {
          version,
          findings: reducer.findings(),
          authFailures: reducer.authFailures(),
          sources: [...progress.values()],
          errors: [...errors],
          lines,
          denyLines: s.denyLines,
          done: finished,
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
