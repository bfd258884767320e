// Shared data shapes of the pipeline: source bytes → lines → journal entries → audit events → findings → grants,
// all plain data, so the headless scan, the TUI and the tests share one model.

/** How a line (or block) was printed; detected per line because saved files may mix forms. */
export type EnvelopeKind =
  | 'short'
  | 'short-precise'
  | 'short-iso'
  | 'short-iso-precise'
  | 'short-full'
  | 'short-unix'
  | 'with-unit'
  | 'cat'
  | 'json'
  | 'export'
  | 'dcos-node-log'
  | 'bundle'
  | 'bundle-legacy';

/** One journal record as far as the envelope tells it. Built only for candidate lines. */
export interface JournalEntry {
  envelope: EnvelopeKind;
  /** Milliseconds since the epoch (UTC), or null when the envelope has no usable time. */
  time: number | null;
  host: string | null;
  /** SYSLOG_IDENTIFIER, else _COMM (e.g. `nginx`, `mesos-master`, `marathon.sh`). */
  ident: string | null;
  /** systemd unit when the envelope names it (json, export, with-unit, bundle entry name). */
  unit: string | null;
  pid: number | null;
  /** The component's message, continuation lines joined with `\n`. */
  message: string;
  /** journald cursor when the envelope has one (json, export). The ssh reader resumes from cursors it finds in the raw bytes, not from this. */
  cursor: string | null;
  /** The line as read, envelope included (set by parseLine; absent for export records): the example shown to users. */
  raw?: string;
  /** json and export: journald's `_LINE_BREAK` (`line-max`, `nul`, `eof`, …), set when the line did not end with a newline. */
  lineBreak?: string;
  /**
   * json forms: why the writer fields (`_SYSTEMD_UNIT`, `SYSLOG_IDENTIFIER`, …) are not journald's
   * own (set by parseLine from StreamMeta.jsonForm): no record in it is verified.
   */
  untrusted?: string;
}

/** The forms that print each journal entry as one json object on a line. */
export type JsonForm = 'json' | 'json-seq' | 'json-sse';

/** How a stream's bytes divide into entries: text lines of any envelope, or `journalctl -o export` blocks. */
export type Framing = 'lines' | 'export';

/** Context a stream gives every entry it yields (bundles: host from the folder, component from the unit). */
export interface StreamMeta {
  /** What the user named, for errors and stats (`logs/a.log`, `bundle.zip!10.0.0.1_master/dcos-mesos-master.service`, `ssh://m1`). */
  label: string;
  host: string | null;
  unit: string | null;
  /** Forced envelope when the container says it (bundle entries); null = detect per line. */
  envelope: EnvelopeKind | null;
  /**
   * `--year`, for `short` lines, which have none: the year of the stream's first `short` line; a
   * line dated before that one is in the next year (journal/short-year.ts). null: by `writtenAt`.
   */
  year: number | null;
  /**
   * When the stream's text was last written (a file's mtime, ms), which no `short` line comes after;
   * absent or null: the time it is read (stdin, pipes, followed files, ssh, dcos).
   */
  writtenAt?: number | null;
  /**
   * With `year`: the time of the stream's first `short` line, in that year (set by the line scanner
   * from the stream's first lines, else by the first `short` line parsed: journal/short-year.ts).
   */
  shortFrom?: number;
  /**
   * Which json lines name their writer: the json form of the stream's first line, until a line of
   * another form comes; null then, or when the stream did not start with json, as a json line
   * there may be text a task or client printed, `_SYSTEMD_UNIT` of its choice included. Set by the
   * line scanner (scanner/json-form.ts); absent (a line read alone, no stream): as its form.
   */
  jsonForm?: JsonForm | null;
}

// The audit events (Decision, Malformed, Unverified, Counted, DenyRead, Notice, …) have their own file,
// as do the grant side's pairs and their results.
import type { AuthCause, Decision, InexactDenials, Malformed, Unverified } from './events.js';
export * from './events.js';
export * from './pairs.js';

export type FindingKind = 'permission' | 'derived' | 'non-rid';
export type Risk = 'normal' | 'sensitive' | 'dangerous' | 'unknown';

