// A batch of IAM changes, pair by pair (grants.ts says what each pair sends): each pair that sends
// a change is journaled, an intent before its first request and an outcome after, with what the
// ledger can know of it when the batch is stopped or the answer is lost (docs/ledger.md).
import { INTERRUPTED_WHILE_SENT, MAYBE_APPLIED_TEXT, NOT_SENT_STOPPED, STOPPED_AFTER_ERROR, type GrantPair, type PairResult } from '../core/types.js';
import { AuthError } from '../cluster/auth.js';
import { NetworkError } from '../cluster/http.js';
import { LedgerError } from './ledgerFile.js';
import { safeRedacted, safeText } from '../core/text.js';
import type { LedgerOutcome } from './ledgerLines.js';
/** `at`: when the pair was answered, the time its ledger outcome line carries (the loop shows it). */
export type Progress = (result: PairResult, done: number, total: number, at: number) => void;

/** The ledger's hooks around each pair that sends a change (docs/ledger.md). */
export interface BatchJournal {
  /**
   * Before the first request that may change the pair; throwing stops the batch (nothing is sent for
   * it). `heldBefore`, on a grant: what the up-front holdings read found (null: it could not be read).
   */
  before(pair: GrantPair, heldBefore?: boolean | null): void;
  /** After its last request: the result, what the ledger records (`unknown`: the IAM may have applied it), and when it was answered. */
  after(result: PairResult, recorded: LedgerOutcome, at: number): void;
}

/** Stop the batch on auth/network/ledger trouble: the remaining pairs would fail the same way. */
function fatal(err: unknown): boolean {
  return err instanceof AuthError || err instanceof NetworkError || err instanceof LedgerError;
}

export interface RunOpts {
  onProgress?: Progress;
  /**
   * The auth or network error that stopped the batch (the rest is "not attempted"), or with
   * `interrupted` the signal's abort (Ctrl-C, SIGTERM): the batch still returns what it did.
   */
  onStop?: (err: Error & { hint?: string }, interrupted?: boolean) => void;
  journal?: BatchJournal;
  /** Ctrl-C or SIGTERM: the request in flight is abandoned (its pair may be applied), nothing more is sent. */
  signal?: AbortSignal;
  /** Stops the batch between pairs: no pair is sent once it aborts; the one in flight settles and is recorded. */
  stop?: AbortSignal;
  /**
   * A change made by undo. Its revoke: an account or group the IAM no longer knows holds nothing, so
   * its grant is gone (`already absent`); a plain revoke naming one fails instead (a mistyped uid is
   * not done). Its grant back: a pair found held up front is still recorded (`already held`), so the
   * revoke it gives back counts as undone and is never granted back later (docs/ledger.md).
   */
  undoing?: boolean;
  /** Something the results alone do not say (what an account holds could not be read). */
  onWarning?: (message: string) => void;
  /** The clock of the answer times (the ledger's and the progress's: one reading per pair). */
  now?: () => number;
}

/** What `one` tells runBatch about the pair it works on. */
export interface PairSteps {
  /** Right before its first request that may change the IAM (writes the intent): a grant's ACL `PUT`; with what was held before (BatchJournal). */
  begin(heldBefore?: boolean | null): void;
  /**
   * Right before the request that changes the pair itself (the entry's `PUT` or `DELETE`). Only from
   * here can a lost answer mean the pair may be applied: an error before it (the ACL step's) leaves
   * the pair failed, never unknown, so `undo` does not revoke a grant it never sent (docs/ledger.md).
   */
  sendingEntry(): void;
  /**
   * Its result may not be what the IAM did (a 5xx from a proxy can come after the IAM did it; an
   * answer to a retry after a lost one): the ledger records it unknown. `why` replaces the usual words.
   */
  maybeApplied(why?: string): void;
  /**
   * A grant's ACL step: right before its `PUT` (`sending`: until answered, whether it creates the ACL
   * is unknown), then its answer: `true` created (201), `false` there already, `null` still unknown (a
   * 409 or 5xx after a lost answer). The pair's result and ledger line say what is known, also when
   * the batch stops after it (docs/ledger.md, "The ACL step").
   */
  acl(created: boolean | null | 'sending'): void;
}

/** Who a pair's holdings are read for, in messages. */
export const holderLabel = (p: GrantPair): string => (p.gid !== undefined ? `group ${p.gid}` : p.uid);

/**
 * A result as it leaves this layer: its detail, often an error's or a server's words, with a URL's
 * user-info and credential parameters hidden (a token cut by a line break whole), then every control
 * character escaped. Every output (the CLI's lines and --json, the ledger, the loop's results panel)
 * then shows the same safe text (docs/iam-api.md, "Where and how").
 */
export const finished = (r: PairResult): PairResult => ({ ...r, detail: safeRedacted(r.detail) });

/**
 * Said after a failure that may have been applied: what the ledger records, and what undo will do
 * with it, which for a grant depends on what its intent says was held before (undoCheck.ts).
 */
function maybeAppliedText(op: 'grant' | 'revoke', pair: GrantPair, heldBefore: boolean | null | undefined, undoing: boolean): string {
  const recorded = `; ${MAYBE_APPLIED_TEXT}: the ledger records it as unknown`;
  if (op === 'revoke') return recorded;
  // Undo's own grant back is never revoked; unsettled, the revoke it gives back stays to be given back.
  if (undoing) return `${recorded}: it does not count as granted back, so undoing that session again sends it again`;
  if (heldBefore === false) return `${recorded}, and \`audit2grant undo\` takes it back`;
  return `${recorded}, but what ${safeText(holderLabel(pair))} held before could not be read, so it may have been held already: \`audit2grant undo\` will not revoke it, it lists it with the revoke to run once checked (audit2grant history)`;
}

