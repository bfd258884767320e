// The summary printed on exit: every round, what was denied in it, what the batch closing it
// granted (by whom, when), what was undone, the held-not-used list's revokes and their grant-backs,
// and the session id for `audit2grant undo` (with what it does to each).
import type { GrantPair, PairResult } from '../types.js';
import { appliedPairs } from './status.js';
import type { SessionState, TimedResult } from './types.js';
import { keyOf } from './pair-results.js';
import type { RevokeBatch, UnusedList } from './unused.js';
import { formatTime } from '../format.js';
import { idsText, whyText } from './screen-text.js';
import { hasCause, sharedCause } from './cause.js';
import { interruptedLines, interruptedReport, type Interrupted, type InterruptedReport } from './interrupted.js';

export interface RoundSummary {
  n: number;
  openedAt: number;
  closedAt: number | null;
  denied: Array<GrantPair & { count: number }>;
  /** Each with the time it was answered (the ledger's). */
  granted: TimedResult[];
  by: string | null;
  undone: Array<{ at: number; results: TimedResult[] }>;
  /** Grant batches of the round that granted nothing, with every pair's answer. */
  failed?: Array<{ at: number; results: TimedResult[] }>;
}

/** A file `e` wrote: the applied grants or the selected findings, as a script or JSON. */
export interface ExportedFile {
  path: string;
  count: number;
  what: 'applied' | 'selected';
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
  /** The held-not-used list's revoke batches (what they revoked, what `u` granted back). */
  revokes?: RevokeBatch[];
  /** Pairs those batches revoked and nothing granted back: `undo --session` grants them back. */
  stillRevoked?: number;
  /**
   * Pairs the list revoked and a later batch granted again: `undo --session` acts on a pair's first
   * change in the session (docs/ledger.md), the revoke, and its grant-back finds the pair held: undo
   * leaves them as they are, so neither count above holds them.
   */
  regrantedLater?: number;
  /** The files exported during the loop, whole paths (what the operator hands to an administrator). */
  exported?: ExportedFile[];
}

export function summarize(s: SessionState, now: number, interrupted: Interrupted | null = null, unused: UnusedList | null = null): SessionSummary {
  const rounds = s.rounds.map<RoundSummary>((r) => {
    const b = r.batch ? s.batches.find((x) => x.id === r.batch) : undefined;
    return {
      n: r.n,
      openedAt: r.openedAt,
      closedAt: r.closedAt,
      denied: Object.values(r.denials).sort((a, b) => a.rid.localeCompare(b.rid) || a.action.localeCompare(b.action)),
      granted: b ? b.results : [],
      by: b ? b.by : null,
      undone: r.undone.map((u) => ({ at: u.at, results: u.results })),
      failed: r.failed,
    };
  });
  const revokes = unused?.revokes ?? [];
  // When the list revoked each pair it still holds revoked (not granted back by `u`).
  const revokedAt = new Map<string, number>();
  for (const b of revokes) for (const r of b.results) if (r.outcome === 'revoked' && !b.regranted.includes(keyOf(r)) && !revokedAt.has(keyOf(r))) revokedAt.set(keyOf(r), b.at);
  const grantedAfter = (p: GrantPair): boolean => s.batches.some((b) => b.at > (revokedAt.get(keyOf(p)) ?? Infinity) && b.results.some((r) => r.outcome === 'granted' && keyOf(r) === keyOf(p)));
  const applied = appliedPairs(s);
  const later = applied.filter(grantedAfter);
  return {
    session: s.id, uid: s.uid, startedAt: s.startedAt, endedAt: now, rounds,
    inPlace: applied.filter((p) => !later.includes(p)),
    interrupted: interrupted && interruptedReport(interrupted),
    revokes,
    stillRevoked: revokedAt.size - later.length,
    regrantedLater: later.length,
  };
}

const pairLine = (x: PairResult): string => idsText(x);

/** A pair sent without a sure answer is `unknown`, as the ledger has it, not `failed`. */
const shownOutcome = (x: PairResult): string => (x.fate === 'maybe applied' ? 'unknown' : x.outcome);

/** The held-not-used list's revoke batches: each pair's answer, then its grant-backs, each at the time it was answered. */
function revokeLines(revokes: readonly RevokeBatch[]): string[] {
  const out: string[] = [];
  for (const b of revokes) {
    out.push(`held-not-used list, revoke batch ${b.n} (${formatTime(b.at)}):`);
    for (const x of b.results) out.push(`  ${x.outcome.padEnd(8)} ${pairLine(x)}${x.detail ? ` (${whyText(x.detail)})` : ''} at ${formatTime(x.at)}`);
    for (const g of b.regrants) for (const x of g.results) out.push(`  grant back ${pairLine(x)}: ${x.outcome}${x.detail ? ` (${whyText(x.detail)})` : ''} at ${formatTime(x.at)}`);
  }
  return out;
}

