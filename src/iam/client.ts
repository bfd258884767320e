// The programmatic API of the grant side (used by the commands and the TUI): connect once, then
// grant / revoke / undo batches with the rails checked first and every change in the ledger: an
// intent before its first request, an outcome after (docs/ledger.md). Nothing here prints: warnings
// and progress go through callbacks.
import { safeText } from '../core/text.js';
import { checkRails, refusedBatch, uniquePairs, validatePair, type BatchDecision, type RailOptions, type RailReport } from '../core/policy/index.js';
import type { GrantPair, PairResult } from '../core/types.js';
import { OperationalError } from '../errors.js';
import { IamSession } from '../cluster/auth.js';
import { listClusterNodes, type NodeListing } from '../cluster/nodes.js';
import { resolveCluster, sameCluster, type ClusterFlags } from '../cluster/credentials.js';
import { finished, grantPairs, revokePairs, type Progress } from './grants.js';
import { ledgerJournal } from './batchJournal.js';
import { othersInFlight } from './inFlight.js';
import { fetchHeld, fetchHoldings, type HeldMap, type Holding } from './holdings.js';
import { secondsFromEnv } from '../cluster/env-limit.js';
import { DEADLINE_ENV, HttpClient, type HttpClientOptions } from '../cluster/http.js';
import { checkedLedgerPath } from './ledgerHome.js';
import { Ledger, newSessionId, sessionToUndo, stuckUndo, type LedgerRecord, type LedgerSnapshot, type StuckUndo } from './ledger.js';
import { planForPairs, unnamedDetail } from './undoPairs.js';
import { undoneDetail } from './undoState.js';
import { markUnconfirmed } from './undoUnconfirmed.js';

/** The pair a ledger record names (its group, when it has one). */
export const pairOf = (r: LedgerRecord): GrantPair => (r.gid !== undefined ? { uid: r.uid, rid: r.rid, action: r.action, gid: r.gid } : { uid: r.uid, rid: r.rid, action: r.action });

/** The HTTP client's limits, as test knobs (defaults in http.ts; the total limit also comes from AUDIT2GRANT_IAM_DEADLINE). */
type HttpKnobs = Pick<HttpClientOptions, 'timeoutMs' | 'deadlineMs' | 'retries' | 'backoffMs' | 'maxRateLimitWaitMs' | 'rateLimitBudgetMs'>;

export interface ConnectOptions extends HttpKnobs {
  flags: ClusterFlags;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Default: `$XDG_STATE_HOME/audit2grant/ledger.jsonl` or `~/.local/state/...`. */
  ledgerPath?: string;
  sessionId?: string;
  /** Warnings (insecure TLS, unused tokens, corrupt ledger lines): for stderr or the TUI. */
  onWarning?: (message: string) => void;
  now?: () => number;
  /** Bytes the ledger's file system must have free before each intent (default LEDGER_ROOM; a test knob). */
  ledgerRoom?: number;
}

/** The total limit per IAM request from the environment, in ms (undefined: the default). */
export function deadlineFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  return secondsFromEnv(env, DEADLINE_ENV);
}

export interface BatchOutcome {
  results: PairResult[];
  rails: RailReport;
  /** False when the rails stopped the batch (nothing was sent). */
  applied: boolean;
  /** An auth or network error, or an interruption, stopped the batch midway: one line and what to do. */
  stopped?: { message: string; hint?: string };
  /** Ctrl-C or SIGTERM stopped it: `results` hold what was done, the pair in flight (may be applied) and what was not sent. */
  interrupted?: boolean;
}

/** `stop`: no pair of the batch is sent once it aborts (the one in flight settles and is recorded). */
export type GrantRails = Omit<RailOptions, 'op'> & { stop?: AbortSignal };

export interface RevokeRails {
  forceNative?: boolean;
  /** Revokes of grants found unused (`revoke --from`, the loop's list): recorded so `undo` may grant them back. */
  regrantable?: boolean;
  /** As for grants: no pair is sent once it aborts. */
  stop?: AbortSignal;
}

/**
 * The consent for what `undo` grants back: the grant policy as for `grant`. Unattended (the default)
 * refuses SENSITIVE and uncatalogued pairs without `yes`; interactive asks `confirm` first.
 */
export interface RegrantConsent {
  mode: 'interactive' | 'unattended';
  yes: boolean;
  /** Asked, before anything is changed, about the pairs the policy wants confirmed: true = grant them back. */
  confirm?: (confirm: readonly BatchDecision[]) => Promise<boolean>;
}

