// The scan pipeline: sources → scanner → the one findings aggregator → ScanResult. UI-free: the
// headless `scan` command and the TUI both call runScan and render from its callbacks and result.
// Sources that end are scanned one at a time (their contract); live ones (followed files, the ssh
// follow stream) each get a scanner of their own and are scanned alongside, into the same aggregator.
import type { Readable } from 'node:stream';
import { createFindingsAggregator, type FindingsAggregator } from '../core/findings/index.js';
import { createChunkScanner, CrLineEnds, setLongLineCollector, type ChunkScanner } from '../core/scanner/index.js';
import { collectGarbage } from './collect-garbage.js';
import type { AuditEvent, Finding, ScanFilter, ScanResult, ScanWarning, SourceError, SourceProgress } from '../core/types.js';
import { errorLine } from '../errors.js';
import { isSourceError, openSources, type SourceStream } from '../sources/index.js';
import { cutLinesWarning, INTERRUPTED, NOT_KEPT_NOW, nulBytesText, scanWarnings, type ScanSeen } from '../core/findings/verdict.js';
import { Coverage } from './coverage.js';
import { ofAnotherForm } from '../core/findings/unchecked.js';
import { Settling } from './settle.js';
import { scanStream } from './stream-feed.js';
import type { DcosOptions } from '../sources/dcos/options.js';
import type { SshOptions } from '../sources/ssh/options.js';

export interface ScanRunOptions {
  /** Source specs as the user wrote them (files, dirs, globs, `-`, `ssh://…`). */
  sources: string[];
  filter: ScanFilter;
  /** `--year` for `short` lines (core/journal/short-year.ts); null = dated up to each file's mtime, or the read time. */
  year: number | null;
  signal: AbortSignal;
  /**
   * Keep live sources open and stream new lines: ssh:// (journalctl -f) and plain local files
   * (named or globbed; followed like tail -F after being read). Gzip, bundles, journals, stdin and
   * files found in directories are still read once.
   */
  follow?: boolean;
  /** Poll interval of followed files (default 250 ms; fs.watch usually wakes them sooner). */
  followPollMs?: number;
  /** SSH options, passed through to the ssh sources. */
  ssh?: SshOptions;
  /** Logging-API options, passed through to the dcos:// sources. */
  dcos?: DcosOptions;
  /** What `-` reads (default process.stdin). */
  stdin?: Readable;
  onProgress?(p: SourceProgress): void;
  /** A deny created (isNew) or changed a finding. */
  onFinding?(u: { finding: Finding; isNew: boolean }): void;
  onError?(e: SourceError): void;
  /** After each chunk: running byte and line totals over every source (for progress lines). */
  onCounts?(c: { bytes: number; lines: number }): void;
  /**
   * `usage` (`audit2grant unused`): every audit line is parsed, allows included (the scanner's
   * slower mode; the deny scan keeps its fast path). Default `deny`.
   */
  mode?: 'deny' | 'usage';
  /** Every audit event, as the scanner emits it (after the aggregator saw it). */
  onEvent?(ev: AuditEvent): void;
  /** The aggregator to feed (the TUI keeps one across rounds); default: a new one for `filter`. */
  aggregator?: FindingsAggregator;
  /**
   * A warning as soon as it is certain: a source skipped in part or read only in part, the first
   * finding past the memory bound (when this scan makes the aggregator). All are in the result too.
   */
  onWarning?(w: ScanWarning): void;
  /**
   * With live sources: the scan of what was read so far, each time it settles (every source that
   * ends was read, every live stream quiet for IDLE_FLUSH_MS, stream-feed.ts): its warnings by the result's rules,
   * so a followed file whose every audit line is malformed says so without waiting for an end.
   */
  onSettled?(soFar: ScanSoFar): void;
  /** A source is read live (followed): `--follow` with none of them says so. */
  onLive?(): void;
}

/** What runScan can say before its end (onSettled): the result's stats, errors and warnings, so far. */
export type ScanSoFar = Pick<ScanResult, 'stats' | 'errors' | 'warnings'>;

/** Hand the ssh sources the scan's window and follow flag, unless the caller set them. */
function sshOptions(o: ScanRunOptions): SshOptions {
  const base = o.ssh ?? {};
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    ...base,
    follow: base.follow ?? o.follow ?? false,
    since: base.since ?? iso(o.filter.since),
    until: base.until ?? iso(o.filter.until),
  };
}