/** A batch that granted nothing: its one reason said once when every pair shares it, else each pair's. */
function failedLines(b: { at: number; results: readonly TimedResult[] }): string[] {
  const cause = sharedCause(b.results);
  const head = `  batch at ${formatTime(b.at)} granted nothing`;
  const out = [cause ? `${head}, for one reason: ${whyText(cause)}` : `${head}:`];
  for (const x of b.results) out.push(`  ${shownOutcome(x).padEnd(8)} ${idsText(x)}${x.detail && !hasCause(x, cause) ? ` (${whyText(x.detail)})` : ''} at ${formatTime(x.at)}`);
  return out;
}

/** What `undo --session` would do: revoke what is in place, grant back what the list revoked (and nothing granted back since). */
function undoHint(sum: SessionSummary): string[] {
  const back = sum.stillRevoked ?? 0;
  const stays = (sum.revokes ?? []).some((b) => b.regranted.length > 0) ? '; what u granted back stays' : '';
  const undo = `audit2grant undo --session ${sum.session}`;
  const out: string[] = [];
  if (sum.inPlace.length) {
    out.push(`granted and in place: ${sum.inPlace.length} pair(s)`);
    out.push(`to revoke them: ${undo}${back ? ` (it also grants back the ${back} pair(s) revoked from the held-not-used list${stays})` : stays ? ` (${stays.slice(2)})` : ''}`);
  } else out.push(sum.regrantedLater ? 'nothing granted that undo would revoke is in place' : 'nothing granted is in place');
  if (back) {
    out.push(`revoked from the held-not-used list and not granted back: ${back} pair(s)`);
    if (!sum.inPlace.length) out.push(`to grant them back: ${undo}${stays ? ` (${stays.slice(2)})` : ''}`);
  } else if (stays && !sum.inPlace.length) out.push(`${undo} changes nothing the held-not-used list did${stays}`);
  if (sum.regrantedLater) out.push(`revoked from the held-not-used list, then granted again: ${sum.regrantedLater} pair(s), in place; ${undo} leaves them so (their first change here was the revoke)`);
  return out;
}

/** Plain text for stdout. */
export function renderSummary(sum: SessionSummary): string {
  const out: string[] = [];
  out.push(`audit2grant session ${sum.session}${sum.uid ? ` for ${idsText({ uid: sum.uid })}` : ''}: ${formatTime(sum.startedAt)} to ${formatTime(sum.endedAt)}, ${sum.rounds.length} round(s)`);
  for (const r of sum.rounds) {
    const failed = r.failed ?? [];
    const empty = !r.denied.length && !r.granted.length && !r.undone.length && !failed.length;
    if (empty && r.closedAt === null && r.n > 1) {
      out.push(`round ${r.n} (open since ${formatTime(r.openedAt)}): no new denials`);
      continue;
    }
    out.push(`round ${r.n} (${formatTime(r.openedAt)} to ${r.closedAt === null ? 'end' : formatTime(r.closedAt)}):`);
    if (!r.denied.length) out.push('  denied: nothing new');
    for (const d of r.denied) out.push(`  denied   ${idsText(d)} (${d.count}x)`);
    for (const g of r.granted) out.push(`  ${shownOutcome(g).padEnd(8)} ${idsText(g)}${g.detail ? ` (${whyText(g.detail)})` : ''}${r.by ? ` by ${idsText({ uid: r.by })}` : ''} at ${formatTime(g.at)}`);
    for (const b of failed) out.push(...failedLines(b));
    // Why, as for a grant: a pair a quit stopped before it was sent, or one revoked elsewhere first, is no plain "failed".
    for (const u of r.undone) for (const x of u.results) out.push(`  undo     ${idsText(x)}: ${x.outcome}${x.detail ? ` (${whyText(x.detail)})` : ''} at ${formatTime(x.at)}`);
  }
  out.push(...revokeLines(sum.revokes ?? []));
  for (const f of sum.exported ?? []) out.push(`exported ${f.count} ${f.what === 'applied' ? 'grant(s)' : 'selected finding(s)'} to ${whyText(f.path)}`);
  if (sum.interrupted) out.push(...interruptedLines(sum.interrupted, sum.session));
  out.push(...undoHint(sum));
  return out.join('\n') + '\n';
}
