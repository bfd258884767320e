// What the UI needs from the rest of the program, as small interfaces: the scan (the pipeline's
// runScan), the IAM client, and the file export. ui/adapters/ adapts the real modules (wired by
// commands/interactive/handler.ts and the demo); tests pass fakes. Components never reach past these ports.
import type { AuthFailure, Finding, GrantPair, InexactRecords, PairResult, ScanWarning, SourceError, SourceProgress } from '../core/types.js';
import type { HeldGrant, HostWindow, LostUse, NodeCount, Span, UnusedStats, Use } from '../core/usage/index.js';

/** What a running scan has found so far. Pulled by the scan hook at most every 100 ms. */
export interface LiveSnapshot {
  /** Increments on every change: the hook skips a render when unchanged. */
  version: number;
  findings: Finding[];
  authFailures: AuthFailure[];
  sources: SourceProgress[];
  errors: SourceError[];
  /** Lines read so far (any line: the service's activity). */
  lines: number;
  denyLines: number;
  /** Audit-looking lines no component's audit logger wrote (never findings; docs/audit-log-forms.md). */
  unverifiedLines?: number;
  /** True when the scan ended (no live source left). */
  done: boolean;
  /**
   * The scan's warnings (docs/verdicts.md), as `scan` prints them: a source skipped or read only in
   * part as soon as known; all of them once done, or (live sources) each time the scan settles, for
   * what was read so far. Empty (absent) before.
   */
  warnings?: ScanWarning[];
  /**
   * What `scan` would print with no finding ("No verdict: …", or "No permission denials found."),
   * pointing at the lines around the list: set when done, or of what was read so far when settled.
   */
  headline?: string | null;
  /**
   * The sources' notes that are warnings (an ssh config's StrictHostKeyChecking no, TLS checks
   * off), each once, in the order given: kept for the whole run, where a note in the header shows
   * only until its source's next report.
   */
  notes?: string[];
}

export interface ScanJob {
  /** Resolves when the scan ends or the signal aborts; never rejects (errors go in the snapshot). */
  done: Promise<void>;
  snapshot(): LiveSnapshot;
}

/** Starts a scan; called again (with a fresh signal) when the operator re-reads the sources. */
export type StartScan = (signal: AbortSignal) => ScanJob;

export interface GrantOptions {
  allowDangerous: boolean;
  forceNative: boolean;
}

/** One pair of a batch was answered, at `at` (the time the ledger records): the loop shows it at once. */
export type PairAnswered = (result: PairResult, at: number) => void;

export interface GrantPort {
  clusterUrl: string;
  sessionId: string;
  /** Who grants, for the header and the summary. */
  actingUid: string | null;
  /** `--dry-run`: grant shows the requests and changes nothing. */
  dryRun: boolean;
  /** `--gid`: batches are granted to this group instead of the account (null: to the account). */
  gid?: string | null;
  /** Pairs the uid holds already; throws when they cannot be read (the loop says so). */
  held(uid: string): Promise<GrantPair[]>;
  /**
   * `stop` (every change below takes one): once it aborts no further pair of the batch is sent; the
   * pair in flight settles, and the pairs not sent come back failed with NOT_SENT_STOPPED.
   * `onAnswer` (every change too): each pair's answer as it comes; the promise still brings them all.
   */
  grant(pairs: GrantPair[], opts: GrantOptions, stop?: AbortSignal, onAnswer?: PairAnswered): Promise<PairResult[]>;
  /** Revoke pairs this session granted (for `u`). */
  revoke(pairs: GrantPair[], stop?: AbortSignal, onAnswer?: PairAnswered): Promise<PairResult[]>;
  /** What the account holds, directly and through each group (the unused list); throws when it cannot be read. */
  holdings(uid: string): Promise<HeldGrant[]>;
  /** The cluster's nodes counted, as `audit2grant unused` asks (never throws); absent: the list says nothing of nodes not read. */
  nodes?(): Promise<NodeCount>;
  /** The unused list's batch: revoke held pairs of the account (never `--gid`: a group's grants are not the account's). */
  revokeHeld(pairs: GrantPair[], stop?: AbortSignal, onAnswer?: PairAnswered): Promise<PairResult[]>;
  /** Its undo: grant back what revokeHeld took, recorded as undoing this session's revokes. */
  regrant(pairs: GrantPair[], opts: GrantOptions, stop?: AbortSignal, onAnswer?: PairAnswered): Promise<PairResult[]>;
}

/** The account's allow lines in the loop's sources, read once (the usage scan of `audit2grant unused`). */
export interface UsageScan {
  uses: Use[];
  windows: HostWindow[];
  /** Per enforcing component, its records' spans (UsageCollector.componentSpans). */
  componentSpans?: Record<string, Span[]>;
  /** Why the read was not whole besides `errors` (core/usage/report.ts unreadParts). */
  incomplete?: string[];
  lostUid?: LostUse[];
  unreadableOfUid?: number;
  inexactAllows?: InexactRecords | null;
  untimed?: number;
  /** Nodes read whole that held no audit record (pipeline/usage.ts). */
  quietNodes?: string[];
  /** The loop's --since/--until: the window judged starts at since (core/usage/report.ts). */
  asked?: { since: number | null; until: number | null };
  stats: UnusedStats;
  errors: SourceError[];
}

/** Runs a usage scan of the loop's sources for `uid`; rejects only when it cannot run at all. */
export type StartUsage = (uid: string, signal: AbortSignal) => Promise<UsageScan>;

export type ExportKind = 'dcos' | 'curl' | 'json';
/** The grants this session applied, or the selected findings (not granted: read-only mode). */
export type ExportWhat = 'applied' | 'selected';

export interface ExportPort {
  /** Writes the pairs (with their findings: risk, mapping, explanation) in a file; returns the path written. */
  write(kind: ExportKind, pairs: GrantPair[], findings: Finding[], what?: ExportWhat): Promise<string>;
}