/** One per distinct (uid, rid, action). The JSON form is README.md's `scan --format json` v1. */
export interface Finding {
  uid: string;
  rid: string;
  action: string;
  kind: FindingKind;
  count: number;
  firstSeen: number | null;
  lastSeen: number | null;
  hosts: string[];
  components: string[];
  risk: Risk;
  /** The catalog pattern that matched, or null. */
  catalog: string | null;
  /** One line explaining the permission (from the catalog), or a hint when unknown. */
  explanation: string;
  /** Problems worth a look: an action the pattern does not honour, a mapped action, ... */
  warnings: string[];
  /** For derived findings: what Marathon/Metronome actually logged. */
  derived: { rawAction: string; path: string } | null;
  example: string;
}

export interface AuthFailure {
  cause: AuthCause;
  object: string;
  count: number;
  firstSeen: number | null;
  lastSeen: number | null;
  hosts: string[];
}

/**
 * Authentication failures of one cause on objects beyond the listed rows (a bound on memory: anyone
 * can send unauthenticated requests for distinct paths). `count` sums their denials exactly;
 * `objects` counts the distinct objects not listed, exactly up to a bound, then `objectsAtLeast`.
 */
export interface AuthFailuresNotListed {
  cause: AuthCause;
  objects: number;
  objectsAtLeast: boolean;
  count: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

/**
 * Denials of findings the aggregator did not keep (without `--uid`, past its memory bound: anyone
 * who can send requests can make distinct denials). `denials` is exact; `findings` counts the
 * distinct (uid, rid, action) not kept exactly up to a bound, then `findingsAtLeast`; `principals`
 * likewise. `top`: the principals with the most denials not kept, most first (a few).
 */
export interface FindingsNotKept {
  findings: number;
  findingsAtLeast: boolean;
  denials: number;
  principals: number;
  principalsAtLeast: boolean;
  top: { uid: string; denials: number }[];
  firstSeen: number | null;
  lastSeen: number | null;
}

export interface ScanStats {
  sources: number;
  bytes: number;
  lines: number;
  auditLines: number;
  allowLines: number;
  denyLines: number;
  malformedLines: number;
  elapsedMs: number;
  /** Denials whose line was cut before the uid: neither a finding nor an authentication failure. */
  unknownUidLines?: number;
  /** Denials left out by the --uid/--since/--until filters. */
  filteredLines?: number;
  /** Lines with audit-looking text that no component's audit logger wrote (not in auditLines; never findings). */
  unverifiedLines?: number;
}

export interface SourceError {
  source: string;
  message: string;
  /** Something was skipped on purpose (a link out of a tree, an unsafe bundle entry): the rest was read, so
   *  it is a warning, not a failed source (exit 0). */
  skipped?: true;
  /** The source was read only in part, all of that part scanned (see IncompleteKind): a warning of that kind, not a failed source. */
  incomplete?: IncompleteKind;
  /** It failed partway through its bytes (a truncated gzip, a read error, a dropped connection): what came
   *  before was scanned, and its last line read may be cut there (a "malformed" line's likely cause). */
  midway?: true;
}

/**
 * Input read only in part, every byte read scanned. `gzip-trailing-bytes`: bytes after the end of
 * a gzip file's gzip data that are not gzip (gzip -d ignores them too); `truncated-while-read`: a
 * file ended before the size it had when opened (truncated or rewritten while read, e.g. log
 * rotation with copytruncate); `damaged-export`: journal export data that could not be framed (cut
 * inside a field, an impossible field length, export lines amid text), so what that part held was
 * not checked; `not-searched`: a diagnostics bundle's entries, not unit logs, left unsearched because
 * reading them would pass the bundle's expansion limit; `malformed-utf16`: a UTF-16 file with lone
 * surrogates or an odd length, decoded with those places replaced (U+FFFD) or dropped; `nul-bytes`: a
 * text stream holding NUL bytes (UTF-16 or binary data appended to a log), read as text from there.
 */
export type IncompleteKind = 'gzip-trailing-bytes' | 'truncated-while-read' | 'damaged-export' | 'not-searched' | 'malformed-utf16' | 'nul-bytes';

/** What a whole scan produces; the json renderer prints exactly this shape (times as ISO strings). */
export interface ScanResult {
  findings: Finding[];
  authFailures: AuthFailure[];
  /** Per cause, the authentication failures on objects beyond the listed rows (absent when none; json: additive). */
  authFailuresNotListed?: AuthFailuresNotListed[];
  /** Without `--uid`: the findings past the memory bound, not kept (absent when none; json: additive). */
  findingsNotKept?: FindingsNotKept;
  stats: ScanStats;
  errors: SourceError[];
  /** A few malformed audit lines, for the user to look at (not part of json v1). */
  malformedExamples: Malformed[];
  inexactDenials?: InexactDenials;
  /** A few denials whose uid was cut off (nginx 2048-byte limit), for the user to look at. */
  unknownUidExamples?: Decision[];
  /** A few unverified audit-looking lines, for the user to look at. */
  unverifiedExamples?: Unverified[];
  /** With `--uid`: which wanted principals were denied, and which others (a typo shows here). */
  uidCoverage?: UidCoverage;
  /** What the scan could not judge (set by the pipeline; json: `warnings`). */
  warnings?: ScanWarning[];
}

export interface UidCoverage {
  /** The `--uid` values. */
  wanted: string[];
  /** Those with at least one denial (whatever the time window). */
  denied: string[];
  /** The most denied other principals, most first (a few). */
  others: { uid: string; count: number }[];
  /** Denials of principals not wanted, in all. */
  otherDenials: number;
  /** The `--uid` values seen in the allows whose principal was read (a sample of them: scanner/allow-sample.ts). */
  allowed: string[];
  /** The principals of those allows, not wanted, most first (a few). */
  allowedOthers: { uid: string; count: number }[];
  /** The allows whose principal was read. */
  allowsRead: number;
}

/**
 * A reason the scan's silence is not a verdict. `no-journal-output`: a source (as the user named
 * it) held no journal output of any known form; `no-audit-lines`: the journal output held no audit
 * line at all; `uid-not-seen`: a `--uid` was never denied while other principals were;
 * `untrusted-audit-lines`: audit lines were read but every one was malformed (no allow or deny
 * counted); `outside-window`: every audit line fell outside `--since`/`--until`; `unreadable-file`:
 * one file of a source that was read held binary, encoded or compressed data of no known form;
 * `interrupted`: the scan was stopped (SIGINT/SIGTERM) before its end; `blob-data`: journalctl
 * printed `[N blob data]` instead of messages (no `--all`); `null-messages`: `-o json` without
 * `--all` printed `"MESSAGE":null` for long messages; `unverified-audit-lines`: a source's journal
 * output held audit-looking lines, none of them verified; `long-lines-cut`: lines past the 1 MiB
 * line cap were cut (what lay past it unread); the IncompleteKind ones: a source read only in part;
 * `findings-not-kept`: without `--uid`, distinct findings past the memory bound were counted, not
 * kept: the findings are partial; `inexact-denials`: denials no finding could name;
 * `year-not-used`: `--year` met no `short` line; `mixed-forms`: audit-looking json or export entries
 * after a stream's text, read as text and unchecked (findings/unchecked.ts). See docs/verdicts.md.
 */
export interface ScanWarning {
  kind:
    | 'no-journal-output'
    | 'no-audit-lines'
    | 'uid-not-seen'
    | 'skipped'
    | 'untrusted-audit-lines'
    | 'outside-window'
    | 'unreadable-file'
    | 'interrupted'
    | 'blob-data'
    | 'null-messages'
    | 'unverified-audit-lines'
    | 'long-lines-cut'
    | 'inexact-denials'
    | 'findings-not-kept'
    | 'year-not-used'
    | 'mixed-forms'
    | IncompleteKind;
  /** The source as the user named it, or null for the whole scan. */
  source: string | null;
  message: string;
}

/** Filters applied while reducing. */
export interface ScanFilter {
  /** Empty = every principal. */
  uids: string[];
  since: number | null;
  until: number | null;
}

/** Raw lines kept as examples are capped so memory stays flat. */
export const MAX_EXAMPLE_BYTES = 4096;
/** Longest line the scanner assembles; longer lines are cut and counted (never buffered unboundedly). */
export const MAX_LINE_BYTES = 1 << 20;

// A source's live state lives beside the other progress types; named here as every reader imports it.
export type { SourceProgress, SourceState } from './source-progress.js';
