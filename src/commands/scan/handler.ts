// `audit2grant scan`: flags → runScan → the chosen format on stdout, errors, warnings and progress
// on stderr (each once), and the exit code of README.md (0 ok, 1 a source failed, 2 usage, 3
// findings with --fail-on-findings; findings win over a failed source so CI sees them). With
// --fail-on-findings, a source that held no journal output also fails the run (1): CI never passes
// on input nobody could judge, nor on a mistyped --uid (docs/verdicts.md, "Exit codes").
// The renderers by file, not through core/render/index.js: terraform's (it hashes with node:crypto,
// ~7 ms to load) is imported only for --format terraform (start-up, docs/benchmarks.md).
import { jsonForTerminal, renderJsonParts, ndjsonFinding, ndjsonTail } from '../../core/render/json.js';
import { renderCurlLines, renderDcosLines } from '../../core/render/scripts.js';
import { renderTableLines, type TableOptions } from '../../core/render/table.js';
import { asciiText, safeText, sourceErrorText } from '../../core/text.js';
import type { Finding, ScanResult, ScanWarning } from '../../core/types.js';
import { liveSourceInput } from '../live-input.js';
import { checkStdinOnce, type ClusterArgs } from '../options/cluster.js';
import { gidOf } from '../options/group.js';
import { checkSourceWords, scanFilterOf, scanFormatOf, scanYearOf, type ScanArgs, type ScanFormat } from '../options/scan.js';
import type { SshArgs } from '../options/ssh.js';
import { EXIT, UsageError } from '../../errors.js';
import { createProgressLine, progressOnStderr } from '../../pipeline/progress-line.js';
import { runScan } from '../../pipeline/scan.js';
import { noVerdictReason } from '../../core/findings/verdict.js';
import { guarded, reportOnce } from '../stdio.js';

export interface ScanCommandArgs extends ScanArgs, SshArgs, ClusterArgs {
  sources?: string[];
  /** `--gid`: the dcos and curl scripts grant to this group instead of each finding's account. */
  gid?: string;
}

/** Where the command writes; the process streams by default (tests may pass others). */
export interface ScanIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Whether stdin is a terminal (`scan -` then says it waits for input). */
  stdin?: { isTTY?: boolean };
}

const defaultIo = (): ScanIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin });

/** Sources without journal output named on stderr: this many, then a count (a directory of many files is one source). */
const MAX_SOURCE_WARNINGS = 5;

/** Each warning once, on stderr: the sources without journal output capped, the others as they are. */
function warningLines(warnings: readonly ScanWarning[]): string[] {
  const noJournal = warnings.filter((w) => w.kind === 'no-journal-output');
  const lines = noJournal.slice(0, MAX_SOURCE_WARNINGS).map((w) => w.message);
  if (noJournal.length > MAX_SOURCE_WARNINGS) lines.push(`${noJournal.length - MAX_SOURCE_WARNINGS} more source(s) hold no journal output either`);
  // `interrupted` is said by the command's own line after the output.
  lines.push(...warnings.filter((w) => w.kind !== 'no-journal-output' && w.kind !== 'interrupted').map((w) => w.message));
  return lines.map((l) => `audit2grant: warning: ${safeText(l)}\n`);
}

/**
 * The chosen format as its lines (without their newlines) for the command to write in pieces: a
 * scan with thousands of findings makes megabytes of text, never held whole; json has its own pieces.
 */
async function outputLines(format: Exclude<ScanFormat, 'json'>, r: ScanResult, io: ScanIo, gid: string | undefined): Promise<Iterable<string>> {
  switch (format) {
    case 'dcos':
      return renderDcosLines(r, { gid });
    case 'curl':
      return renderCurlLines(r, { gid });
    case 'terraform':
      return (await import('../../core/render/terraform.js')).renderTerraformLines(r);
    case 'ndjson':
      return ndjsonTail(r); // the first sightings were streamed; the tail has every final state
    default:
      return renderTableLines(r, tableOptions(io));
  }
}

/** A terminal that says it acts on no escape sequence (TERM=dumb: Emacs shells, some CI logs): no colour, no progress line. */
const dumbTerminal = (io: ScanIo): boolean => io.env.TERM === 'dumb';
const tableOptions = (io: ScanIo): TableOptions => ({ color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR && !dumbTerminal(io), width: io.stdout.columns || 100 });

/** `--follow` where no source can be: it asked to wait for new lines, and the scan ended. */
const NOTHING_FOLLOWED =
  '--follow: none of these sources can be followed (plain files named or globbed, ssh:// and dcos:// sources are; files found in a directory, .gz, bundles, binary journals and stdin are read once): the scan ended with them';

/** A followed scan's new finding: its ids come from log text anyone may write, shown as the table shows them. */
const followRow = (f: Finding): string => `new: ${asciiText(f.uid)}  ${asciiText(f.rid)}  ${asciiText(f.action)}  (${f.kind}, ${f.risk})\n`;

