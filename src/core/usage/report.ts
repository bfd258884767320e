// The whole `unused` verdict for one account, as plain data: rows (each with what the policy says
// about revoking it), the window per host and its judgement. Renderers only print this.
import { redactUrls } from '../redact.js';
import { explain } from '../catalog/index.js';
import { revokeCaution, type RevokeContext } from '../policy/index.js';
import type { Risk, SourceError } from '../types.js';
import { spansOf, type HostWindow, type Use } from './collect.js';
import { matchUsage, type HeldGrant, type UsageRow } from './match.js';
import { componentFor, judgeWindow, NOTHING_READ, type UsageWarning } from './window.js';
import { coverageText, duration, GAP_MS, judgeCoverage, MIN_SHARE, type Coverage } from './coverage.js';

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
  /** Direct grants first, then group grants; each in the IAM's order. */
  rows: UnusedRow[];
  windows: HostWindow[];
  /** How much of the asked window the records read cover (core/usage/coverage.ts). */
  coverage: Coverage;
  warnings: UsageWarning[];
  stats: UnusedStats;
  errors: SourceError[];
}

export interface ReportInput {
  uid: string;
  cluster: string | null;
  held: readonly HeldGrant[];
  uses: readonly Use[];
  windows: readonly HostWindow[];
  stats: UnusedStats;
  errors: readonly SourceError[];
  policy?: RevokeContext;
  /** The window asked (`--since`/`--until`; until is the report time when only since is given). */
  asked?: { since: number | null; until: number | null };
}

export function buildUnusedReport(i: ReportInput): UnusedReport {
  const judged = i.windows.length > 0;
  const ordered = [...i.held.filter((g) => g.gid === null), ...i.held.filter((g) => g.gid !== null)];
  const rows = matchUsage(ordered, i.uses, judged).map((r): UnusedRow => {
    const base = { ...r, risk: explain(r.rid, r.action).risk, caution: r.gid === null ? revokeCaution({ uid: i.uid, rid: r.rid, action: r.action }, i.policy) : null };
    if (r.status === 'unknown') return { ...base, reason: NOTHING_READ };
    // Records were read, but none of the component that would log this grant's use: no verdict.
    const c = r.status === 'unused' ? componentFor(r.rid) : null;
    if (c && !i.windows.some((w) => w.components.some(c.matches))) {
      return { ...base, status: 'unknown', reason: `no ${c.name} audit record was read from any host: a use of it would not show` };
    }
    return base;
  });
  const unjudged = rows.filter((r) => r.status !== 'used').map((r) => r.rid);
  const coverage = judgeCoverage(i.windows.map(spansOf), i.asked ?? { since: null, until: null });
  const unusedIn = coverageText(coverage);
  return {
    uid: i.uid,
    // Shown and saved as JSON (revoke --from reads it back): never a URL's password.
    cluster: i.cluster === null ? null : redactUrls(i.cluster),
    rows: rows.map((r) => (r.status === 'unused' ? { ...r, unusedIn } : r)),
    windows: [...i.windows],
    coverage,
    warnings: [...judgeWindow(i.windows, unjudged), ...coverageWarnings(coverage)],
    stats: i.stats,
    errors: [...i.errors],
  };
}

/** A gap in the records read, or a window asked that they cover well under MIN_SHARE of. */
export function coverageWarnings(c: Coverage): UsageWarning[] {
  const out: UsageWarning[] = [];
  const iso = (t: number): string => new Date(t).toISOString();
  if (c.gaps.length > 0) {
    const list = c.gaps.slice(0, 3).map((g) => `${iso(g.first)} → ${iso(g.last)} (${duration(g.last - g.first)})`).join(', ');
    out.push({
      kind: 'coverage-gap',
      message: `the logs read have ${c.gaps.length} gap${c.gaps.length === 1 ? '' : 's'} longer than ${duration(GAP_MS)} with no audit record from any host: ${list}${c.gaps.length > 3 ? ', …' : ''}; a use then would not show: "unused" means unused in ${coverageText(c)}; revoke --from refuses such a report without --allow-gaps`,
    });
  }
  if (c.since !== null && c.coveredMs < MIN_SHARE * c.windowMs) {
    out.push({
      kind: 'short-coverage',
      message: `the logs read cover ${duration(c.coveredMs)} of the ${duration(c.windowMs)} asked: "unused" means unused in those ${duration(c.coveredMs)}; read the whole window (every node's journal) before revoking`,
    });
  }
  return out;
}

/** The rows `revoke --from` would take: direct, unused in a judged window. */
export const revocable = (r: UsageRow): boolean => r.gid === null && r.status === 'unused';