export interface UndoScope {
  gid?: string;
  consent?: RegrantConsent;
  /** Only these pairs of what the session did (`op`: grant, or revoke as unused): the loop's `u` on one batch. */
  pairs?: { list: readonly GrantPair[]; op: 'grant' | 'revoke' };
  /** As for a batch: no pair is sent once it aborts. */
  stop?: AbortSignal;
  /** The ledger as the caller read it to check the session first: planned from it, not read again (another run may append meanwhile). */
  snapshot?: LedgerSnapshot;
}

/** An undo's outcome: `stuck` when a bare undo's session has nothing it can send (ledger.ts stuckUndo). */
export type UndoOutcome = BatchOutcome & { session: string; stuck?: StuckUndo };

export interface IamClient {
  readonly clusterUrl: string;
  readonly sessionId: string;
  readonly ledger: Ledger;
  /** Who we act as, when known. */
  readonly actingUid: string | null;
  /** What uid holds (rid → action → how); null when this account may not read it; throws for an unknown uid. */
  heldPairs(uid: string): Promise<HeldMap | null>;
  /** What uid holds, directly and through each group (`unused`); throws when it cannot be read. */
  holdings(uid: string): Promise<Holding[]>;
  /** The cluster's nodes as its API lists them (`unused` compares them with the hosts read); throws when it cannot. */
  nodes(): Promise<NodeListing>;
  /** `undoOf`: this grant gives back what that session revoked (the loop's undo of its revoke batch). */
  grant(pairs: readonly GrantPair[], rails: GrantRails, onProgress?: Progress, undoOf?: string): Promise<BatchOutcome>;
  revoke(pairs: readonly GrantPair[], rails?: RevokeRails, onProgress?: Progress, undoOf?: string): Promise<BatchOutcome>;
  /**
   * Revoke exactly what a session granted (default: the latest not yet undone), newest first; with
   * `gid`, only what it granted to that group (and the default is the latest with such grants left).
   * What it revoked as unused is granted back under `consent` (default: unattended, no --yes).
   */
  undo(sessionId?: string, onProgress?: Progress, only?: UndoScope): Promise<UndoOutcome>;
  close(): void;
}

/** Resolve credentials, check them (login now, so a wrong password fails first), return a client. */
export async function connectIam(opts: ConnectOptions): Promise<IamClient> {
  const env = opts.env ?? process.env;
  const resolved = resolveCluster(opts.flags, env, { needAuth: true });
  for (const w of resolved.warnings) opts.onWarning?.(w);
  // Where the ledger goes is settled before the login: a home not ours is refused before any request.
  const ledger = new Ledger(opts.ledgerPath ?? checkedLedgerPath(env), opts.onWarning);
  const http = new HttpClient({
    baseUrl: resolved.clusterUrl as string,
    tls: resolved.tls,
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    deadlineMs: opts.deadlineMs ?? deadlineFromEnv(env),
    retries: opts.retries,
    backoffMs: opts.backoffMs,
    maxRateLimitWaitMs: opts.maxRateLimitWaitMs,
    rateLimitBudgetMs: opts.rateLimitBudgetMs,
  });
  const session = new IamSession(http, resolved.login!, opts.now);
  try {
    await session.ensure();
  } catch (e) {
    http.close();
    throw e;
  }
  return new Client(session, http, resolved.clusterUrl as string, ledger, opts.sessionId ?? newSessionId(), opts);
}

class Client implements IamClient {
  constructor(
    private readonly session: IamSession,
    private readonly http: HttpClient,
    readonly clusterUrl: string,
    readonly ledger: Ledger,
    readonly sessionId: string,
    private readonly opts: ConnectOptions,
  ) {}

  nodes(): Promise<NodeListing> {
    return listClusterNodes(this.session);
  }

  get actingUid(): string | null {
    return this.session.actingUid;
  }

  async heldPairs(uid: string): Promise<HeldMap | null> {
    const h = await fetchHeld(this.session, uid);
    if (h === 'unknown') throw new OperationalError(`the IAM does not know ${uid}`, 'create the service account first, or check the uid');
    return h;
  }

