// The scan pipeline: sources → scanner → the one findings reducer → ScanResult. UI-free: the
// headless `scan` command and the TUI both call runScan and render from its callbacks and result.
import type { Readable } from 'node:stream';
import { createFindingsReducer, type FindingsReducer } from '../core/findings/index.js';
import { createChunkScanner } from '../core/scanner/index.js';
import type { Finding, ScanFilter, ScanResult, SourceError, SourceProgress } from '../core/types.js';
import { isSourceError, openSources } from '../sources/index.js';

export interface ScanRunOptions {
  /** Source specs as the user wrote them (files, dirs, globs, `-`, `ssh://…`). */
  sources: string[];
  filter: ScanFilter;
  /** `--year` for `short` lines; null = each file's modification year. */
  year: number | null;
  signal: AbortSignal;
  /** Keep live (ssh) sources open and stream new lines; files are read once. */
  follow?: boolean;
  /** SSH options, passed through to the ssh sources (see src/sources/ssh/options.ts). */
  ssh?: unknown;
  /** What `-` reads (default process.stdin). */
  stdin?: Readable;
  onProgress?(p: SourceProgress): void;
  /** A deny created (isNew) or changed a finding. */
  onFinding?(u: { finding: Finding; isNew: boolean }): void;
  onError?(e: SourceError): void;
  /** After each chunk: running byte and line totals (for progress lines). */
  onCounts?(c: { bytes: number; lines: number }): void;
  /** The reducer to feed (the TUI keeps one across rounds); default: a new one for `filter`. */
  reducer?: FindingsReducer;
}

/**
 * Ask for the next chunk before the current one is scanned, so the read (done on libuv's thread
 * pool for files) overlaps the scan instead of alternating with it.
 */
export async function* readAhead(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = it.next();
      yield r.value;
    }
  } finally {
    next.catch(() => undefined);
    await it.return?.();
  }
}

/** Hand the ssh sources the scan's window and follow flag, unless the caller set them. */
function sshOptions(o: ScanRunOptions): unknown {
  const base = (o.ssh && typeof o.ssh === 'object' ? o.ssh : {}) as Record<string, unknown>;
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    ...base,
    follow: base.follow ?? o.follow ?? false,
    since: base.since ?? iso(o.filter.since),
    until: base.until ?? iso(o.filter.until),
  };
}

export async function runScan(o: ScanRunOptions): Promise<ScanResult> {
  const started = performance.now();
  const reducer = o.reducer ?? createFindingsReducer(o.filter);
  const errors: SourceError[] = [];
  let bytes = 0;
  let lines = 0;
  let sources = 0;
  const sink = o.onFinding
    ? (ev: Parameters<FindingsReducer['add']>[0]) => {
        const u = reducer.add(ev);
        if (u) o.onFinding!(u);
      }
    : (ev: Parameters<FindingsReducer['add']>[0]) => void reducer.add(ev);

  const items = openSources(o.sources, { signal: o.signal, year: o.year, onProgress: o.onProgress, ssh: sshOptions(o), stdin: o.stdin });
  for await (const item of items) {
    if (isSourceError(item)) {
      errors.push(item);
      o.onError?.(item);
      continue;
    }
    // The sources' contract: read each stream to its end before pulling the next item.
    sources++;
    const scanner = createChunkScanner(item.meta, sink, { framing: item.framing, uids: o.filter.uids });
    const before = { bytes, lines };
    try {
      for await (const chunk of readAhead(item.chunks)) {
        scanner.push(chunk);
        if (o.onCounts) o.onCounts({ bytes: before.bytes + scanner.bytes, lines: before.lines + scanner.lines });
      }
    } finally {
      scanner.end();
      bytes = before.bytes + scanner.bytes;
      lines = before.lines + scanner.lines;
    }
    if (o.signal.aborted) break;
  }
  return reducer.result({ bytes, lines, sources, elapsedMs: performance.now() - started, errors });
}