/** The ACL fields of a result, as known (PairSteps.acl; undefined: no ACL step). */
const aclFields = (created: boolean | null | undefined): Pick<PairResult, 'aclCreated' | 'aclUnknown'> =>
  created === null ? { aclCreated: false, aclUnknown: true } : { aclCreated: created === true };

/** The abort that stops a batch (the signal's reason is not shown: it may be anything). */
const INTERRUPTED = 'interrupted';
/** Said of a grant stopped in its ACL step: nothing can have granted it. */
const ENTRY_NOT_SENT = 'its permission request was not sent, so nothing was granted';
/** How the detail of a pair a stopped batch never sent starts. */
const NOT_ATTEMPTED = 'not attempted';

export async function runBatch(
  pairs: readonly GrantPair[],
  opts: RunOpts,
  op: 'grant' | 'revoke',
  one: (pair: GrantPair, steps: PairSteps) => Promise<PairResult>,
): Promise<PairResult[]> {
  const results: PairResult[] = [];
  let stop: string | null = null;
  const interrupt = (): void => {
    opts.onStop?.(new Error(INTERRUPTED), true);
    stop = INTERRUPTED;
  };
  for (const pair of pairs) {
    let r: PairResult;
    // Read once per pair, when it is answered: the ledger's outcome line and the progress carry the same time.
    let answered: number | undefined;
    const at = (): number => (answered ??= (opts.now ?? Date.now)());
    if (!stop && opts.signal?.aborted) interrupt();
    if (!stop && opts.stop?.aborted) {
      r = { ...pair, outcome: 'failed', detail: NOT_SENT_STOPPED, aclCreated: false, fate: 'not sent' };
    } else if (stop) {
      r = { ...pair, outcome: 'failed', detail: `${NOT_ATTEMPTED}: ${stop}`, aclCreated: false, fate: 'not sent' };
    } else {
      let started = false;
      let entrySent = false;
      let maybe = false;
      let heldBefore: boolean | null | undefined;
      let acl: boolean | null | undefined;
      let aclSending = false;
      let maybeWhy: string | undefined;
      const maybeText = (): string => maybeWhy ?? maybeAppliedText(op, pair, heldBefore, opts.undoing === true);
      const steps: PairSteps = {
        begin: (held) => {
          opts.journal?.before(pair, held);
          started = true;
          heldBefore = held;
        },
        sendingEntry: () => {
          entrySent = true;
        },
        maybeApplied: (why) => {
          maybe = true;
          if (why !== undefined) maybeWhy = why;
        },
        acl: (created) => {
          aclSending = created === 'sending';
          acl = created === 'sending' ? null : created;
        },
      };
      try {
        r = finished(await one(pair, steps));
        if (acl !== undefined) r = { ...r, ...aclFields(acl) };
        // As the ledger records it (unknown), whatever the outcome word says.
        if (maybe) r = { ...r, detail: `${r.detail}${maybeText()}`, fate: 'maybe applied' };
        if (started) opts.journal?.after(r, maybe ? 'unknown' : r.outcome, at());
      } catch (err) {
        // Sent but unanswered (a lost connection, the time limit): the IAM may have applied it.
        const reached = (err instanceof NetworkError || err instanceof AuthError) && err.maybeSent;
        maybe = entrySent && reached;
        // An ACL request that cannot have reached the IAM (refused) made nothing; one abandoned or
        // unanswered may have: unknown. One answered keeps what it said (created, or there already).
        if (aclSending && !reached && !opts.signal?.aborted) acl = false;
        const failed = (detail: string): PairResult => finished({ ...pair, outcome: 'failed', detail, ...aclFields(acl) });
        if (opts.signal?.aborted) {
          // Its request was abandoned mid-way, answered or not: once sent, the IAM may have applied it.
          // The batch ends here and returns what it did, so the command can still say it.
          interrupt();
          r = failed(entrySent ? `${INTERRUPTED_WHILE_SENT}${maybeText()}` : started ? `${NOT_ATTEMPTED}: ${INTERRUPTED} in its ACL step, before its permission request` : `${NOT_ATTEMPTED}: ${INTERRUPTED}`);
          r.fate = entrySent ? 'maybe applied' : 'not sent';
          if (started) opts.journal?.after(r, entrySent ? 'unknown' : 'failed', at());
          results.push(r);
          opts.onProgress?.(r, results.length, pairs.length, at());
          continue;
        }
        if (!fatal(err)) {
          if (started) opts.journal?.after(failed((err as Error).message), entrySent ? 'unknown' : 'failed', at());
          throw err;
        }
        opts.onStop?.(err as Error);
        stop = STOPPED_AFTER_ERROR;
        // Keep the first line: AuthError hints say what to do.
        const hint = (err as AuthError).hint;
        r = failed(`${(err as Error).message}${hint ? ` (${hint})` : ''}`);
        if (maybe) {
          r.detail += maybeText();
          r.fate = 'maybe applied';
        }
        // The ACL step's request may have reached the IAM: say why the pair is not unknown anyway.
        else if (reached) r.detail += `; ${ENTRY_NOT_SENT}`;
        if (started) opts.journal?.after(r, maybe ? 'unknown' : 'failed', at());
      }
    }
    results.push(r);
    opts.onProgress?.(r, results.length, pairs.length, at());
  }
  return results;
}