/** Hand the dcos:// sources the scan's window (ms) and follow flag, unless the caller set them. */
function dcosOptions(o: ScanRunOptions): DcosOptions {
  const base = o.dcos ?? {};
  return { ...base, follow: base.follow ?? o.follow ?? false, since: base.since ?? o.filter.since, until: base.until ?? o.filter.until };
}

export async function runScan(o: ScanRunOptions): Promise<ScanResult> {
  // hrtime, not performance.now(): the first use of `performance` loads perf_hooks, ~0.8 ms of a
  // small scan's start-up (docs/benchmarks.md, tenth pass).
  const started = process.hrtime.bigint();
  setLongLineCollector(collectGarbage); // long lines' strings are collected as they come (long-garbage.ts)
  const aggregator = o.aggregator ?? createFindingsAggregator(o.filter, { onNotKept: () => o.onWarning?.(NOT_KEPT_NOW) });
  const errors: SourceError[] = [];
  const sourceWarnings: ScanWarning[] = [];
  const fail = (e: SourceError): void => {
    // A deliberate skip, or a source read only in part, is reported once, with the warnings at the
    // end; the source did not fail.
    const kind = e.skipped ? 'skipped' : e.incomplete;
    if (kind) {
      const w: ScanWarning = { kind, source: e.source, message: e.message };
      sourceWarnings.push(w);
      return void o.onWarning?.(w);
    }
    errors.push(e);
    o.onError?.(e);
  };
  // Totals: streams that ended, plus those being scanned now (several when live streams run).
  let doneBytes = 0;
  let doneLines = 0;
  const active = new Set<ChunkScanner>();
  const counts = (): { bytes: number; lines: number } => {
    let bytes = doneBytes;
    let lines = doneLines;
    for (const s of active) {
      bytes += s.bytes;
      lines += s.lines;
    }
    return { bytes, lines };
  };
  const after = o.onCounts ? () => o.onCounts!(counts()) : () => undefined;
  let sources = 0;
  const sink = o.onFinding
    ? (ev: Parameters<FindingsAggregator['add']>[0]) => {
        const u = aggregator.add(ev);
        if (u) o.onFinding!(u);
      }
    : (ev: Parameters<FindingsAggregator['add']>[0]) => void aggregator.add(ev);

  const coverage = new Coverage();
  // With --since/--until: audit events that carried a time, and those inside the window.
  const { since, until } = o.filter;
  const windowed = since !== null || until !== null;
  let timed = 0;
  let inside = 0;
  // With --year: a stream read had a `short` line among its first lines (else --year dated nothing).
  let shortSeen = false;
  const windowOf = (): ScanSeen['window'] => {
    const bound = (flag: string, t: number | null): string[] => (t === null ? [] : [`${flag} ${new Date(t).toISOString()}`]);
    return windowed ? { text: [...bound('--since', since), ...bound('--until', until)].join(' '), timed, inside } : null;
  };
  // --follow: what was read so far, by the same rules as the result's warnings (uid-not-seen aside: it needs the result).
  const onSettled = o.onSettled;
  const reportSoFar = (): void => {
    const { coverage: cov, unreadable } = coverage.soFar();
    const stats = aggregator.stats({ sources, ...counts(), elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 });
    const findingsNotKept = aggregator.notKept() ?? undefined;
    const inexactDenials = aggregator.inexact() ?? undefined;
    const warnings = [...sourceWarnings, ...scanWarnings(cov, { stats, findingsNotKept, inexactDenials, errors }, { unreadable, blobs: coverage.blobs, window: windowOf() })];
    onSettled?.({ stats, errors: [...errors], warnings });
  };
  const settling = new Settling(onSettled ? reportSoFar : null, () => ac.signal.aborted);
  const scan = async (item: SourceStream): Promise<void> => {
    const watch = coverage.watch(item);
    // Unverified audit-looking text is no sign of journal output (a README can hold it).
    const onEvent = (ev: AuditEvent): void => {
      if (ev.type === 'unverified') watch.unverified(ofAnotherForm(ev, item.framing === 'export'));
      else {
        watch.audit();
        const t = windowed && 'time' in ev ? ev.time : null;
        if (typeof t === 'number') {
          timed++;
          if ((since === null || t >= since) && (until === null || t <= until)) inside++;
        }
      }
      sink(ev);
      o.onEvent?.(ev);
    };
    const scanner = createChunkScanner(item.meta, onEvent, { framing: item.framing, uids: o.filter.uids, mode: o.mode });
    active.add(scanner);
    const quiet = item.live ? settling.stream() : null;
    // NUL bytes in what was read as text: said once, as soon as seen in a followed file (whose end may never come).
    let nulSaid = false;
    const sayNul = (): void => {
      const at = scanner.nulAt ?? null;
      if (nulSaid || at === null || watch.notText()) return;
      nulSaid = true;
      // A size is known only for a file read as it is: a gzip's or a decoded UTF-16 log's bytes are not the file's.
      fail({ source: item.meta.label, message: nulBytesText(item.meta.label, at, item.size !== null), incomplete: 'nul-bytes' });
    };
    try {
      // Saved text may end its lines with a lone `\r` (cr-lines.ts); journalctl's own json never does.
      const lineEnds = item.framing === 'lines' && item.meta.envelope === null ? new CrLineEnds() : null;
      await scanStream(item.chunks, scanner, quiet, item.live ? () => (sayNul(), after()) : after, watch.look, lineEnds);
    } finally {
      scanner.end();
      const damaged = scanner.damaged?.();
      if (damaged) fail({ source: item.meta.label, message: damaged, incomplete: 'damaged-export' });
      sayNul();
      watch.end(scanner.bytes, scanner.lines);
      const cut = (scanner.cutLines ?? 0) + (item.cutLines?.() ?? 0);
      if (cut) {
        const w = cutLinesWarning(item.meta.label, cut);
        sourceWarnings.push(w);
        o.onWarning?.(w);
      }
      active.delete(scanner);
      if (scanner.shortFrom !== undefined) shortSeen = true;
      doneBytes += scanner.bytes;
      doneLines += scanner.lines;
      // A live stream that ended (its host went away) no longer holds the settle back.
      quiet?.quiet(true);
    }
  };

  // Our own signal: should the source loop throw, the live streams still get stopped.
  const ac = new AbortController();
  const onAbort = (): void => ac.abort(o.signal.reason);
  if (o.signal.aborted) onAbort();
  else o.signal.addEventListener('abort', onAbort, { once: true });
  const live: Promise<void>[] = [];
  const items = openSources(o.sources, {
    signal: ac.signal,
    year: o.year,
    onProgress: o.onProgress,
    ssh: sshOptions(o),
    dcos: dcosOptions(o),
    stdin: o.stdin,
    follow: o.follow ?? false,
    followPollMs: o.followPollMs,
  });
  try {
    for await (const item of items) {
      if (isSourceError(item)) {
        fail(item);
        continue;
      }
      sources++;
      if (item.live) {
        o.onLive?.();
        live.push(
          scan(item).then(
            () => {
              const why = item.failure?.() ?? null;
              if (why !== null) fail({ source: item.meta.label, message: why });
            },
            (e: unknown) => fail({ source: item.meta.label, message: errorLine(e) }),
          ),
        );
        continue;
      }
      // The sources' contract: read each stream to its end before pulling the next item.
      await scan(item);
      if (ac.signal.aborted) break;
    }
    // Only live streams are left (or none: then the scan ends, and the result says it all).
    if (live.length > 0) settling.sourcesRead();
  } catch (e) {
    ac.abort(e);
    throw e;
  } finally {
    await Promise.allSettled(live);
    o.signal.removeEventListener('abort', onAbort);
  }
  const { bytes, lines } = counts();
  const result = aggregator.result({ bytes, lines, sources, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6, errors });
  // Interrupted (not the end of --follow): what was not read is unknown, not absent; say nothing of it.
  const window = windowOf();
  result.warnings = [
    ...sourceWarnings,
    ...(o.signal.aborted && !o.follow
      ? [INTERRUPTED]
      : scanWarnings(coverage.result(), result, { unreadable: coverage.unreadable(), blobs: coverage.blobs, window, year: o.year === null ? null : { year: o.year, applied: shortSeen } })),
  ];
  return result;
}
