// The whole `unused` verdict for one account, as plain data: rows (each with what the policy says
// about revoking it), the window per host and its judgement. Renderers only print this.
import { explain } from '../catalog/index.js';
import { revokeCaution, type RevokeContext } from '../policy/index.js';
import type { Risk, SourceError } from '../types.js';
import type { HostWindow, Use } from './collect.js';
import { matchUsage, type HeldGrant, type UsageRow } from './match.js';
import { componentFor, judgeWindow, NOTHING_READ, type UsageWarning } from './window.js';

export interface UnusedRow extends UsageRow {
  risk: Risk;
  /** Why revoking it is dangerous to touch (core/policy/revoke.ts), or null. */
  caution: string | null;
  /** Why the status is `unknown` (nothing read at all, or nothing of the component that would log its use). */
  reason?: string;
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
  return {
    uid: i.uid,
    cluster: i.cluster,
    rows,
    windows: [...i.windows],
    warnings: judgeWindow(i.windows, unjudged),
    stats: i.stats,
    errors: [...i.errors],
  };
}

/** The rows `revoke --from` would take: direct, unused in a judged window. */
export const revocable = (r: UsageRow): boolean => r.gid === null && r.status === 'unused';