export async function runScanCommand(a: ScanCommandArgs, signal: AbortSignal, io: ScanIo = defaultIo()): Promise<number> {
  // The flags checked before any source is resolved (--all-nodes and dcos:// reach the cluster).
  const filter = scanFilterOf(a, Date.now());
  const year = scanYearOf(a);
  const format = scanFormatOf(a);
  checkSourceWords((a.sources ?? []).map(String), 'scan');
  checkStdinOnce(a, (a.sources ?? []).map(String).includes('-') ? 'the SOURCE -' : null);
  // The SSH flags (the pipeline adds the time window), `--all-nodes` asked of the cluster API, and the dcos:// cluster.
  const live = await liveSourceInput(a, (a.sources ?? []).map(String), { since: null, until: null, follow: !!a.follow }, signal);
  const sources = live.sources;
  if (sources.length === 0) {
    throw new UsageError('scan needs at least one SOURCE', 'give a file, directory, glob, diagnostics bundle, `-` for stdin, ssh://host, or dcos://all');
  }
  const gid = gidOf(a, 'scan');
  if (gid !== undefined && format !== 'dcos' && format !== 'curl') {
    throw new UsageError(
      format === 'terraform' ? '--gid: the DC/OS Terraform provider has no group grant resource (dcos_security_org_user_grant is per account)' : `--gid changes only the grant scripts, not --format ${format}`,
      'use --format dcos or --format curl with --gid, or drop --gid',
    );
  }

  // A reader gone (`| head`) stops the output and keeps the exit code; a write that failed (a full
  // disk) is said after it and fails the run (stdio.ts).
  const out = guarded(io.stdout);
  // json to a terminal: characters a terminal would act on escaped (tables and scripts escape their own).
  const screen = io.stdout.isTTY && (format === 'json' || format === 'ndjson') ? jsonForTerminal : (s: string) => s;
  const write = (s: string) => {
    if (!out.gone) out.write(screen(s));
  };
  const progress = io.stderr.isTTY && !dumbTerminal(io) ? createProgressLine(io.stderr) : null;
  if (sources.includes('-') && io.stdin?.isTTY) {
    io.stderr.write('audit2grant: reading stdin from the terminal: paste journalctl output, then Ctrl-D to end (or Ctrl-C)\n');
  }
  const streamFindings = format === 'ndjson' || (a.follow && format === 'table');
  let followed = false;
  // A read that may never end (--follow, stdin: `journalctl -f | audit2grant scan -`) ends when its
  // output can no longer be written (`| head -1` took what it wanted, a full disk): nothing it finds
  // could reach anyone. A read that ends goes on, for its exit code (README: a reader leaving early only ends the output).
  const outputGone = new AbortController();
  if (a.follow || sources.includes('-')) void out.whenGone().then(() => outputGone.abort());
  const reading = AbortSignal.any([signal, outputGone.signal]);

  const result = await runScan({
    sources,
    filter,
    year,
    signal: reading,
    follow: Boolean(a.follow),
    onLive: () => void (followed = true),
    ssh: live.ssh,
    dcos: live.dcos,
    onProgress: progressOnStderr((s) => io.stderr.write(s), progress),
    onCounts: progress ? (c) => progress.counts(c) : undefined,
    onError: (e) => {
      progress?.clear();
      io.stderr.write(`audit2grant: ${sourceErrorText(e)}\n`);
    },
    onFinding: streamFindings
      ? (u) => {
          if (!u.isNew) return;
          progress?.clear();
          write(format === 'ndjson' ? `${ndjsonFinding(u.finding)}\n` : followRow(u.finding));
        }
      : undefined,
    // A followed scan may run for hours before its final warnings: the findings bound is said when
    // reached (the others, of sources, at the end as before).
    onWarning: a.follow
      ? (w) => {
          if (w.kind !== 'findings-not-kept') return;
          progress?.clear();
          io.stderr.write(`audit2grant: warning: ${safeText(w.message)}\n`);
        }
      : undefined,
  });
  progress?.clear();
  for (const line of warningLines(result.warnings ?? [])) io.stderr.write(line);
  if (a.follow && !followed && !signal.aborted) io.stderr.write(`audit2grant: ${NOTHING_FOLLOWED}\n`);
  // In pieces of ~64 KB, each once the stream can take it: thousands of findings make megabytes of
  // text, never held whole (a pipe would queue them all: stdio.ts drained).
  const inPieces = async (parts: Iterable<string>, end = ''): Promise<void> => {
    let piece = '';
    for (const part of parts) {
      piece += part + end;
      if (piece.length >= 65536) {
        write(piece);
        piece = '';
        await out.drained();
      }
    }
    write(piece);
  };
  if (format === 'json') await inPieces(renderJsonParts(result));
  else await inPieces(await outputLines(format, result, io, gid), '\n');
  if (signal.aborted && !a.follow) io.stderr.write('audit2grant: interrupted: the results above are partial\n');
  await out.settled();
  if (out.failure) reportOnce(out.failure, (s) => io.stderr.write(s));

  if (a.failOnFindings && result.findings.length > 0) return EXIT.findings;
  if (result.errors.length > 0 || (signal.aborted && !a.follow) || out.failure) return EXIT.failed;
  // CI must not pass on input it could not judge (a source without journal output, audit lines
  // all malformed or all outside the window, an unreadable file, hidden messages), nor on a --uid
  // that was mistyped: what was asked was not checked. Said, as the exit code alone does not say it.
  const noVerdict = a.failOnFindings ? noVerdictReason(result) : null;
  if (noVerdict !== null) {
    io.stderr.write(`audit2grant: --fail-on-findings: no verdict on what was asked: ${safeText(noVerdict)}; exit ${EXIT.failed}\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}
