// When is "no permission denials found" a verdict? Only when journal output with audit lines was
// read. This turns what the scan saw into warnings (one line each, naming the source and what was
// expected) and into the one headline the table prints when there is no finding.
import type { FindingsNotKept, ScanResult, ScanWarning, SourceError } from '../types.js';
import { asciiText } from '../text.js';
import { inexactWarning } from './inexact.js';
import { allUnverified, mixedForms, nullMessages } from './unchecked.js';
import { mistypedUids, principals, uidNotSeen } from './uid-not-seen.js';
import { yearNotUsed } from './year-unused.js';

/** What one source, as the user named it, held. */
export interface SourceCoverage {
  source: string;
  /** Streams read from it (files of a directory or glob, entries of a bundle). */
  streams: number;
  bytes: number;
  /** At least one line was journal output of a known form (or a verified audit line, or a journal entry). */
  journal: boolean;
  auditLines: number;
  /** Audit-looking lines no known writer was shown to have written (not among auditLines). */
  unverifiedLines?: number;
  /** Of those, json or export entries after the stream's text (unchecked.ts): unchecked. */
  otherFormLines?: number;
  /** The first files (streams) holding them, up to 4 (3 are named): a directory or glob names no file to split. */
  otherFormFiles?: string[];
  /** json entries printed with `"MESSAGE":null` (journalctl -o json without --all: over 4096 bytes). */
  nullMessages?: number;
  /** Every stream of it that held no journal output began with binary or encoded data (UTF-32, .xz, …). */
  binary?: boolean;
}

export const EXPECTED_INPUT =
  "expected journalctl output (e.g. journalctl -u 'dcos-*' -o json --all, or -o short-iso --all), a diagnostics bundle or a binary .journal";
export const AUDIT_HINT =
  "audit lines come from the dcos-* units (dcos-adminrouter, dcos-mesos-master, dcos-mesos-slave, dcos-marathon, …) on masters and agents: read journalctl -u 'dcos-*' there";

const STDIN = 'stdin';

/**
 * Where audit lines would be, for the sources `read` (none held one). dcos:// sources (one per node)
 * already asked each node for the dcos-* units' entries: "read journalctl there" would send the user
 * to what was read, so only what was asked is said. `window`: the nodes were asked for it only.
 */
