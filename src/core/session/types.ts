// Pure state of the interactive loop: rounds of "discover → grant → retry", per-finding status,
// the batches applied (for undo) and what was observed when (for the quiet-period message).
// Time is always an input (milliseconds since the epoch): nothing here reads a clock.
import type { GrantPair, PairOutcome, PairResult } from '../types.js';

/** What the operator sees for one finding. */
export type FindingStatus =
  | 'new'
  | 'selected'
  | 'granting'
  /** Its grant is being taken back by an undo (`u`) in flight: the pair that undo is sending. */
  | 'revoking'
  /** In the batch in flight, after the pair being sent: batches send one pair at a time. */
  | 'queued'
  | 'granted'
  | 'already held'
  | 'still denied after grant'
  | 'stale'
  | 'not grantable';

/** A pair the principal holds: granted by a batch of this session, or found held before it. */
export interface HeldRecord extends GrantPair {
  /** When it became effective (the grant's wall time; session start for pairs held before). */
  at: number;
  /** Batch id, or null when it was held before the session. */
  batch: string | null;
  outcome: 'granted' | 'already held';
}

/** A pair's answer and when it came (for a change the ledger records: the time of its outcome line). */
export interface TimedResult extends PairResult {
  at: number;
}

/**
 * The grant batch in flight, or the undo of one (`undo`: `id` is the batch undone): the answers that
 * came so far, shown on their rows before the request ends.
 */
export interface RunningBatch {
  id: string;
  kind: 'grant' | 'undo';
  results: TimedResult[];
}

/** One grant batch: what was asked, what the IAM answered, and whether it was undone. */
export interface Batch {
  id: string;
  /** The round this batch closed (1-based). */
  round: number;
  /** When its last answer came (the round it closes ends then); each result has its own time. */
  at: number;
  by: string | null;
  results: TimedResult[];
  /** Counts of the covered findings when the batch was applied (for findings without times). */
  countsAt: Record<string, number>;
  /** Keys of its held pairs taken away since: granted ones an undo revoked, any the held-not-used list revoked. */
  revoked: string[];
  undoneAt: number | null;
  undoResults: PairResult[];
}

/** A denial observed during a round: how many new deny lines for that pair arrived in it. */
export interface RoundDenial extends GrantPair {
  count: number;
}

export interface Round {
  n: number;
  openedAt: number;
  /** Set when a grant batch closed the round; the last round is open (null). */
  closedAt: number | null;
  /** The batch that closed it. */
  batch: string | null;
  /** Keyed by findingKey. */
  denials: Record<string, RoundDenial>;
  /** Undo batches done while this round was open. */
  undone: Array<{ batch: string; at: number; results: TimedResult[] }>;
  /**
   * Grant batches sent in this round that granted nothing (every pair refused or failed): the quit
   * summary and the help overlay say why. `batch`: its id, as a kept batch's (its number ends it).
   */
  failed: Array<{ batch: string; at: number; results: TimedResult[] }>;
}

export interface SessionState {
  id: string;
  /** The principal under review (the `--uid`), or null for every principal. */
  uid: string | null;
  /** Who grants (the login uid), for the summary. */
  by: string | null;
  startedAt: number;
  rounds: Round[];
  /** Finding keys the operator selected. */
  selected: ReadonlySet<string>;
  /** Finding keys whose grant (or undo) is in flight, in the order it sends them (the first is being sent). */
  inFlight: ReadonlySet<string>;
  /** The grant batch or undo in flight, with the answers so far (null when none runs). */
  running: RunningBatch | null;
  batches: Batch[];
  /** Pairs known held before the session (from the IAM at start). */
  heldBefore: HeldRecord[];
  /** Last result per finding key (granted / held / refused / failed ...), shown inline. */
  lastResult: Record<string, PairResult>;
  /** Deny counts per key at the last observation, to notice new denials. */
  seenCounts: Record<string, number>;
  seenLines: number;
  /** Wall time of the last observation that brought new denials / any new line. */
  lastDenialAt: number | null;
  lastActivityAt: number | null;
  /** Outcomes of every pair sent in a grant batch, effective or not (for the exit code). */
  tally: Partial<Record<PairOutcome, number>>;
}

/** Why a denial is still seen after the grant that should cover it. */
export type StillDeniedCause = 'propagation delay' | 'wrong permission';

export interface StatusInfo {
  status: FindingStatus;
  /** The held pair that covers the finding (granted/held/stale/still denied). */
  cover?: HeldRecord;
  likely?: StillDeniedCause;
  /** One line for the detail pane. */
  note: string;
  result?: PairResult;
}
