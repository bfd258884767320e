// The whole `unused` verdict for one account, as plain data: rows (each with what the policy says
// about revoking it), the window per host and its judgement. Renderers only print this.
import { redactUrls } from '../redact.js';
import { explain } from '../catalog/index.js';
import { revokeCaution, type RevokeContext } from '../policy/index.js';
import type { InexactRecords, Risk, SourceError } from '../types.js';
import { spansOf, type HostWindow, type LostUse, type Use } from './collect.js';
import { hostsRead, inexactAllowsSaid, nodesFault, nodeWarnings, type NodeCount } from './completeness.js';
import { grantCovers } from './covers.js';
import { matchUsage, type HeldGrant, type UsageRow } from './match.js';
import { componentFor, componentNamed, judgeWindow, NOTHING_READ, type UsageWarning } from './window.js';
import { coverageFault, coverageText, duration, GAP_MS, judgeComponent, judgeCoverage, MIN_SHARE, windowWords, type Coverage, type Span } from './coverage.js';

export interface UnusedRow extends UsageRow {
  risk: Risk;
  /** Why revoking it is dangerous to touch (core/policy/revoke.ts), or null. */
  caution: string | null;
  /** Why the status is `unknown` (nothing read at all, or nothing of the component that would log its use). */
  reason?: string;
  /** An `unused` row: what it is unused in ("the 2 h of logs read (of 30 d asked; 1 gap …)"). */
  unusedIn?: string;
}

export interface UnusedStats {
  sources: number;
  bytes: number;
  lines: number;
  /** Audit records read (every principal's): the window is made of them. */
  records: number;
  /** Allows of the account. */
  allows: number;
  unverifiedLines: number;
  elapsedMs: number;
}

export interface UnusedReport {
  uid: string;
  cluster: string | null;
  /** When the report was made (ms), null when not said: `revoke --from` warns on an old one. */
  made: number | null;
  /** Direct grants first, then group grants; each in the IAM's order. */
  rows: UnusedRow[];
  windows: HostWindow[];
  /** How much of the asked window the records read cover (core/usage/coverage.ts). */
  coverage: Coverage;
  /**
   * Per component that would log the use of an `unused` row (window.ts componentFor): how much of
   * the window its own records cover. Such a row's verdict rests on these, not on `coverage`: Admin
   * Router's records of a month say nothing of the Mesos master's.
   */
  componentCoverage: Record<string, Coverage>;
  /** Why the read was not whole (a source failed or was read in part, the scan was interrupted): no revoke rests on it. */
  incomplete: string[];
  /** The cluster's nodes as its API listed them, or why they could not be; null when not asked. */
  nodes: NodeCount | null;
  /** Nodes read whole (dcos://, ssh:// sources) that held no audit record: read, yet they add no host. */
  quietNodes: string[];
  warnings: UsageWarning[];
  stats: UnusedStats;
  errors: SourceError[];
}

export interface ReportInput {
  uid: string;
  cluster: string | null;
  /** When the report is made (ms). */
  made?: number;
  held: readonly HeldGrant[];
  uses: readonly Use[];
  windows: readonly HostWindow[];
  stats: UnusedStats;
  errors: readonly SourceError[];
  policy?: RevokeContext;
  /**
   * The window asked (`--since`/`--until`). With `made`, the window judged ends then whatever
   * `--until` says (windowEnd); without, at `until`, else at the last record.
   */
  asked?: { since: number | null; until: number | null };
  /**
   * Per enforcing component, the spans of its records over every host (UsageCollector.componentSpans).
   * Absent (a report built from windows alone): the spans of the hosts whose records include it.
   */
  componentSpans?: Readonly<Record<string, readonly Span[]>>;
  /** Why the read was not whole, besides `errors` (a source read only in part, an interruption). */
  incomplete?: readonly string[];
  /** Allows whose uid a cut line lost (UsageCollector.lostUid): a grant covering one has no verdict. */
  lostUid?: readonly LostUse[];
  /** Audit records naming the account that could not be read (cut, malformed): the read was not whole. */
  unreadableOfUid?: number;
  /** Allows of the account no report can name (UsageCollector.inexactAllows): the read was not whole. */
  inexactAllows?: InexactRecords | null;
  /** Records without a journal time (UsageCollector.stats.untimed): they place nothing in the window. */
  untimed?: number;
  /** The cluster's nodes, to tell nodes not read (absent: not asked, nothing is said). */
  nodes?: NodeCount;
  /** The read was interrupted: nodes it did not reach are not counted against the cluster's (it says it was interrupted). */
  interrupted?: boolean;
  /** Nodes read whole that held no audit record (UsageScan.quietNodes). */
  quietNodes?: readonly string[];
}