  async holdings(uid: string): Promise<Holding[]> {
    const h = await fetchHoldings(this.session, uid);
    if (h === 'unknown') throw new OperationalError(`the IAM does not know ${uid}`, 'check the uid (audit2grant unused --uid UID)');
    if (h === 'forbidden') {
      throw new OperationalError(`${this.actingUid ?? 'this account'} may not read what ${uid} holds (403)`, 'log in as an account with dcos:superuser (or dcos:adminrouter:acs on 1.10-era clusters), or as the account itself');
    }
    // The IAM's rows become revoke commands and requests: a row that is not a valid pair (a
    // terminal escape, a path in a rid) is left out, with a warning, as anything read is.
    return h.filter((g) => {
      const bad = validatePair(g.gid === null ? { uid, rid: g.rid, action: g.action } : { uid, rid: g.rid, action: g.action, gid: g.gid });
      if (bad) this.opts.onWarning?.(`the IAM listed a grant of ${uid} that is not a valid permission, left out: ${safeText(bad)}`);
      return !bad;
    });
  }

  grant(pairs: readonly GrantPair[], rails: GrantRails, onProgress?: Progress, undoOf?: string): Promise<BatchOutcome> {
    return this.apply('grant', pairs, rails, onProgress, undoOf);
  }

  revoke(pairs: readonly GrantPair[], rails: RevokeRails = {}, onProgress?: Progress, undoOf?: string): Promise<BatchOutcome> {
    return this.apply('revoke', pairs, { forceNative: rails.forceNative, stop: rails.stop }, onProgress, undoOf, rails.regrantable === true);
  }

  /**
   * The rails first (nothing is sent when they refuse), then a check that the ledger can be written
   * (nothing is sent when it cannot), then each pair, journaled around its requests.
   */
  private async apply(op: 'grant' | 'revoke', pairs: readonly GrantPair[], { stop, ...rails }: GrantRails, onProgress?: Progress, undoOf?: string, regrantable = false): Promise<BatchOutcome> {
    const batch = uniquePairs(pairs);
    const report = checkRails(batch, { ...rails, op });
    if (!report.ok) return { results: refusedBatch(report).map(finished), rails: report, applied: false };
    this.ledger.ensureWritable();
    for (const w of report.warnings) this.opts.onWarning?.(w);
    for (const w of othersInFlight(this.ledger.read().records, batch, this.clusterUrl, op)) this.opts.onWarning?.(w);
    let stopped: BatchOutcome['stopped'];
    let interrupted = false;
    const onStop = (e: Error & { hint?: string }, byAbort?: boolean): void => {
      stopped = { message: e.message, hint: e.hint };
      interrupted = byAbort === true;
    };
    const send = op === 'grant' ? grantPairs : revokePairs;
    const results = await send(this.session, batch, { onProgress, onStop, signal: this.opts.signal, stop, journal: ledgerJournal(this, this.opts, op, undoOf, regrantable), undoing: undoOf !== undefined, onWarning: this.opts.onWarning, now: this.opts.now });
    if (interrupted) return { results, rails: report, applied: true, stopped: this.interruption(op, results, undoOf, regrantable), interrupted };
    return { results, rails: report, applied: true, stopped };
  }

  /** What an interrupted batch did, in one line, and what to do next: the session to undo or to finish undoing. */
  private interruption(op: 'grant' | 'revoke', results: readonly PairResult[], undoOf?: string, regrantable = false): { message: string; hint: string } {
    const maybe = results.filter((r) => r.fate === 'maybe applied').length;
    const notSent = results.filter((r) => r.fate === 'not sent').length;
    const answered = results.length - maybe - notSent;
    const message = `interrupted: ${answered} pair${answered === 1 ? '' : 's'} answered, ${maybe} may be applied, ${notSent} not sent`;
    const s = this.sessionId;
    let hint: string;
    if (undoOf !== undefined) hint = `\`audit2grant undo --session ${undoOf}\` again finishes the undo (what it undid is not sent again); this undo is session ${s}`;
    else if (op === 'grant') hint = `\`audit2grant undo --session ${s}\` takes back what session ${s} granted or may have, where it could read the holdings first (each line above says whether it will); run the grant again for the pairs not sent`;
    else if (regrantable) hint = `\`audit2grant undo --session ${s}\` grants back what session ${s} revoked (asking first as grant does); run the revoke again for the pairs not sent`;
    else hint = `session ${s}: undo never grants back a plain revoke (\`audit2grant history\` lists what it revoked); run the revoke again for the pairs not sent`;
    return { message, hint };
  }

