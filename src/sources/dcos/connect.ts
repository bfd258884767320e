// The dcos:// sources' door to the cluster connection (src/cluster/): credentials (flags,
// environment, DC/OS CLI config), login and token refresh shared by every node reader, and small
// authenticated JSON calls. Only the streamed reads (request.ts) take TLS trust from src/cluster/ directly.
import { UsageError } from '../../errors.js';
import { IamSession, type LoginMethod } from '../../cluster/auth.js';
import { resolveCluster, type ClusterFlags } from '../../cluster/credentials.js';
import { DEADLINE_ENV, HttpClient, NetworkError } from '../../cluster/http.js';
import { secondsFromEnv } from '../../cluster/env-limit.js';
import type { TlsSettings } from '../../cluster/tls.js';
import { jwtClaims } from '../../cluster/jwt.js';
import { checkNodeAddress } from '../../cluster/nodes.js';

export type { ClusterFlags, TlsSettings };
export { checkNodeAddress, NetworkError };

/** Where to read from and as whom, resolved once by the command (before any source opens). */
export interface DcosCluster {
  clusterUrl: string;
  tls: TlsSettings;
  login: LoginMethod;
  /** For stderr (TLS verification off, a token left unused, …). */
  warnings: string[];
  /** The account that reads the logs, when the credentials tell (a JWT's uid, the login uid). */
  readerUid: string | null;
  /** A static token that is no readable JWT (opaque, or simply wrong): it cannot name an account. */
  opaqueToken?: boolean;
  /** Total limit of one cluster-API request (login, node lists), from AUDIT2GRANT_IAM_DEADLINE; unset: the client's default. */
  apiDeadlineMs?: number;
}

/** Resolve the cluster and credentials for dcos:// sources; a UsageError says what is missing. */
export function resolveDcosCluster(flags: ClusterFlags, env: NodeJS.ProcessEnv): DcosCluster {
  let r;
  try {
    r = resolveCluster(flags, env, { needAuth: true });
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`dcos:// sources read the cluster's logging API with the cluster credentials, but ${e.message}`, e.hint);
    throw e;
  }
  const login = r.login as LoginMethod;
  const claims = login.kind === 'token' ? jwtClaims(login.token) : null;
  const readerUid = login.kind === 'token' ? (claims?.uid ?? null) : login.uid;
  // The same limit as every other request to the cluster API (docs/ledger.md, "Time limits").
  const apiDeadlineMs = secondsFromEnv(env, DEADLINE_ENV);
  return { clusterUrl: r.clusterUrl as string, tls: r.tls, login, warnings: r.warnings, readerUid, ...(claims && !claims.readable ? { opaqueToken: true } : {}), ...(apiDeadlineMs !== undefined ? { apiDeadlineMs } : {}) };
}

export interface JsonAnswer {
  status: number;
  json: unknown;
}

/** One logged-in connection shared by every node reader: the token, its refresh, and JSON GETs. */
export class ClusterLink {
  private readonly http: HttpClient;
  private readonly session: IamSession;
  private refreshing: Promise<string> | null = null;

  constructor(readonly cluster: DcosCluster, signal?: AbortSignal, opts: { timeoutMs?: number; retries?: number } = {}) {
    this.http = new HttpClient({ baseUrl: cluster.clusterUrl, tls: cluster.tls, signal, timeoutMs: opts.timeoutMs, retries: opts.retries ?? 1, deadlineMs: cluster.apiDeadlineMs });
    this.session = new IamSession(this.http, cluster.login);
  }

  get clusterUrl(): URL {
    return this.http.baseUrl;
  }

  get tls(): TlsSettings {
    return this.cluster.tls;
  }

  /** Who reads (after login: the token's or login's uid), else what the credentials said. */
  get readerUid(): string | null {
    return this.session.actingUid ?? this.cluster.readerUid;
  }

  /** `DCOS_ACS_TOKEN`, `--token`, `service login as ci`: for messages. */
  get tokenOrigin(): string {
    return this.session.tokenOrigin;
  }

  /** Can a 401 be cured by logging in again (a login), or only by the user (a static token)? */
  get refreshable(): boolean {
    return this.cluster.login.kind !== 'token';
  }

  /** Log in now (or check the static token's expiry), so bad credentials fail before any node is read. */
  ensure(): Promise<void> {
    return this.session.ensure();
  }

  token(): Promise<string> {
    return this.session.authToken();
  }

  /**
   * After a 401 with token `stale`: a fresh token (one login shared by every node that got the
   * 401 at the same time), or null when the token cannot be refreshed.
   */
  async refresh(stale: string): Promise<string | null> {
    if (!this.refreshable) return null;
    const current = await this.session.authToken();
    if (current !== stale) return current; // another node already logged in again
    this.refreshing ??= (async () => {
      this.session.dropToken();
      return this.session.authToken();
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** An authenticated GET of a JSON answer of at most `maxBodyBytes` (default 1 MiB; a 401 logs in again once; 403 is returned, not thrown). */
  async getJson(route: string, maxBodyBytes?: number): Promise<JsonAnswer> {
    const res = await this.session.call('GET', route, undefined, { pass403: true, maxBodyBytes });
    return { status: res.status, json: res.json };
  }

  close(): void {
    this.http.close();
  }
}
