// The summary printed on exit: every round, what was denied in it, what the batch closing it
// granted (by whom, when), what was undone, and the session id for `audit2grant undo`.
import type { GrantPair, PairResult } from '../types.js';
import { appliedPairs } from './status.js';
import type { SessionState } from './types.js';
import { formatTime } from '../format.js';
import { interruptedLines, interruptedReport, type Interrupted, type InterruptedReport } from './interrupted.js';

export interface RoundSummary {
  n: number;
  openedAt: number;
  closedAt: number | null;
  denied: Array<GrantPair & { count: number }>;
  granted: PairResult[];
  by: string | null;
  grantedAt: number | null;
  undone: Array<{ at: number; results: PairResult[] }>;
}

export interface SessionSummary {
  session: string;
  uid: string | null;
  startedAt: number;
  endedAt: number;
  rounds: RoundSummary[];
  /** Pairs granted by the session and still in place. */
  inPlace: GrantPair[];
  /** The batch the operator quit while it ran, if any. */
  interrupted?: InterruptedReport | null;
}

export function summarize(s: SessionState, now: number, interrupted: Interrupted | null = null): SessionSummary {
  const rounds = s.rounds.map<RoundSummary>((r) => {
    const b = r.batch ? s.batches.find((x) => x.id === r.batch) : undefined;
    return {
      n: r.n,
      openedAt: r.openedAt,
      closedAt: r.closedAt,
      denied: Object.values(r.denials).sort((a, b) => a.rid.localeCompare(b.rid) || a.action.localeCompare(b.action)),
      granted: b ? b.results : [],
      by: b ? b.by : null,
      grantedAt: b ? b.at : null,
      undone: r.undone.map((u) => ({ at: u.at, results: u.results })),
    };
  });
  return { session: s.id, uid: s.uid, startedAt: s.startedAt, endedAt: now, rounds, inPlace: appliedPairs(s), interrupted: interrupted && interruptedReport(interrupted) };
}

/** Plain text for stdout. */
export function renderSummary(sum: SessionSummary): string {
  const out: string[] = [];
  out.push(`audit2grant session ${sum.session}${sum.uid ? ` for ${sum.uid}` : ''}: ${formatTime(sum.startedAt)} to ${formatTime(sum.endedAt)}, ${sum.rounds.length} round(s)`);
  for (const r of sum.rounds) {
    const empty = !r.denied.length && !r.granted.length && !r.undone.length;
    if (empty && r.closedAt === null && r.n > 1) {
      out.push(`round ${r.n} (open since ${formatTime(r.openedAt)}): no new denials`);
      continue;
    }
    out.push(`round ${r.n} (${formatTime(r.openedAt)} to ${r.closedAt === null ? 'end' : formatTime(r.closedAt)}):`);
    if (!r.denied.length) out.push('  denied: nothing new');
    for (const d of r.denied) out.push(`  denied   ${d.uid} ${d.rid} ${d.action} (${d.count}x)`);
    for (const g of r.granted) out.push(`  ${g.outcome.padEnd(8)} ${g.uid} ${g.rid} ${g.action}${g.detail ? ` (${g.detail})` : ''}${r.by ? ` by ${r.by}` : ''} at ${formatTime(r.grantedAt)}`);
    for (const u of r.undone) for (const x of u.results) out.push(`  undo     ${x.uid} ${x.rid} ${x.action}: ${x.outcome} at ${formatTime(u.at)}`);
  }
  if (sum.interrupted) out.push(...interruptedLines(sum.interrupted, sum.session));
  if (sum.inPlace.length) {
    out.push(`granted and in place: ${sum.inPlace.length} pair(s)`);
    out.push(`to revoke them: audit2grant undo --session ${sum.session}`);
  } else out.push('nothing granted is in place');
  return out.join('\n') + '\n';
}