  async undo(sessionId?: string, onProgress?: Progress, only: UndoScope = {}): Promise<UndoOutcome> {
    // One read: the plan, its checks and what is said when nothing can be sent all come from it.
    const ledger = only.snapshot ?? this.ledger.snapshot();
    const whole = sessionToUndo(ledger, sessionId, this.opts.onWarning, only.gid, this.clusterUrl);
    const scoped = only.pairs ? planForPairs(whole, only.pairs.list, only.pairs.op) : { plan: whole, unnamed: [] };
    const { session, grants, regrants, skipped, notes, done } = scoped.plan;
    const elsewhere = [...grants, ...regrants, ...skipped.map((s) => s.record)].find((r) => !sameCluster(r.cluster, this.clusterUrl));
    if (elsewhere) {
      throw new OperationalError(`session ${session} granted on ${elsewhere.cluster}, not on ${this.clusterUrl}`, `connect to ${elsewhere.cluster} to undo it`);
    }
    // What an earlier undo reverted is reported, never sent again (docs/ledger.md): the IAM may hold
    // it now through someone else's grant. Their details name what a ledger record holds (it may be
    // old or edited by hand): finished as a batch's are.
    const reported: PairResult[] = [
      ...done.map(({ record, by }): PairResult => ({ ...pairOf(record), outcome: 'already undone', detail: undoneDetail(record, by), aclCreated: false })),
      ...skipped.map(({ record, reason }): PairResult => ({ ...pairOf(record), outcome: 'refused', detail: reason, aclCreated: false })),
      ...scoped.unnamed.map((p): PairResult => ({ ...p, outcome: 'refused', detail: unnamedDetail(only.pairs?.op ?? 'grant', session), aclCreated: false })),
    ].map(finished);
    // Answered before anything is sent: a caller showing pairs in flight in the order sent (the loop)
    // takes them out of that order now, so the pair it shows as being sent is the one that is.
    const known = (this.opts.now ?? Date.now)();
    reported.forEach((r, i) => onProgress?.(r, i + 1, reported.length, known));
    if (grants.length === 0 && regrants.length === 0) {
      const stuck = sessionId === undefined ? stuckUndo(ledger, whole, only.gid, this.clusterUrl) : null;
      return { results: reported, rails: checkRails([], { op: 'revoke' }), applied: false, session, ...(stuck ? { stuck } : {}) };
    }
    // What goes back is a grant like any other: the grant policy's consent, asked before anything
    // changes (nothing DANGEROUS or native reaches it: regrantCheck; --allow-dangerous is never implied).
    const consent = only.consent ?? { mode: 'unattended', yes: false };
    let yes = consent.yes;
    let declined = false;
    const ask = checkRails(regrants.map(pairOf), { op: 'grant', mode: consent.mode, yes });
    if (ask.refused.length === 0 && ask.confirm.length > 0 && consent.mode === 'interactive' && consent.confirm) {
      yes = await consent.confirm(ask.confirm);
      declined = !yes;
    }
    for (const n of notes) this.opts.onWarning?.(n);
    // Those grants were allowed then (native override included); undo restores the state before.
    // A revoke of a grant whose answer was never read says it may take someone's later grant too.
    const mark = markUnconfirmed(grants);
    const progress: Progress | undefined = onProgress && ((r, ...rest) => onProgress(mark(r), ...rest));
    const sent = grants.length > 0 ? await this.revoke(grants.map(pairOf), { forceNative: true, stop: only.stop }, progress, session) : null;
    const out = sent && { ...sent, results: sent.results.map(mark) };
    if (out?.stopped || regrants.length === 0) return { ...(out as BatchOutcome), results: [...(out as BatchOutcome).results, ...reported], session };
    // Checked again unattended: the answer (or --yes) is the only consent.
    const back = await this.apply('grant', regrants.map(pairOf), { mode: 'unattended', yes, stop: only.stop }, onProgress, session);
    const backResults = declined ? back.results.map((r) => (r.outcome === 'refused' ? { ...r, detail: `not confirmed: ${r.detail ?? ''}` } : r)) : back.results;
    return {
      results: [...(out?.results ?? []), ...backResults, ...reported],
      rails: back.rails,
      applied: (out?.applied ?? false) || back.applied,
      ...(back.stopped ? { stopped: back.stopped } : {}),
      ...(back.interrupted ? { interrupted: true } : {}),
      session,
    };
  }

  close(): void {
    this.http.close();
  }
}
