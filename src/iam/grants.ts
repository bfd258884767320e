// The IAM operations on (uid, rid, action) pairs: grant (ensure the ACL, then the entry; a pair
// already held, holdings.ts, is skipped), revoke (delete the entry; NEVER the ACL, which would
// strip every principal). Each pair that sends a change is journaled: an intent before, an outcome
// after (docs/ledger.md).
import { MAYBE_APPLIED_TEXT, NOT_SENT_STOPPED, STOPPED_AFTER_ERROR, type GrantPair, type PairResult } from '../core/types.js';
import { ACL_DESCRIPTION, acePath, aclPath } from '../core/plan/requests.js';
import { AuthError, type IamSession } from '../cluster/auth.js';
import { iamError, NetworkError } from '../cluster/http.js';
import { LedgerError } from './ledgerFile.js';
import { redactUrls } from '../core/redact.js';
import { safeRedacted, safeText } from '../core/text.js';
import type { LedgerOutcome } from './ledgerLines.js';
import { fetchGroupHeld, fetchHeld, heldBecause, type HeldMap } from './holdings.js';
import { ABSENT_CODES, absentCode, ACE_DONE, ACL_EXISTS, failedText, iamConflict, notTheIamsConflict, notTheIamsSuccess } from './answers.js';

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

/** The principal whose holdings decide whether a pair is held already: its group, or its account. */
const holderKey = (p: GrantPair): string => (p.gid !== undefined ? `group\u0000${p.gid}` : p.uid);

/** Stop the batch on auth/network/ledger trouble: the remaining pairs would fail the same way. */
function fatal(err: unknown): boolean {
  return err instanceof AuthError || err instanceof NetworkError || err instanceof LedgerError;
}

