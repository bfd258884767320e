// The simulated service: a Cassandra-like framework that needs rights in stages. Before each
// attempt it asks the IAM (the sandbox) whether each check passes, writes the audit line the
// checking component would write (allow or deny), and moves on only when the stage fully passes.
// It retries every `retryMs`, like a scheduler's backoff loop, and logs ordinary noise meanwhile.
import { auditLines, expiredTokenLines, noiseLine, type LineContext } from './lines.js';
import { CASSANDRA_STAGES, type Check, type Stage } from './stages.js';

export interface Authorizer {
  isAllowed(uid: string, rid: string, action: string): boolean | Promise<boolean>;
}

export interface ServiceOptions {
  uid: string;
  authorizer: Authorizer;
  /** Appends journal lines (each without its newline). */
  write(lines: string[]): void | Promise<void>;
  stages?: Stage[];
  /** Pause between attempts (default 2000 ms). */
  retryMs?: number;
  now?: () => number;
  host?: string;
  clientIp?: string;
  masterIp?: string;
  /** Noise lines written per attempt (default 2). */
  noise?: number;
  /** Start with one request carrying an expired token (default true): an authentication failure. */
  expiredTokenFirst?: boolean;
  /** Told after every attempt. */
  onAttempt?(status: ServiceStatus): void;
  /**
   * How long a component keeps an IAM answer (default 0: ask every time). Like real authorizer
   * caches, a denial cached just before a grant is repeated once after it: the UI shows it as
   * "still denied after grant (propagation delay)".
   */
  cacheMs?: number;
}

export interface ServiceStatus {
  /** Index of the stage being attempted; equals the number of stages when all passed. */
  stage: number;
  stages: number;
  /** What the service is doing now, or "running" when every stage passed. */
  doing: string;
  done: boolean;
  attempts: number;
  /** The checks the last attempt was denied. */
  denied: Check[];
}

export interface SimulatedService {
  /** One attempt now (tests drive this directly). */
  attempt(): Promise<ServiceStatus>;
  /** Attempt now and then every `retryMs` until stopped. */
  start(): void;
  stop(): Promise<void>;
  status(): ServiceStatus;
}

export function createService(opts: ServiceOptions): SimulatedService {
  const stages = opts.stages ?? CASSANDRA_STAGES;
  const now = opts.now ?? Date.now;
  const retryMs = opts.retryMs ?? 2000;
  let stage = 0;
  let attempts = 0;
  let seq = 0;
  let denied: Check[] = [];
  let expiredPending = opts.expiredTokenFirst ?? true;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  const cache = new Map<string, { ok: boolean; until: number }>();
  async function allowed(rid: string, action: string): Promise<boolean> {
    const key = `${rid} ${action}`;
    const t = now();
    const hit = cache.get(key);
    if (hit && hit.until > t) return hit.ok;
    const ok = await opts.authorizer.isAllowed(opts.uid, rid, action);
    if (opts.cacheMs) cache.set(key, { ok, until: t + opts.cacheMs });
    return ok;
  }

  const ctx = (): LineContext => ({
    uid: opts.uid,
    now: now(),
    host: opts.host ?? 'dcos-master-1',
    clientIp: opts.clientIp ?? '10.0.2.15',
    masterIp: opts.masterIp ?? '10.0.0.11',
    seq: seq++,
  });

  const status = (): ServiceStatus => ({
    stage,
    stages: stages.length,
    doing: stages[stage]?.doing ?? 'running',
    done: stage >= stages.length,
    attempts,
    denied,
  });

  async function attempt(): Promise<ServiceStatus> {
    attempts++;
    const lines: string[] = [];
    for (let i = 0; i < (opts.noise ?? 2); i++) lines.push(noiseLine(ctx()));
    if (expiredPending) {
      expiredPending = false;
      const last = stages[stages.length - 1]?.checks[0];
      if (last) lines.push(...expiredTokenLines(ctx(), last));
    }
    denied = [];
    if (stage >= stages.length) {
      // Running: keep using what it was granted (allow lines are the activity the quiet period watches).
      const all = stages.flatMap((s) => s.checks);
      const c = all[attempts % all.length];
      if (c) lines.push(...auditLines(ctx(), c, (await allowed(c.rid, c.action)) ? 'allow' : 'deny'));
    }
    // A passed stage lets the service go straight on to the next one in the same attempt.
    for (;;) {
      const current = stages[stage];
      if (!current) break; // past the last stage: running
      for (const c of current.checks) {
        const ok = await allowed(c.rid, c.action);
        lines.push(...auditLines(ctx(), c, ok ? 'allow' : 'deny'));
        if (!ok) denied.push(c);
      }
      if (denied.length) break;
      stage++;
    }
    await opts.write(lines);
    const st = status();
    opts.onAttempt?.(st);
    return st;
  }

  function schedule(): void {
    if (stopped) return;
    running = attempt()
      .catch(() => undefined) // a failed write must not kill the loop; the next attempt retries
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(schedule, retryMs);
      });
  }

  return {
    attempt,
    status,
    start() {
      stopped = false;
      if (!timer && !running) schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
