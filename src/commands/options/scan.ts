// Scan flags, shared by `scan` and the default interactive command: one builder, one reader.
import type { Argv } from 'yargs';
import { parseTimeArg } from '../../core/scanner/time.js';
import type { ScanFilter } from '../../core/types.js';
import { UsageError } from '../../errors.js';
import { redactUrls } from '../../core/redact.js';
import { asciiText } from '../../core/text.js';
import { outputFormatOf } from './output.js';
import { checkedUids } from './uid.js';
import { COMMAND_WORDS } from '../usage.js';

export const SCAN_FORMATS = ['table', 'json', 'ndjson', 'dcos', 'curl', 'terraform'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

export interface ScanArgs {
  uid?: string[];
  since?: string;
  until?: string;
  /** A string from the command line (read by scanYearOf: a number type would turn `abc` into NaN before it could be named). */
  year?: string | number;
  /** Unset: table (outputFormatOf). */
  format?: ScanFormat;
  json?: boolean;
  follow?: boolean;
  failOnFindings?: boolean;
}

const TIME_HINT =
  "what journalctl --since takes: '2026-03-01 10:00:00' (local time; add Z or +00:00 for UTC, or a zone: '2026-03-01 10:00 Europe/Berlin'), 2026-03-01T10:00:00Z, -1h, +30m, '1 hour ago', yesterday, today, now, @1772359200; or 30m, 2h, 1d back from now";
/** `--year`'s help, for scan and unused alike. */
export const YEAR_HELP =
  "year of the first `short` line (they have none); a line dated before the first is in the next year (Dec -> Jan). Default: each line's latest date not after the file was written (its mtime; stdin, ssh: read time)";
const TIME_HELP = "(as journalctl: '2026-03-01 10:00:00' in local time, …Z for UTC, -1h, '1 hour ago', yesterday, today, @EPOCH; or 30m, 2h, 1d)";

export function withScanOptions<T>(y: Argv<T>): Argv<T & ScanArgs> {
  return y
    // nargs 1: repeatable, never greedy (`--uid svc journal.log` reads journal.log, as in every other tool).
    .option('uid', { type: 'string', array: true, nargs: 1, requiresArg: true, describe: 'service account or user to report (repeatable; none = every principal)', group: 'Scan options:' })
    .option('since', { type: 'string', requiresArg: true, describe: `only lines at or after this time ${TIME_HELP}`, group: 'Scan options:' })
    .option('until', { type: 'string', requiresArg: true, describe: `only lines at or before this time ${TIME_HELP}`, group: 'Scan options:' })
    .option('year', { type: 'string', requiresArg: true, describe: YEAR_HELP, group: 'Scan options:' })
    .option('format', { choices: SCAN_FORMATS, describe: 'output format: table (default), json, ndjson, dcos or curl (grant scripts), terraform (dcos_security_org_user_grant resources)', group: 'Scan options:' })
    .option('json', { type: 'boolean', describe: 'same as --format json', group: 'Scan options:' })
    .option('follow', { type: 'boolean', describe: 'keep reading live sources (ssh://, and files: like tail -f), print new findings as they appear; Ctrl-C ends with the summary', group: 'Scan options:' })
    .option('fail-on-findings', { type: 'boolean', describe: 'exit 3 when there are findings; exit 1 when a source holds no journal output or the input could not be judged otherwise (listed under Exit codes in scan --help); journal output without audit lines passes (for CI)', group: 'Scan options:' }) as unknown as Argv<T & ScanArgs>;
}

export function scanFormatOf(a: ScanArgs): ScanFormat {
  return outputFormatOf(a, 'table');
}

function timeArg(flag: string, text: string | undefined, now: number): number | null {
  if (text === undefined) return null;
  const t = parseTimeArg(String(text), now);
  if (t === null) throw new UsageError(`--${flag}: cannot read "${text}" as a time`, TIME_HINT);
  return t;
}

/** The aggregator's filter from the flags; throws UsageError on a bad value. `now` is passed in for relative times. */
export function scanFilterOf(a: ScanArgs, now: number): ScanFilter {
  const uids = checkedUids(a.uid, 'scan');
  const since = timeArg('since', a.since, now);
  const until = timeArg('until', a.until, now);
  if (since !== null && until !== null && since > until) throw new UsageError('--since is later than --until', 'swap them, or drop one');
  return { uids, since, until };
}

/** `--year` checked: a whole year or null. */
export function scanYearOf(a: Pick<ScanArgs, 'year'>): number | null {
  if (a.year === undefined) return null;
  const text = String(a.year).trim();
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (!(year >= 1970 && year <= 9999)) throw new UsageError(`--year: "${String(a.year)}" is not a year`, 'e.g. --year 2019');
  return year;
}

/** Options whose value may be `-` (stdin): that `-` is theirs, not a SOURCE. */
const DASH_VALUED = new Set(['--token-file']);

/**
 * yargs drops a lone `-` (stdin) from variadic positionals; put it back, in its place, from the
 * raw arguments. And it leaves out every word after `--`: those are SOURCEs, as for cat or grep
 * (`scan -- -old.log`, `-` too); dropped, `scan a.log -- -b.log` read a.log alone and said nothing.
 * Used by `scan`, `unused` and the default command.
 */
export function withStdinSources(sources: readonly string[] | undefined, raw: readonly string[] | undefined): string[] {
  const parsed = (sources ?? []).map(String);
  if (!raw) return parsed;
  const end = raw.indexOf('--');
  const args = end === -1 ? raw : raw.slice(0, end);
  const operands = end === -1 ? [] : raw.slice(end + 1);
  return [...withDashes(parsed, args), ...operands];
}

function withDashes(parsed: string[], args: readonly string[]): string[] {
  if (parsed.includes('-')) return parsed;
  if (!args.some((tok, i) => tok === '-' && !DASH_VALUED.has(args[i - 1] ?? ''))) return parsed;
  const out: string[] = [];
  const rest = [...parsed];
  for (const [i, tok] of args.entries()) {
    if (tok === '-' && !DASH_VALUED.has(args[i - 1] ?? '')) out.push('-');
    else if (rest[0] === tok) out.push(rest.shift()!);
  }
  return [...out, ...rest];
}

/**
 * The SOURCEs of `scan` and `unused` checked before any is read, as usage errors (exit 2), not a
 * failed source (1): an empty one, stdin named twice (it can be read once), and a command word,
 * which README.md says is never a SOURCE (`scan journal.log grant` is a misplaced command more
 * likely than a file).
 */
export function checkSourceWords(sources: readonly string[], command: string): void {
  // `scan "$LOG"` with LOG unset: said as such, not as a file "" that does not exist (exit 1).
  if (sources.includes('')) throw new UsageError(`${command}: a SOURCE is empty ("": an unset shell variable?)`, 'give a file, directory, glob, - (stdin), ssh://host or dcos://all');
  if (sources.filter((s) => s === '-').length > 1) throw new UsageError(`${command}: stdin (-) is given more than once: it can be read only once`, 'give - once (to read a file named -, write ./-)');
  // `https://…`, `s3://…`: a URL of a kind no source reads, not a missing file of that name.
  const url = sources.find((s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) && !/^(ssh|dcos):\/\//.test(s));
  if (url) throw new UsageError(`${command}: ${asciiText(redactUrls(url.slice(0, 200)))} is a URL of no kind audit2grant reads`, 'a SOURCE is a file, directory, glob, - (stdin), ssh://[user@]host[:port] or dcos://leader|masters|agents|all (to read a file of that name, write ./ before it)');
  const word = sources.find((s) => (COMMAND_WORDS as readonly string[]).includes(s));
  if (word) throw new UsageError(`${command}: "${word}" names a command, not a SOURCE (a command runs on its own: audit2grant ${word} …)`, `to read a file named ${word}, write ./${word}`);
}
