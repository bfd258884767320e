// How an interactive loop ended, as an exit code (README: 1 when a source, the network or the IAM
// failed): every grant sent failed, sources were left failed when the operator quit, or the operator
// quit while a batch ran (it stopped between pairs: not everything asked was sent).
import type { SessionState } from './types.js';
import { sharedCause } from './cause.js';
import { whyText } from './screen-text.js';
import { interruptedWhy, type InterruptedReport } from './interrupted.js';

export interface SourcesAtExit {
  /** Sources that ended failed (label: one-line reason), not recovered by a later re-read. */
  failed: Array<{ label: string; error: string }>;
  /** Sources in all. */
  total: number;
}

export interface LoopOutcome {
  code: 0 | 1;
  /** One line per reason for a non-zero code. */
  why: string[];
}

/** `interrupted`: the batch the operator quit while it ran (exit 1: it did not run whole). */
export function loopOutcome(s: SessionState, sources: SourcesAtExit, interrupted: InterruptedReport | null = null): LoopOutcome {
  const why: string[] = [];
  if (interrupted) why.push(interruptedWhy(interrupted));
  const t = s.tally;
  const sent = Object.values(t).reduce((a, b) => a + (b ?? 0), 0);
  const effective = (t.granted ?? 0) + (t['already held'] ?? 0) + (t['dry-run'] ?? 0);
  if (sent > 0 && effective === 0) {
    // Every batch granted nothing, so each is in its round's failed list: their one reason, if one.
    const cause = sharedCause(s.rounds.flatMap((r) => r.failed.flatMap((b) => b.results)));
    why.push(`every grant sent failed (${sent} pair(s): ${(t.failed ?? 0)} failed, ${(t.refused ?? 0)} refused)${cause ? `: ${whyText(cause)}` : ': the reasons are listed above'}`);
  }
  const [first] = sources.failed;
  if (first) {
    const all = sources.failed.length === sources.total ? 'every source failed' : `${sources.failed.length} of ${sources.total} source(s) failed`;
    why.push(`${all}: ${first.label}: ${first.error}${sources.failed.length > 1 ? ` (+${sources.failed.length - 1} more)` : ''}`);
  }
  return { code: why.length ? 1 : 0, why };
}
