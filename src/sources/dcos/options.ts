// What the dcos:// sources take (`OpenOptions.dcos`), with the defaults in one place.
import { secondsFromEnv } from '../../cluster/env-limit.js';
import type { DcosCluster } from './connect.js';

/** The environment variable that tunes the total limit of a range request, in seconds (docs/logging-api.md, "Time limits"). */
export const LOG_DEADLINE_ENV = 'AUDIT2GRANT_LOG_DEADLINE';

/** The total limit per range request from the environment, in ms (undefined: the default). */
export function logDeadlineFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  return secondsFromEnv(env, LOG_DEADLINE_ENV);
}

export interface DcosOptions {
  /** The cluster and credentials, resolved by the command; else resolved from the environment when the sources open. */
  cluster?: DcosCluster;
  /** Nodes read at once (`--concurrency`, default 8). */
  concurrency?: number;
  /** `--since`/`--until` in ms since the epoch (the scan sets them from its filter). */
  since?: number | null;
  until?: number | null;
  /** Keep streaming new entries (the event stream) after the history. */
  follow?: boolean;
  /** One stream of lines from every node instead of one per node. Default: `follow`. */
  merge?: boolean;
  /** Entries per range page (default 5000, at least 10: every request adds Admin Router's own lines to a master's journal, and a page must outrun them). */
  pageSize?: number;
  /** Units pushed as `filter=_SYSTEMD_UNIT:…` (default: the audit-writing units). */
  units?: string[];
  /** Until a request's answer starts (default 15 s). */
  connectTimeoutMs?: number;
  /** Quiet time inside a range page before it counts as dropped (default 60 s). */
  idleTimeoutMs?: number;
  /**
   * Total time of one range request (a page or a `--since` probe), from connecting to its last byte
   * (default 120 s, AUDIT2GRANT_LOG_DEADLINE): a server that trickles bytes never meets the idle
   * limit. The event stream of follow mode has none: it never ends by design.
   */
  deadlineMs?: number;
  /** Quiet time on the event stream (pings come every ~15 s) before it counts as dropped (default 45 s). */
  streamIdleTimeoutMs?: number;
  /** Retries per drop (default 5), first pause (default 500 ms, doubling, max 15 s). */
  maxReconnects?: number;
  reconnectBaseMs?: number;
  /** Bytes waiting per node before its reading pauses (default 1 MiB). */
  highWaterBytes?: number;
}

export const DCOS_DEFAULTS = {
  concurrency: 8,
  pageSize: 5000,
  connectTimeoutMs: 15_000,
  idleTimeoutMs: 60_000,
  deadlineMs: 120_000,
  streamIdleTimeoutMs: 45_000,
  maxReconnects: 5,
  reconnectBaseMs: 500,
  highWaterBytes: 1 << 20,
} as const;
