// dcos:// sources: the cluster's logging API (docs/logging-api.md) instead of SSH: no keys, only
// the cluster credentials. Specs → nodes (masters at their own address, the leader and agents
// through Admin Router's routes) → many nodes at once (`concurrency`), each node's failure its own
// SourceError while the others go on. Delivery as for ssh:// (see ../ssh/index.ts): one stream per
// node, or with follow one merged live stream of whole `journalctl -o json` lines.
import { setMaxListeners } from 'node:events';
import type { SourceError, SourceProgress, SourceState, StreamMeta } from '../../core/types.js';
import { errorLine, OperationalError } from '../../errors.js';
import { onCleanup } from '../../lifecycle.js';
import { ItemQueue, Slots } from '../fan-out.js';
import { sayError, takeTurn } from '../host-turn.js';
import type { OpenOptions, SourceStream } from '../index.js';
import { ChunkQueue, queueStream } from '../ssh/chunk-queue.js';
import { ClusterLink, resolveDcosCluster, type DcosCluster } from './connect.js';
import { MasterFallback, type FallbackPlan } from './fallback.js';
import { readNode, type NodeResult } from './node-reader.js';
import { DCOS_DEFAULTS, type DcosOptions } from './options.js';
import { LogHttp } from './request.js';
import { AUDIT_UNITS, leaderTarget, resolveTargets, type NodeTarget, type Resolved } from './targets.js';


function oneLine(e: unknown): string {
  const hint = e instanceof OperationalError || (e as { hint?: unknown }).hint ? (e as { hint?: string }).hint : undefined;
  return hint ? `${errorLine(e)}: ${hint}` : errorLine(e);
}

export async function* openDcosSources(specs: string[], opts: OpenOptions): AsyncGenerator<SourceStream | SourceError> {
  const o: DcosOptions = opts.dcos ?? {};
  let cluster: DcosCluster;
  try {
    cluster = o.cluster ?? resolveDcosCluster({}, process.env);
  } catch (e) {
    for (const s of specs) yield { source: s, message: `${s}: ${oneLine(e)}` };
    return;
  }
  // Every node's requests listen on the scan's one signal: hundreds of agents are no leak, and Node's
  // MaxListenersExceededWarning on stderr would only alarm the operator.
  setMaxListeners(0, opts.signal);
  const link = new ClusterLink(cluster, opts.signal);
  const http = new LogHttp(cluster.tls);
  const unregister = onCleanup(() => {
    link.close();
    http.close();
  });
  try {
    try {
      await link.ensure();
    } catch (e) {
      for (const s of specs) yield { source: s, message: `${s}: ${oneLine(e)}` };
      return;
    }
    const resolved = await resolveTargets(specs, link);
    // Interrupted while the nodes were listed: a listing cut short is no failure to explain (the
    // scan says it was interrupted), and "name them as dcos://agent/AGENT_ID" would be no advice.
    if (opts.signal.aborted) return;
    for (const e of resolved.errors) yield e;
    const first = resolved.targets[0];
    if (!first || opts.signal.aborted) return;
    for (const n of resolved.notes) opts.onProgress?.({ label: first.label, state: 'pending', bytes: 0, size: null, note: n });
    yield* fanOut(resolved, link, http, o, opts);
  } finally {
    unregister();
    link.close();
    http.close();
  }
}

