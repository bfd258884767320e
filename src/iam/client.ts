// The programmatic API of the grant side (used by the commands and the TUI): connect once, then
// grant / revoke / undo batches with the rails checked first and every applied call in the ledger.
// Nothing here prints: warnings and progress go through callbacks.
import { checkRails, refusedBatch, uniquePairs, type RailOptions, type RailReport } from '../core/rails/index.js';
import type { GrantPair, PairResult } from '../core/types.js';
import { OperationalError } from '../errors.js';
import { IamSession } from './auth.js';
import { resolveCluster, sameCluster, type ClusterFlags } from './credentials.js';
import { fetchHeld, grantPairs, revokePairs, type HeldMap, type Progress } from './grants.js';
import { HttpClient } from './http.js';
import { Ledger, ledgerPath, newSessionId, sessionToUndo, type LedgerRecord } from './ledger.js';

export interface ConnectOptions {
  flags: ClusterFlags;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Default: `$XDG_STATE_HOME/audit2grant/ledger.jsonl` or `~/.local/state/...`. */
  ledgerPath?: string;
  sessionId?: string;
  /** Warnings (insecure TLS, unused tokens, corrupt ledger lines): for stderr or the TUI. */
  onWarning?: (message: string) => void;
  /** Test knobs. */
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  now?: () => number;
}

export interface BatchOutcome {
  results: PairResult[];
  rails: RailReport;
  /** False when the rails stopped the batch (nothing was sent). */
  applied: boolean;
  /** An auth or network error stopped the batch midway: one line and what to do. */
  stopped?: { message: string; hint?: string };
}

export type GrantRails = Omit<RailOptions, 'op'>;

export interface IamClient {
  readonly clusterUrl: string;
  readonly sessionId: string;
  readonly ledger: Ledger;
  /** Who we act as, when known. */
  readonly actingUid: string | null;
  /** What uid holds (rid → action → how); null when this account may not read it; throws for an unknown uid. */
  heldPairs(uid: string): Promise<HeldMap | null>;
  grant(pairs: readonly GrantPair[], rails: GrantRails, onProgress?: Progress): Promise<BatchOutcome>;
  revoke(pairs: readonly GrantPair[], rails?: { forceNative?: boolean }, onProgress?: Progress, undoOf?: string): Promise<BatchOutcome>;
  /** Revoke exactly what a session granted (default: the latest not yet undone), newest first. */
  undo(sessionId?: string, onProgress?: Progress): Promise<BatchOutcome & { session: string }>;
  close(): void;
}

/** Resolve credentials, check them (login now, so a wrong password fails first), return a client. */
export async function connectIam(opts: ConnectOptions): Promise<IamClient> {
  const env = opts.env ?? process.env;
  const resolved = resolveCluster(opts.flags, env, { needAuth: true });
  for (const w of resolved.warnings) opts.onWarning?.(w);
  const http = new HttpClient({
    baseUrl: resolved.clusterUrl as string,
    tls: resolved.tls,
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    backoffMs: opts.backoffMs,
  });
  const session = new IamSession(http, resolved.login!, opts.now);
  try {
    await session.ensure();
  } catch (e) {
    http.close();
    throw e;
  }
  return new Client(session, http, resolved.clusterUrl as string, new Ledger(opts.ledgerPath ?? ledgerPath(env)), opts.sessionId ?? newSessionId(), opts);
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

  get actingUid(): string | null {
    return this.session.actingUid;
  }

  async heldPairs(uid: string): Promise<HeldMap | null> {
    const h = await fetchHeld(this.session, uid);
    if (h === 'unknown') throw new OperationalError(`the IAM does not know ${uid}`, 'create the service account first, or check the uid');
    return h;
  }

  grant(pairs: readonly GrantPair[], rails: GrantRails, onProgress?: Progress): Promise<BatchOutcome> {
    return this.apply('grant', pairs, rails, onProgress);
  }

  revoke(pairs: readonly GrantPair[], rails: { forceNative?: boolean } = {}, onProgress?: Progress, undoOf?: string): Promise<BatchOutcome> {
    return this.apply('revoke', pairs, rails, onProgress, undoOf);
  }

  /** The rails first (nothing is sent when they refuse), then each pair, recorded in the ledger as the IAM answers. */
  private async apply(op: 'grant' | 'revoke', pairs: readonly GrantPair[], rails: GrantRails, onProgress?: Progress, undoOf?: string): Promise<BatchOutcome> {
    const batch = uniquePairs(pairs);
    const report = checkRails(batch, { ...rails, op });
    if (!report.ok) return { results: refusedBatch(report), rails: report, applied: false };
    for (const w of report.warnings) this.opts.onWarning?.(w);
    let stopped: BatchOutcome['stopped'];
    const onStop = (e: Error & { hint?: string }) => (stopped = { message: e.message, hint: e.hint });
    const send = op === 'grant' ? grantPairs : revokePairs;
    const results = await send(this.session, batch, { onProgress, onStop, signal: this.opts.signal, onReached: (r) => this.record(op, r, undoOf) });
    return { results, rails: report, applied: true, stopped };
  }

  async undo(sessionId?: string, onProgress?: Progress): Promise<BatchOutcome & { session: string }> {
    const { session, grants } = sessionToUndo(this.ledger, sessionId, this.opts.onWarning);
    const elsewhere = grants.find((r) => !sameCluster(r.cluster, this.clusterUrl));
    if (elsewhere) {
      throw new OperationalError(`session ${session} granted on ${elsewhere.cluster}, not on ${this.clusterUrl}`, `connect to ${elsewhere.cluster} to undo it`);
    }
    // Those grants were allowed then (native override included); undo restores the state before.
    const out = await this.revoke(grants.map(({ uid, rid, action }) => ({ uid, rid, action })), { forceNative: true }, onProgress, session);
    return { ...out, session };
  }

  close(): void {
    this.http.close();
  }

  private record(op: 'grant' | 'revoke', r: PairResult, undoOf?: string): void {
    const rec: LedgerRecord = {
      time: new Date(this.opts.now?.() ?? Date.now()).toISOString(),
      cluster: this.clusterUrl,
      session: this.sessionId,
      uid: r.uid,
      rid: r.rid,
      action: r.action,
      op,
      outcome: r.outcome,
      aclCreated: r.aclCreated,
      ...(r.detail ? { detail: r.detail } : {}),
      ...(undoOf ? { undoOf } : {}),
    };
    try {
      this.ledger.append([rec]);
    } catch (e) {
      this.opts.onWarning?.(`could not write the ledger ${this.ledger.path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): this ${op} is not recorded`);
    }
  }
}
