// `--format table`: findings grouped by uid (or why there is no verdict), then auth failures, notes
// and a one-line summary.
// Colour only when asked (a TTY); everything from the logs goes through safeText, ids through asciiText (a look-alike shows as its escape).
import type { Finding, Risk, ScanResult } from '../types.js';
import { atLeast, emptyHeadline } from '../findings/verdict.js';
import { denialsText } from './denials.js';
import { joinLines } from './scripts.js';
import { asciiText, safeText } from '../text.js';
import { maxOf } from '../arrays.js';
import { finalRefusal } from '../policy/index.js';

export interface TableOptions {
  color: boolean;
  /** Terminal width in columns (default 100, at least 60). */
  width?: number;
}

const ESC = '\u001b[';
const SGR: Record<string, string> = { red: '31', yellow: '33', dim: '2', bold: '1' };
const paint = (on: boolean, style: string, s: string): string => (on ? `${ESC}${SGR[style]}m${s}${ESC}0m` : s);
const RISK_STYLE: Partial<Record<Risk, string>> = { dangerous: 'red', sensitive: 'yellow', unknown: 'dim' };

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padLeft = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, Math.max(0, n - 1))}…`);

function hostsText(hosts: string[], n: number): string {
  if (hosts.length === 0) return '-';
  const all = hosts.map(safeText).join(',');
  if (all.length <= n) return all;
  if (hosts.length === 1) return clip(all, n);
  const [first = ''] = hosts;
  const more = `+${hosts.length - 1}`;
  return `${clip(safeText(first), Math.max(1, n - more.length - 1))} ${more}`;
}

/**
 * What a finding's risk alone does not say: derived, not a rid, or never grantable (an id no DC/OS
 * permission can have, a native dcos_* account): the loop and the scripts skip those with a reason,
 * and the table must not show them as plain rows to grant.
 */
function note(f: Finding): string {
  const parts: string[] = [];
  if (f.kind === 'derived') parts.push('derived');
  if (f.kind === 'non-rid') parts.push('not a rid');
  else if (finalRefusal(f) !== null) parts.push('not grantable');
  if (f.warnings.some((w) => w.startsWith('action '))) parts.push('action not honoured');
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function* findingsSection(findings: Finding[], color: boolean, width: number): Generator<string> {
  const action = maxOf(findings, (f) => asciiText(f.action).length, 6);
  const count = maxOf(findings, (f) => String(f.count).length, 5);
  const risk = maxOf(findings, (f) => (f.risk + note(f)).length, 4);
  const longest = maxOf(findings, (f) => asciiText(f.rid).length, 3);
  // Row = 2 indent + 4 gaps of 2 + columns. Narrow terminals give up host width first, then rid width.
  const room = width - 10 - action - count - risk;
  const hostsWanted = Math.min(24, maxOf(findings, (f) => f.hosts.map(safeText).join(',').length, 5));
  const hosts = Math.max(Math.min(8, hostsWanted), Math.min(hostsWanted, room - 20));
  const rid = Math.min(longest, Math.max(12, room - hosts));
  const row = (r: string, a: string, c: string, h: string, k: string): string =>
    `  ${pad(r, rid)}  ${pad(a, action)}  ${padLeft(c, count)}  ${pad(h, hosts)}  ${k}`;
  // Findings per uid, counted once (a filter per uid was quadratic in distinct principals).
  const perUid = new Map<string, number>();
  for (const f of findings) perUid.set(f.uid, (perUid.get(f.uid) ?? 0) + 1);
  let uid: string | null = null;
  for (const f of findings) {
    if (f.uid !== uid) {
      if (uid !== null) yield '';
      uid = f.uid;
      const n = perUid.get(uid) ?? 0;
      yield `${paint(color, 'bold', asciiText(uid))}  (${n} finding${n === 1 ? '' : 's'})`;
      yield paint(color, 'dim', row('RID', 'ACTION', 'COUNT', 'HOSTS', 'RISK'));
    }
    const ridText = asciiText(f.rid);
    const riskText = `${f.risk}${note(f)}`;
    const style = RISK_STYLE[f.risk];
    const cols = [asciiText(f.action), String(f.count), hostsText(f.hosts, hosts)] as const;
    const riskCell = style ? paint(color, style, riskText) : riskText;
    if (ridText.length > rid) {
      // Never cut a rid: it is what gets granted. Put it on its own line instead.
      yield `  ${ridText}`;
      yield row('', ...cols, riskCell);
    } else {
      yield row(ridText, ...cols, riskCell);
    }
  }
}

/** The table as one string (tests; the command writes renderTableLines as they come). */
export function renderTable(result: ScanResult, opts: TableOptions): string {
  return joinLines(renderTableLines(result, opts));
}

/**
 * The table's lines, each without its newline. A generator: thousands of findings (no --uid)
 * make thousands of rows, and holding them all until a join was ~2 KB a finding of the peak
 * (8,400 principals of one finding each: 17 MB); the command writes them in pieces instead.
 */
export function* renderTableLines(result: ScanResult, opts: TableOptions): Generator<string> {
  const width = Math.max(60, opts.width ?? 100);
  const { color } = opts;
  const { findings, authFailures, stats, errors } = result;
  if (findings.length) yield* findingsSection(findings, color, width);
  else yield safeText(emptyHeadline(result)); // its names come from logs: escaped here too
  const out: string[] = [];

  if (authFailures.length) {
    out.push('', 'Authentication failures (requests without a valid token):');
    for (const a of authFailures) {
      const where = a.hosts.length ? `  on ${clip(a.hosts.map(safeText).join(','), 40)}` : '';
      out.push(`  ${padLeft(String(a.count), 6)}  ${pad(a.cause, 13)}  ${safeText(a.object)}${where}`);
    }
  }
  const notListed = result.authFailuresNotListed ?? [];
  if (notListed.length) {
    if (!authFailures.length) out.push('', 'Authentication failures (requests without a valid token):');
    for (const u of notListed) {
      const objects = `${atLeast(u.objects, u.objectsAtLeast)} other object${u.objects === 1 && !u.objectsAtLeast ? '' : 's'}`;
      out.push(`  ${padLeft(String(u.count), 6)}  ${pad(u.cause, 13)}  (${objects}, not listed)`);
    }
    const total = notListed.reduce((n, u) => n + u.objects, 0);
    const objects = atLeast(total, notListed.some((u) => u.objectsAtLeast));
    out.push(`  note: ${objects} distinct object(s) not listed: at most ${authFailures.length} rows are kept (a bound on memory); their denials are counted above`);
  }
  const problems: string[] = [];
  // Stopped by SIGINT/SIGTERM: said in the notes (with no finding the headline says it) and on the
  // last line, in the table itself: stderr's line is not in a table saved to a file.
  const interrupted = (result.warnings ?? []).some((w) => w.kind === 'interrupted');
  if (interrupted && findings.length) problems.push('  the scan was interrupted before its end: the findings above are partial (what was not read is unknown, not absent)');
  const notKept = result.findingsNotKept;
  const notKeptCount = notKept ? atLeast(notKept.findings, notKept.findingsAtLeast) : '';
  if (notKept) {
    problems.push(
      `  ${notKeptCount} distinct finding(s) (${notKept.denials} denial(s)) were not kept (a bound on memory): the findings above are partial;`,
      '    narrow the scan with --uid or --since/--until (see the warning on stderr)',
    );
  }
  if (stats.unknownUidLines) problems.push(`  ${stats.unknownUidLines} denial(s) lost their uid (line cut at 2048 bytes): not attributed`);
  if (stats.filteredLines) problems.push(`  ${stats.filteredLines} denial(s) left out by --uid/--since/--until`);
  if (stats.malformedLines) {
    const ex = result.malformedExamples[0];
    problems.push(`  ${stats.malformedLines} audit line(s) could not be parsed${ex ? `, e.g. ${clip(safeText(ex.raw), width - 40)}` : ''}`);
  }
  if (stats.unverifiedLines) {
    const ex = result.unverifiedExamples?.[0];
    problems.push(`  ${stats.unverifiedLines} audit-looking line(s) were not verified and were not turned into findings${ex ? `, e.g. ${clip(safeText(ex.raw), width - 40)}` : ''}`);
    if (ex) problems.push(`    why: ${clip(safeText(ex.why), width - 9)}`);
    problems.push('    no audit logger wrote them: a client\'s or task\'s text, or an unknown format (docs/audit-log-forms.md)');
  }
  const never = findings.filter((f) => f.kind !== 'non-rid' && finalRefusal(f) !== null).length;
  if (never) problems.push(`  ${never} finding(s) marked "not grantable": audit2grant never grants them (an invalid id, or a native dcos_* account); --format dcos says why for each`);
  // Warnings and errors are printed on stderr, once: here only what they mean for the results above.
  const notJournal = (result.warnings ?? []).filter((w) => w.kind === 'no-journal-output').length;
  if (notJournal && findings.length) problems.push(`  ${notJournal} source(s) held no journal output: not checked (see the warnings on stderr)`);
  if (problems.length) out.push('', 'Notes:', ...problems);

  const dangerous = findings.filter((f) => f.risk === 'dangerous').length;
  const sensitive = findings.filter((f) => f.risk === 'sensitive').length;
  const risky = [dangerous ? `${dangerous} dangerous` : '', sensitive ? `${sensitive} sensitive` : ''].filter(Boolean).join(', ');
  const principals = new Set(findings.map((f) => f.uid)).size;
  out.push(
    '',
    `${findings.length} finding${findings.length === 1 ? '' : 's'}${risky ? ` (${risky})` : ''} for ${principals} principal${principals === 1 ? '' : 's'}` +
      ` · ${denialsText(result, (n) => (n === 1 ? 'denial' : 'denials'))} · ${stats.lines} lines · ${seconds(stats.elapsedMs)}` +
      (errors.length ? ` · ${paint(color, 'red', `${errors.length} source${errors.length === 1 ? '' : 's'} failed`)} (see stderr)` : '') +
      (interrupted ? ` · ${paint(color, 'yellow', 'partial: interrupted')}` : '') +
      (notKept ? ` · ${paint(color, 'yellow', `partial: ${notKeptCount} not kept`)}` : ''),
  );
  yield* out;
}