/** Why a grant of a rid no known component enforces has no verdict. */
export const NO_ENFORCER = 'audit2grant knows no component whose audit log shows a use of this rid: it cannot be judged unused';

/** Per enforcer named, the spans of the hosts whose records include it (an upper bound of its own records' spans). */
function spansByComponent(windows: readonly HostWindow[], names: readonly string[]): Record<string, Span[]> {
  const out: Record<string, Span[]> = {};
  for (const name of names) out[name] = windows.filter((w) => w.components.some(componentNamed(name))).flatMap(spansOf);
  return out;
}

/** Each unused row's enforcer judged on its own records, against the asked window (else the whole read's). */
function componentCoverages(names: Iterable<string>, spans: Readonly<Record<string, readonly Span[]>>, asked: { since: number | null; until: number | null }, all: Coverage): Record<string, Coverage> {
  const out: Record<string, Coverage> = {};
  for (const name of [...new Set(names)].sort()) out[name] = judgeComponent(Object.hasOwn(spans, name) ? spans[name]! : [], asked, all);
  return out;
}

/**
 * Where the window judged ends: when the report is made, even before an earlier --until. The
 * holdings are read then, so a grant used, or granted, after the last record read (a bundle saved
 * last week, lines left out by --until) would look unused: that stretch is a gap like any other.
 * Records dated after it (a node's clock ahead of this machine's) push it on to the last of them.
 */
function windowEnd(i: ReportInput): number | null {
  if (i.made === undefined) return i.asked?.until ?? null;
  return i.windows.reduce((end, w) => Math.max(end, w.last ?? end), i.made);
}

export function buildUnusedReport(i: ReportInput): UnusedReport {
  const judged = i.windows.length > 0;
  const ordered = [...i.held.filter((g) => g.gid === null), ...i.held.filter((g) => g.gid !== null)];
  const rows = matchUsage(ordered, i.uses, judged).map((r): UnusedRow => {
    const base = { ...r, risk: explain(r.rid, r.action).risk, caution: r.gid === null ? revokeCaution({ uid: i.uid, rid: r.rid, action: r.action }, i.policy) : null };
    if (r.status === 'unknown') return { ...base, reason: NOTHING_READ };
    if (r.status !== 'unused') return base;
    // An allow that lost its uid to a cut line could be this account's use of this grant.
    const lost = (i.lostUid ?? []).filter((l) => grantCovers(r, l)).reduce((n, l) => n + l.count, 0);
    if (lost > 0) return { ...base, status: 'unknown', reason: `${lost} allow record${lost === 1 ? '' : 's'} it covers lost ${lost === 1 ? 'its' : 'their'} uid to a cut line: ${lost === 1 ? 'it' : 'they'} could be this account's use` };
    // No component audit2grant knows logs this rid's uses (a package's, a cluster link's, Marathon
    // on Marathon's): a use could not show, so no verdict.
    const c = componentFor(r.rid);
    if (!c) return { ...base, status: 'unknown', reason: NO_ENFORCER };
    // Records were read, but none of the component that would log this grant's use: no verdict.
    if (!i.windows.some((w) => w.components.some(c.matches))) {
      return { ...base, status: 'unknown', reason: `no ${c.name} audit record was read from any host: a use of it would not show` };
    }
    return base;
  });
  const unjudged = rows.filter((r) => r.status !== 'used').map((r) => r.rid);
  const inexact = inexactAllowsSaid(i.uid, i.inexactAllows);
  const asked = { since: i.asked?.since ?? null, until: windowEnd(i) };
  const coverage = judgeCoverage(i.windows.map(spansOf), asked);
  // Every unused row has an enforcer (above).
  const enforcers = rows.filter((r) => r.status === 'unused').map((r) => componentFor(r.rid)!.name);
  const componentCoverage = componentCoverages(enforcers, i.componentSpans ?? spansByComponent(i.windows, enforcers), asked, coverage);
  const unusedIn = (rid: string): string => {
    const c = componentFor(rid)!;
    return coverageText(componentCoverage[c.name]!, `${c.name} records`); // each enforcer of an unused row was judged above
  };
  return {
    uid: i.uid,
    // Shown and saved as JSON (revoke --from reads it back): never a URL's password.
    cluster: i.cluster === null ? null : redactUrls(i.cluster),
    made: i.made ?? null,
    rows: rows.map((r) => (r.status === 'unused' ? { ...r, unusedIn: unusedIn(r.rid) } : r)),
    windows: [...i.windows],
    coverage,
    componentCoverage,
    nodes: i.nodes ?? null,
    quietNodes: [...(i.quietNodes ?? [])],
    incomplete: [
      ...i.errors.map((e) => `${e.source} could not be read: ${e.message}`),
      ...(i.incomplete ?? []),
      ...(i.unreadableOfUid ? [`${i.unreadableOfUid} audit record${i.unreadableOfUid === 1 ? '' : 's'} naming ${i.uid} could not be read (cut or malformed): a use could be among them`] : []),
      ...inexact.incomplete,
    ],
    warnings: [
      ...inexact.warnings,
      ...judgeWindow(i.windows, unjudged),
      ...coverageWarnings(coverage),
      ...Object.entries(componentCoverage).flatMap(([name, c]) => coverageWarnings(c, name)),
      ...(i.interrupted ? [] : nodeWarnings(i.nodes, hostsRead(i.windows), i.quietNodes)),
      ...(i.untimed ? [{ kind: 'no-journal-time' as const, message: `${i.untimed} audit record${i.untimed === 1 ? ' carries' : 's carry'} no journal time (a form without one, such as journalctl -o cat, which shows no writer either): they place nothing in the window read; save the logs with -o short-iso or -o json` }] : []),
    ],
    stats: i.stats,
    errors: [...i.errors],
  };
}