interface RunOpts {
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
interface PairSteps {
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
}

/**
 * A result as it leaves this layer: its detail, often an error's or a server's words, with a URL's
 * user-info and credential parameters hidden (a token cut by a line break whole), then every control
 * character escaped. Every output (the CLI's lines and --json, the ledger, the loop's results panel)
 * then shows the same safe text (docs/iam-api.md, "Where and how").
 */
export const finished = (r: PairResult): PairResult => ({ ...r, detail: safeRedacted(r.detail) });

/** Said after a failure that may have been applied, per operation. */
const MAYBE_APPLIED = {
  grant: `; ${MAYBE_APPLIED_TEXT}: the ledger records it as unknown, and \`audit2grant undo\` takes it back`,
  revoke: `; ${MAYBE_APPLIED_TEXT}: the ledger records it as unknown`,
};

/** The abort that stops a batch (the signal's reason is not shown: it may be anything). */
const INTERRUPTED = 'interrupted';
/** Said of a grant stopped in its ACL step: nothing can have granted it. */
const ENTRY_NOT_SENT = 'its permission request was not sent, so nothing was granted';
/** How the detail of a pair a stopped batch never sent starts. */
const NOT_ATTEMPTED = 'not attempted';

async function runBatch(
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
      let maybeWhy = MAYBE_APPLIED[op];
      const steps: PairSteps = {
        begin: (heldBefore) => {
          opts.journal?.before(pair, heldBefore);
          started = true;
        },
        sendingEntry: () => {
          entrySent = true;
        },
        maybeApplied: (why) => {
          maybe = true;
          if (why !== undefined) maybeWhy = why;
        },
      };
      try {
        r = finished(await one(pair, steps));
        // As the ledger records it (unknown), whatever the outcome word says.
        if (maybe) r = { ...r, detail: `${r.detail}${maybeWhy}`, fate: 'maybe applied' };
        if (started) opts.journal?.after(r, maybe ? 'unknown' : r.outcome, at());
      } catch (err) {
        // Sent but unanswered (a lost connection, the time limit): the IAM may have applied it.
        const reached = (err instanceof NetworkError || err instanceof AuthError) && err.maybeSent;
        maybe = entrySent && reached;
        const failed = (detail: string): PairResult => finished({ ...pair, outcome: 'failed', detail, aclCreated: false });
        if (opts.signal?.aborted) {
          // Its request was abandoned mid-way, answered or not: once sent, the IAM may have applied it.
          // The batch ends here and returns what it did, so the command can still say it.
          interrupt();
          r = failed(entrySent ? `${INTERRUPTED} while it was sent${MAYBE_APPLIED[op]}` : started ? `${NOT_ATTEMPTED}: ${INTERRUPTED} in its ACL step, before its permission request` : `${NOT_ATTEMPTED}: ${INTERRUPTED}`);
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
          r.detail += MAYBE_APPLIED[op];
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

/** Who a pair's holdings are read for, in messages. */
const holderLabel = (p: GrantPair): string => (p.gid !== undefined ? `group ${p.gid}` : p.uid);

/** Grant each pair: skip what is held, ensure the ACL (201/409), add the entry (204/409). */
export async function grantPairs(session: IamSession, pairs: readonly GrantPair[], opts: RunOpts = {}): Promise<PairResult[]> {
  const heldBy = new Map<string, HeldMap | null | 'unknown'>();
  for (const p of pairs) {
    const k = holderKey(p);
    if (heldBy.has(k)) continue;
    // Unread holdings are not "holds nothing": a 409 after a lost answer then proves nothing about
    // who granted it (below), and pairs held already are sent again. Said once, before any grant.
    const unread = (why: string): void =>
      opts.onWarning?.(`could not read what ${safeText(holderLabel(p))} holds (${why}): what it already holds is not skipped, and a grant whose answer is lost is recorded unknown`);
    heldBy.set(k, p.gid !== undefined ? await fetchGroupHeld(session, p.gid, unread) : await fetchHeld(session, p.uid, unread));
  }
  const aclsReady = new Map<string, boolean>(); // rid → created by us
  return runBatch(pairs, opts, 'grant', async (pair, steps) => {
    const base = { ...pair, aclCreated: false };
    const held = heldBy.get(holderKey(pair));
    if (held === 'unknown') {
      const detail = pair.gid !== undefined
        ? `the IAM does not know group ${pair.gid}: create it first (dcos security org groups create ${pair.gid})`
        : `the IAM does not know ${pair.uid}: create the service account first`;
      return { ...base, outcome: 'failed', detail };
    }
    const because = held ? heldBecause(held, pair) : null;
    if (because) {
      // Nothing is sent, but a grant back that ends here settles the revoke it gives back: written.
      if (opts.undoing) steps.begin(true);
      return { ...base, outcome: 'already held', detail: because };
    }
    // Said in the intent: if its outcome is never written, undo revokes it only when it was not held before.
    steps.begin(held ? false : null);
    let created = false;
    if (!aclsReady.has(pair.rid)) {
      const acl = await session.call('PUT', aclPath(pair.rid), { description: ACL_DESCRIPTION });
      if (acl.status === 409 && !iamConflict(acl, ACL_EXISTS)) return { ...base, outcome: 'failed', detail: `creating the ACL failed: ${notTheIamsConflict(acl, ACL_EXISTS)}` };
      if (acl.status !== 201 && acl.status !== 409) return { ...base, outcome: 'failed', detail: `creating the ACL failed: ${failedText(acl, pair)}` };
      created = acl.status === 201;
      aclsReady.set(pair.rid, created);
    }
    steps.sendingEntry();
    const res = await session.call('PUT', acePath(pair));
    if (res.status === ACE_DONE) return { ...base, outcome: 'granted', detail: created ? 'ACL created' : '', aclCreated: created };
    // Another 2xx (a login page a proxy serves with 200) is not the IAM's "granted"; the request may
    // still have reached it, so the ledger says unknown and undo takes it back (docs/ledger.md).
    if (res.status >= 200 && res.status < 300) {
      steps.maybeApplied();
      return { ...base, outcome: 'failed', detail: notTheIamsSuccess('grant', res), aclCreated: created };
    }
    const exists = iamConflict(res);
    // Our first PUT may have been applied with its answer lost. When the check above read the
    // holdings and did not find the pair, the IAM having it now is this session's doing, and undo
    // must take it back. When it could not read them, the pair may have been held before: unknown.
    if (exists && res.uncertain && held) {
      return { ...base, outcome: 'granted', detail: `the answer was lost and the retry found it applied (409 ${exists}): granted by this session`, aclCreated: created };
    }
    if (exists && res.uncertain) {
      steps.maybeApplied(`; what ${holderLabel(pair)} held before could not be read, so it may have been held already: the ledger records it as unknown, and \`audit2grant undo\` will not revoke it: it lists it with the revoke to run once checked (audit2grant history)`);
      return { ...base, outcome: 'failed', detail: `the answer was lost and the retry found it held (409 ${exists})`, aclCreated: created };
    }
    if (exists) return { ...base, outcome: 'already held', detail: `the IAM already had it (409 ${exists})`, aclCreated: created };
    // Any other answer after a lost one (a 429, 400, 404, 409 that is not the IAM's) says nothing of
    // the attempt that was lost: the first PUT may have been applied. A 5xx may come after it too.
    if (res.uncertain || res.status >= 500) steps.maybeApplied();
    if (res.status === 409) return { ...base, outcome: 'failed', detail: notTheIamsConflict(res, '"already held"'), aclCreated: created };
    return { ...base, outcome: 'failed', detail: failedText(res, pair), aclCreated: created };
  });
}

/** Revoke each pair by deleting its entry; "not there" answers count as success. */
export async function revokePairs(session: IamSession, pairs: readonly GrantPair[], opts: RunOpts = {}): Promise<PairResult[]> {
  return runBatch(pairs, opts, 'revoke', async (pair, steps) => {
    const base = { ...pair, aclCreated: false };
    steps.begin();
    steps.sendingEntry();
    const res = await session.call('DELETE', acePath(pair));
    const e = iamError(res);
    const absent = absentCode(res);
    if (res.status === ACE_DONE) return { ...base, outcome: 'revoked', detail: '' };
    // After a lost answer, anything but the IAM's 204 says nothing of the attempt that was lost: the
    // first DELETE may have been applied (recorded unknown, so `undo` neither takes it for "nothing
    // happened" nor grants it back: docs/ledger.md). Undo's own revoke is done once the pair is gone.
    if (res.uncertain && !(opts.undoing && absent)) steps.maybeApplied();
    // "Absent" only when the IAM itself says so (docs/iam-api.md): any other answer leaves the pair
    // failed, so undo does not count it undone and tries again (docs/ledger.md).
    if (absent === 'ERR_UNKNOWN_USER_ID' || absent === 'ERR_UNKNOWN_GROUP_ID') {
      const who = absent === 'ERR_UNKNOWN_USER_ID' ? pair.uid : `group ${pair.gid}`;
      if (opts.undoing) return { ...base, outcome: 'already absent', detail: `the IAM does not know ${who}` };
      return { ...base, outcome: 'failed', detail: `the IAM does not know ${who} (${absent}): nothing to revoke; check the ${absent === 'ERR_UNKNOWN_USER_ID' ? 'uid' : 'gid'}` };
    }
    if (absent) return { ...base, outcome: 'already absent', detail: absent };
    if (res.status === 404) {
      const what = e.code ? `404 ${safeText(e.code.slice(0, 64))}` : '404 without an IAM error code';
      const detail = `the answer was ${what}, not the IAM's "not there" (${ABSENT_CODES.join(', ')}): the grant may still be held (a proxy or gateway in the way, or a wrong URL prefix: is ${redactUrls(session.http.baseUrl.href)} the cluster URL?)`;
      return { ...base, outcome: 'failed', detail };
    }
    if (res.status >= 500 || (res.status >= 200 && res.status < 300)) steps.maybeApplied();
    return { ...base, outcome: 'failed', detail: res.status < 300 ? notTheIamsSuccess('revoke', res) : failedText(res, pair) };
  });
}
