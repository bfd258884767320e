// Quiet-period detection: after a grant, when no new denial arrives for a while, the service
// appears to have what it needs.
import type { SessionState } from './types.js';

export interface Quietness {
  quiet: boolean;
  /** Wall time the quiet period counts from (last grant or last denial), or null before any grant. */
  since: number | null;
  /** Milliseconds left until quiet (0 when quiet), or null before any grant. */
  remainingMs: number | null;
  /** Some log line arrived since the last grant: the service did something and was not denied. */
  activitySinceGrant: boolean;
  /** One line for the UI, or null when nothing is worth saying. */
  message: string | null;
}

export function quietness(s: SessionState, now: number, quietMs: number, pending: number): Quietness {
  const lastGrant = s.batches.filter((b) => b.undoneAt === null).reduce<number | null>((m, b) => (m === null || b.at > m ? b.at : m), null);
  if (lastGrant === null) return { quiet: false, since: null, remainingMs: null, activitySinceGrant: false, message: null };
  const since = Math.max(lastGrant, s.lastDenialAt ?? lastGrant);
  const remainingMs = Math.max(0, since + quietMs - now);
  const activitySinceGrant = s.lastActivityAt !== null && s.lastActivityAt > lastGrant;
  const quiet = remainingMs === 0 && pending === 0;
  const secs = Math.round(quietMs / 1000);
  let message: string | null = null;
  if (quiet && activitySinceGrant) message = `No new denials for ${secs} s while the service kept working: it appears to have what it needs. Press q for the summary.`;
  else if (quiet) message = `No new denials for ${secs} s, but no log lines either since the last grant: check that the service is running (and retried).`;
  return { quiet, since, remainingMs, activitySinceGrant, message };
}