/**
 * A gap in the records read, or a window asked that they cover well under MIN_SHARE of; `component`
 * names whose records `c` counts (absent: any component's).
 */
export function coverageWarnings(c: Coverage, component?: string): UsageWarning[] {
  const out: UsageWarning[] = [];
  const iso = (t: number): string => new Date(t).toISOString();
  const logs = component === undefined ? 'the logs read' : `the ${component} records read`;
  const record = component === undefined ? 'audit record' : `${component} audit record`;
  const text = component === undefined ? coverageText(c) : coverageText(c, `${component} records`);
  if (c.gaps.length > 0) {
    const list = c.gaps.slice(0, 3).map((g) => `${iso(g.first)} → ${iso(g.last)} (${duration(g.last - g.first)})`).join(', ');
    // The records stop well before the report (a saved bundle, --until): say so, uses since are unseen.
    const tail = c.gaps[c.gaps.length - 1]!;
    const end = component === undefined && c.until !== null && c.spans.length > 0 && tail.last === c.until ? `; the records end at ${iso(tail.first)}, ${duration(c.until - tail.first)} before this report: a grant used or granted since looks unused, read newer logs` : '';
    out.push({
      kind: 'coverage-gap',
      message: `${logs} have ${c.gaps.length} gap${c.gaps.length === 1 ? '' : 's'} longer than ${duration(GAP_MS)} with no ${record} from any host: ${list}${c.gaps.length > 3 ? ', …' : ''}; a use then would not show: "unused" means unused in ${text}${end}; revoke --from refuses such a report without --allow-gaps`,
    });
  }
  const judged = windowWords(c);
  if (c.coveredMs < MIN_SHARE * c.windowMs && (judged !== null || component !== undefined)) {
    out.push({
      kind: 'short-coverage',
      message: `${logs} cover ${duration(c.coveredMs)} of the ${duration(c.windowMs)} ${judged ?? 'the other records span'}: "unused" means unused in those ${duration(c.coveredMs)}; read the whole window (every node's journal${component === undefined ? '' : `, ${component}'s included`}) before revoking`,
    });
  }
  return out;
}

/**
 * Why no revoke should rest on a report's `unused` verdict of `row` (what `revoke --from` refuses
 * without --allow-gaps, or at all), or null: the read was not whole; the records read, or its
 * enforcer's, cover the window with gaps or short.
 */
export function revokeFault(rep: UnusedReport, row: UnusedRow): string | null {
  if (rep.incomplete.length > 0) return `the read was not whole (${rep.incomplete.slice(0, 2).join('; ')}${rep.incomplete.length > 2 ? '; …' : ''})`;
  const iso = (t: number): string => new Date(t).toISOString();
  const c = componentFor(row.rid);
  const k = c ? rep.componentCoverage[c.name] : undefined;
  const faults = [coverageFault(rep.coverage, iso), k && c ? coverageFault(k, iso, c.name) : null, rep.nodes ? nodesFault(rep.nodes, hostsRead(rep.windows), rep.quietNodes) : null].filter((f): f is string => f !== null);
  return faults.length ? faults.join('; ') : null;
}

/** The rows `revoke --from` would take: direct, unused in a judged window. */
export const revocable = (r: UsageRow): boolean => r.gid === null && r.status === 'unused';