async function* fanOut({ targets, leaderIp, everyMaster }: Resolved, link: ClusterLink, http: LogHttp, o: DcosOptions, opts: OpenOptions): AsyncGenerator<SourceStream | SourceError> {
  const follow = !!o.follow;
  const merge = o.merge ?? follow;
  const slots = new Slots(Math.max(1, Math.floor(o.concurrency ?? DCOS_DEFAULTS.concurrency)));
  const highWater = o.highWaterBytes ?? DCOS_DEFAULTS.highWaterBytes;
  const out = new ItemQueue<SourceStream | SourceError>();
  const errors: SourceError[] = [];
  const merged = merge ? new ChunkQueue(highWater) : null;
  const meta = (t: NodeTarget | null): StreamMeta => ({ label: t ? t.label : mergedLabel(targets), host: t?.ip ?? null, unit: null, envelope: 'json', year: opts.year });
  if (merged) out.push(queueStream(meta(targets.length === 1 ? (targets[0] ?? null) : null), merged, follow));
  const fail = (e: SourceError): void => sayError({ merged, follow, out, errors }, e);
  const onAbort = (): void => merged?.end();
  opts.signal.addEventListener('abort', onAbort, { once: true });

  const masters = targets.filter((t) => t.direct);
  const fallback = new MasterFallback(masters, leaderIp, targets.some((t) => t.kind === 'leader'), everyMaster);
  let running = 0;

  const applyPlan = (plan: FallbackPlan | null): void => {
    if (!plan || opts.signal.aborted) return;
    for (const e of plan.errors) fail(e);
    if (plan.leaderRoute) start(leaderTarget(link.clusterUrl, leaderIp), plan.note);
  };

  const runTarget = async (t: NodeTarget, note: string | null): Promise<void> => {
    const report = (state: SourceState, bytes: number, error?: string, n?: string): void => {
      const p: SourceProgress = { label: t.label, state, bytes, size: null };
      if (error) p.error = error;
      if (n) p.note = n;
      opts.onProgress?.(p);
    };
    report('pending', 0, undefined, note ?? undefined);
    const { queue, release, finish } = await takeTurn({ slots, merged, highWater, out, errors, meta: meta(t), follow, signal: opts.signal });
    let bytes = 0;
    let settled = !t.direct;
    const settle = (failure: NodeResult | null): void => {
      if (settled) return;
      settled = true;
      applyPlan(fallback.settle(t, failure && !failure.ok && failure.failure.unreachable ? failure.failure : null));
    };
    const result: NodeResult = await readNode({
      target: t,
      link,
      http,
      signal: opts.signal,
      units: o.units?.length ? o.units : AUDIT_UNITS,
      pageSize: Math.max(10, o.pageSize ?? DCOS_DEFAULTS.pageSize),
      since: o.since ?? null,
      until: o.until ?? null,
      follow,
      queue,
      meta: meta(t),
      connectTimeoutMs: o.connectTimeoutMs ?? DCOS_DEFAULTS.connectTimeoutMs,
      idleTimeoutMs: o.idleTimeoutMs ?? DCOS_DEFAULTS.idleTimeoutMs,
      streamIdleTimeoutMs: o.streamIdleTimeoutMs ?? DCOS_DEFAULTS.streamIdleTimeoutMs,
      deadlineMs: o.deadlineMs ?? DCOS_DEFAULTS.deadlineMs,
      maxReconnects: o.maxReconnects ?? DCOS_DEFAULTS.maxReconnects,
      reconnectBaseMs: o.reconnectBaseMs ?? DCOS_DEFAULTS.reconnectBaseMs,
      progress: (state, b, error) => {
        bytes = b;
        report(state, b, error);
      },
      onFirstAnswer: (reached) => {
        if (reached) settle(null);
      },
      // Follow never ends: the slot only bounds how many nodes start at once.
      onStreaming: follow ? release : undefined,
    }).catch((e: unknown) => ({ ok: false as const, own: 0, failure: { message: `${t.label}: internal error: ${String(e)}`, retriable: false } }));
    settle(result);
    if (result.ok) report('done', bytes);
    else report('failed', bytes, result.failure.detail ?? result.failure.message.replace(`${t.label}: `, ''));
    // An unreachable master's error is said by the fallback plan, once every master answered.
    const own = !result.ok && result.failure.unreachable && t.direct;
    finish(result.ok, !result.ok && !own ? { source: t.label, message: result.failure.message } : null);
    running--;
    if (running === 0) {
      merged?.end();
      out.kick();
    }
  };

  function start(t: NodeTarget, note: string | null): void {
    running++;
    void runTarget(t, note);
  }

  for (const t of targets) start(t, null);
  try {
    yield* out.drain(() => running === 0, opts.signal);
    for (;;) {
      const e = errors.shift();
      if (!e) break;
      yield e;
    }
  } finally {
    merged?.end();
    opts.signal.removeEventListener('abort', onAbort);
  }
}

function mergedLabel(targets: readonly NodeTarget[]): string {
  return `dcos://{${targets.map((t) => t.label.replace('dcos://', '')).join(',')}}`;
}