function auditHint(read: readonly string[], window: string | null): string {
  const widen = window ? `; or widen ${window}` : '';
  if (read.length === 0 || !read.every((s) => /^dcos:\/\//i.test(s))) return AUDIT_HINT + widen;
  const nodes = read.slice(0, 3).join(', ') + (read.length > 3 ? `, … ${read.length - 3} more` : '');
  return `the logging API was asked for the entries of the audit-writing dcos-* units (docs/logging-api.md) of ${read.length === 1 ? 'the node' : `the ${read.length} nodes`} read (${nodes}), and they hold none${window ? ` in ${window}${widen}` : ''}`;
}

/** What a file of binary or encoded data is told (named in a directory, or by itself). */
const UNREADABLE_TEXT =
  'holds binary, encoded or compressed data of no known form (UTF-32, .xz, …): it was not checked; convert it to UTF-8 journalctl output (or decompress it) and scan it again';

function noJournal(c: SourceCoverage): ScanWarning {
  if (c.bytes > 0 && c.binary) return { kind: 'no-journal-output', source: c.source, message: `${c.source} ${UNREADABLE_TEXT}` };
  const what =
    c.bytes === 0
      ? `${c.source} is empty${c.source === STDIN ? ' (did the command before the pipe fail?)' : ''}`
      : `${c.source} holds no journal output of any known form`;
  return { kind: 'no-journal-output', source: c.source, message: `${what}: nothing was checked; ${EXPECTED_INPUT}` };
}

/** A count that may be a lower bound: "more than N" then. */
export const atLeast = (n: number, more: boolean): string => `${more ? 'more than ' : ''}${n}`;

/** The one line that says the findings are partial (the warning; the table's note; the scripts' comment). */
export function notKeptText(n: FindingsNotKept): string {
  const top = n.top.map((p) => `${p.uid} (${p.denials})`).join(', ');
  const more = n.principals > n.top.length || n.principalsAtLeast ? ', …' : '';
  return (
    `${atLeast(n.findings, n.findingsAtLeast)} distinct finding(s) (${n.denials} denial(s) of ${atLeast(n.principals, n.principalsAtLeast)} principal(s)` +
    `${top ? `: ${top}${more}` : ''}) were counted but not kept, past the memory bound on findings without --uid: the findings are partial, ` +
    'not every permission denied; narrow the scan with --uid UID (its findings are always kept) or --since/--until'
  );
}

/** Said the moment the first finding is not kept (a followed scan, the loop); the end's warning has the counts. */
export const NOT_KEPT_NOW: ScanWarning = {
  kind: 'findings-not-kept',
  source: null,
  message: 'distinct findings past the memory bound are no longer kept (without --uid): from now on the findings are partial; narrow with --uid UID or --since',
};

/** What else the pipeline saw that bears on the verdict. */
export interface ScanSeen {
  /** Files of binary or encoded data in sources that otherwise held journal output. */
  unreadable?: readonly { source: string; file: string }[];
  /** `[N blob data]` placeholders (journalctl without --all). */
  blobs?: number;
  /** With --since/--until: audit events that carried a time, and those of them inside the window. */
  window?: { text: string; timed: number; inside: number } | null;
  /** With --year: whether a stream read had a `short` line among its first lines (scanner shortFrom). */
  year?: { year: number; applied: boolean } | null;
}

/**
 * The kinds that make "No permission denials found." no verdict and fail a `--fail-on-findings`
 * run (exit 1) when there is no finding: input not judged, or read only in part (the sources'
 * IncompleteKind warnings). `no-audit-lines` and `uid-not-seen` are not among them: both are
 * possible on a healthy cluster (but a `uid-not-seen` with a close name fails it: noVerdictReason).
 */
export const NO_VERDICT_KINDS: ReadonlySet<ScanWarning['kind']> = new Set([
  'no-journal-output',
  'untrusted-audit-lines',
  'outside-window',
  'unreadable-file',
  'interrupted',
  'blob-data',
  'null-messages',
  'unverified-audit-lines',
  'long-lines-cut',
  'gzip-trailing-bytes',
  'truncated-while-read',
  'damaged-export',
  'not-searched',
  'malformed-utf16',
  'nul-bytes',
  'findings-not-kept',
  'inexact-denials',
  'mixed-forms',
]);

/**
 * Why a `--fail-on-findings` run without a finding has no verdict on what it was asked, so exits 1
 * (docs/verdicts.md, "Exit codes"), or null: a warning of NO_VERDICT_KINDS, or a --uid never seen
 * whose name is close to a principal that was (mistyped: nothing of what was asked was checked).
 */
export function noVerdictReason(result: Pick<ScanResult, 'warnings' | 'uidCoverage'> & { stats: Pick<ScanResult['stats'], 'allowLines'> }): string | null {
  if ((result.warnings ?? []).some((w) => NO_VERDICT_KINDS.has(w.kind))) return 'the input was not judged whole (see the warnings)';
  const typos = result.uidCoverage ? mistypedUids(result.uidCoverage, result.stats.allowLines) : [];
  if (typos.length === 0) return null;
  // The close names come from the log: escaped, as the warning shows them.
  return typos.map((t) => `--uid ${asciiText(t.uid)} was never seen, but ${asciiText(t.close)} was (did you mean --uid ${asciiText(t.close)}?)`).join('; ');
}

/** A stream with lines past the scanner's cap (MAX_LINE_BYTES, 1 MiB): each was cut there, its rest not scanned. */
export function cutLinesWarning(file: string, lines: number): ScanWarning {
  return {
    kind: 'long-lines-cut',
    source: file,
    message:
      `${file}: ${lines} line(s) longer than 1 MiB were cut at 1 MiB (e.g. a json entry with a very large field): what lay past the cut was not checked; ` +
      "save the journal as one line per message (journalctl -u 'dcos-*' -o short-iso) and scan it again",
  };
}

/**
 * A text stream with a NUL byte at `at` (the scanner's nulAt): no text log holds one, so from there
 * it is UTF-16 or binary data, read as text (PowerShell 5.1's `>>` appends UTF-16LE to a UTF-8 file).
 */
export function nulBytesText(file: string, at: number, fileBytes = true): string {
  const head = `${file} holds NUL bytes from byte ${at}${fileBytes ? '' : ' of the text it was decoded or decompressed to'} (UTF-16 or binary data appended to the log?): that part was not checked as written; convert it to UTF-8 and scan it again`;
  // In UTF-16LE text the first NUL is its first character's high byte: tail's 1-based +N starts at
  // that character. Only where N counts the file's own bytes (not a gzip's, a UTF-16 log's UTF-8, a pipe's).
  return fileBytes ? `${head} (UTF-16LE appended by PowerShell 5.1's >>: tail -c +${at} FILE | iconv -f UTF-16LE -t UTF-8)` : head;
}

export const INTERRUPTED: ScanWarning = {
  kind: 'interrupted',
  source: null,
  message: 'the scan was interrupted before its end: what was not read is unknown, not absent; the results are partial',
};

/** The warnings of a finished scan, from what each source held and what the aggregator counted. */
export function scanWarnings(
  coverage: readonly SourceCoverage[],
  result: Pick<ScanResult, 'stats' | 'uidCoverage' | 'findingsNotKept' | 'unverifiedExamples' | 'inexactDenials'> & { errors?: readonly SourceError[] },
  seen: ScanSeen = {},
): ScanWarning[] {
  const out: ScanWarning[] = coverage.filter((c) => c.streams > 0 && !c.journal).map(noJournal);
  // Journal output whose audit-looking lines are all unverified is no log of a known writer: the
  // allows counted from bytes never count before a verified record (scanner/chunks.ts), so none hide it.
  const unverified = coverage.filter((c) => c.journal && c.auditLines === 0 && (c.unverifiedLines ?? 0) > 0);
  // The reason of an example from that source (a file named, or one of its directory).
  const whyOf = (c: SourceCoverage): string | undefined => result.unverifiedExamples?.find((e) => e.source === c.source || e.source.startsWith(`${c.source}/`))?.why;
  out.push(...unverified.map((c) => allUnverified(c, whyOf(c))));
  out.push(...coverage.filter((c) => (c.otherFormLines ?? 0) > 0).map(mixedForms));
  const nulls = coverage.filter((c) => (c.nullMessages ?? 0) > 0);
  out.push(...nulls.map(nullMessages));
  if (result.findingsNotKept) out.push({ kind: 'findings-not-kept', source: null, message: notKeptText(result.findingsNotKept) });
  if (result.inexactDenials) out.push(inexactWarning(result.inexactDenials));
  for (const u of seen.unreadable ?? []) {
    out.push({
      kind: 'unreadable-file',
      source: u.file,
      message: `${u.file}${u.file === u.source ? '' : ` (in ${u.source})`} holds binary, encoded or compressed data of no known form (UTF-32, .xz, …): it was not checked; convert it to UTF-8 journalctl output (or decompress it) and scan it again`,
    });
  }
  const journal = coverage.some((c) => c.journal && !unverified.includes(c));
  const s = result.stats;
  // Messages left out as null may have been audit lines: "holds no audit line" would not be known.
  if (journal && s.auditLines === 0 && nulls.length === 0) {
    // ssh:// and dcos:// nodes are asked for --since/--until only: their silence is of that window (a file's is not).
    const read = coverage.filter((c) => c.streams > 0).map((c) => c.source);
    const window = read.length > 0 && read.every((s) => /^(dcos|ssh):\/\//i.test(s)) ? seen.window?.text || null : null;
    out.push({ kind: 'no-audit-lines', source: null, message: `the journal output read holds no audit line (type=audit)${window ? ` in ${window}` : ''}: nothing to find; ${auditHint(read, window)}` });
  }
  // "Mostly malformed": audit lines were read, but not one allow or deny could be counted from them.
  if (s.malformedLines > 0 && s.allowLines + s.denyLines === 0) {
    const unverified = s.unverifiedLines ? ` (and ${s.unverifiedLines} unverified audit-looking line(s))` : '';
    // A source that ended partway cuts its last line: the likelier cause, named first.
    const cut = midwayOf(result.errors ?? []);
    const why = cut.length > 0 ? `cut where ${cut.slice(0, 3).join(', ')}${cut.length > 3 ? ', …' : ''} ended partway (see the error), at a 2048-byte logger limit,` : 'cut (e.g. at a 2048-byte logger limit)';
    out.push({
      kind: 'untrusted-audit-lines',
      source: null,
      message: `every audit line read (${s.malformedLines}) was malformed${unverified}: ${why} or not of its writer's form; not one allow or deny could be counted, so no denial could be seen`,
    });
  }
  const w = seen.window;
  if (w && w.timed > 0 && w.inside === 0) {
    out.push({
      kind: 'outside-window',
      source: null,
      message: `all ${w.timed} timed audit line(s) read${result.uidCoverage ? ' (with --uid, the lines of other principals are counted without their time)' : ''} fall outside ${w.text}: nothing in the window was checked; widen the window, or check the log's times (and its time zone)`,
    });
  }
  if (seen.blobs) {
    out.push({
      kind: 'blob-data',
      source: null,
      message: `journal messages were printed as [N blob data] (journalctl without --all; ${seen.blobs} in the first MiB of the streams read): they were not checked; save with journalctl --all (-o short-iso or -o json)`,
    });
  }
  if (result.uidCoverage) out.push(...uidNotSeen(result.uidCoverage, s.allowLines));
  if (seen.year && !seen.year.applied && coverage.some((c) => c.journal)) out.push(yearNotUsed(seen.year.year));
  return out;
}

/** The sources that failed partway through (their last line read may be cut). */
const midwayOf = (errors: readonly SourceError[]): string[] => errors.filter((e) => e.midway).map((e) => e.source);

/** Where the headline sends the reader for the details: stderr for the CLI, the lines around the loop's list. */
export interface HeadlineRefs {
  warnings: string;
  errors: string;
}

const ON_STDERR: HeadlineRefs = { warnings: 'on stderr', errors: 'on stderr' };

/**
 * What the table says when there is no finding: "No permission denials found." only when journal
 * output with audit lines was read; otherwise why there is no verdict.
 */
export function emptyHeadline(result: Pick<ScanResult, 'stats' | 'errors' | 'warnings' | 'uidCoverage'>, see: HeadlineRefs = ON_STDERR): string {
  const ref = see.warnings;
  const warnings = result.warnings ?? [];
  const has = (k: ScanWarning['kind']) => warnings.some((w) => w.kind === k);
  if (has('interrupted')) return 'No verdict: the scan was interrupted; the results are partial.';
  if (has('findings-not-kept')) return `No verdict: findings past the memory bound were not kept; the results are partial (see the warning ${ref}).`;
  if (result.stats.sources === 0) {
    return result.errors.length > 0 ? `No verdict: no source could be read (see the errors ${see.errors}).` : 'No verdict: no source was read.';
  }
  const notJournal = warnings.filter((w) => w.kind === 'no-journal-output').length;
  if (notJournal > 0 && !has('no-audit-lines') && result.stats.auditLines === 0) {
    return `No verdict: no journal output was read (see the warning ${ref}).`;
  }
  if (has('no-audit-lines')) return `No verdict: the journal output holds no audit lines (see the warning ${ref}).`;
  if (has('untrusted-audit-lines')) {
    const cut = midwayOf(result.errors).length;
    if (cut > 0) return `No verdict: ${cut === 1 ? 'a source' : `${cut} sources`} ended partway (see the errors ${see.errors}), and every audit line read was malformed, likely cut there.`;
    return `No verdict: every audit line read was malformed (see the warning ${ref}).`;
  }
  if (has('unverified-audit-lines')) return `No verdict: every audit-looking line read was unverified, its writer unknown (see the warning ${ref}).`;
  if (has('mixed-forms')) return `No verdict: some audit lines were journal output of another form after a file's text, not checked (see the warning ${ref}).`;
  if (has('inexact-denials')) return `No verdict: some denials could not be named exactly, a byte in them not valid UTF-8 (see the warning ${ref}).`;
  if (has('outside-window')) return `No verdict: every audit line read falls outside --since/--until (see the warning ${ref}).`;
  if (has('unreadable-file')) return `No verdict: some files could not be read as a log (see the warnings ${ref}).`;
  if (has('gzip-trailing-bytes') || has('truncated-while-read') || has('damaged-export') || has('not-searched') || has('malformed-utf16') || has('nul-bytes')) return `No verdict: some input was read only in part (see the warnings ${ref}).`;
  if (has('blob-data')) return `No verdict: journal messages were hidden as [blob data] (see the warning ${ref}).`;
  if (has('null-messages')) return `No verdict: journal messages were left out as "MESSAGE":null (see the warning ${ref}).`;
  if (has('long-lines-cut')) return `No verdict: some lines were cut at the 1 MiB line limit (see the warning ${ref}).`;
  if (notJournal > 0) return `No verdict: some sources held no journal output (see the warnings ${ref}).`;
  // A source that failed (a node not read, a file gone) may hold the denials the others lack.
  if (result.errors.length > 0) return `No verdict: some sources could not be read (see the errors ${see.errors}).`;
  const cov = result.uidCoverage;
  // The --uid values neither denied nor among the allows' principals read (uid-not-seen.ts).
  const missing = has('uid-not-seen') && cov ? cov.wanted.filter((u) => !cov.denied.includes(u) && !cov.allowed.includes(u)) : [];
  if (cov && missing.length === cov.wanted.length) {
    // A --uid close to a name that was seen is likely mistyped: nothing asked was checked (exit 1 under --fail-on-findings).
    const typos = mistypedUids(cov, result.stats.allowLines);
    if (typos.length > 0) return `No verdict: ${typos.map((t) => `--uid ${asciiText(t.uid)} may be mistyped (did you mean --uid ${asciiText(t.close)}?)`).join('; ')}; see the warning ${ref}.`;
    // "Not seen" only when every allow's principal was read (uid-not-seen.ts); else what was read says less.
    if (cov.otherDenials === 0 && cov.allowsRead >= result.stats.allowLines) return `No permission denials found: --uid ${missing.join(', ')} was not seen in the log (see the warning ${ref}).`;
    if (cov.otherDenials === 0) return `No permission denials found for --uid ${missing.join(', ')}, not among the principals of the first allows read (see the warning ${ref}).`;
    return `No permission denials found for --uid ${missing.join(', ')}; other principals were denied: ${principals(cov.others, 3)}.`;
  }
  return 'No permission denials found.';
}
