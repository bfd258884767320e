// Per-finding status: what the operator needs to know about each denied pair at a glance.
import { finalRefusal } from '../policy/index.js';
import type { Finding, GrantPair } from '../types.js';
import { PROPAGATION_GRACE_MS, pairCovers } from './grace.js';
import { keyOf, pairsAhead, queuedNote } from './pair-results.js';
import type { FindingStatus, HeldRecord, SessionState, StatusInfo } from './types.js';

/** A denial seen this soon after its grant is most likely the IAM/authorizer cache catching up. */
export const PROPAGATION_WINDOW_MS = 30_000;
/** Such a denial counts as over once none came for this long (the retries would have shown it). */
export const SETTLE_MS = 10_000;

/**
 * Every pair the principal holds now: held before the session, plus granted by batches not revoked,
 * the batch in flight's answered so far included. Each is held from the time its pair was answered.
 */
export function heldRecords(s: SessionState): HeldRecord[] {
  const out: HeldRecord[] = [...s.heldBefore];
  const batches = s.running?.kind === 'grant' ? [...s.batches, { ...s.running, revoked: [] as string[] }] : s.batches;
  for (const b of batches) {
    for (const r of b.results) {
      if (r.outcome !== 'granted' && r.outcome !== 'already held') continue;
      if (b.revoked.includes(keyOf(r))) continue;
      // A grant to a group (`--gid`) keeps its group: the export writes `dcos security org groups grant`.
      out.push({ uid: r.uid, rid: r.rid, action: r.action, ...(r.gid !== undefined ? { gid: r.gid } : {}), at: r.at, batch: b.id, outcome: r.outcome });
    }
  }
  return out;
}

/** Pairs this session granted that are still in place (what `e` exports and the summary lists). */
export function appliedPairs(s: SessionState): GrantPair[] {
  return heldRecords(s)
    .filter((h) => h.batch !== null && h.outcome === 'granted')
    .map(({ uid, rid, action, gid }) => (gid !== undefined ? { uid, rid, action, gid } : { uid, rid, action }));
}

/** Does holding `h` cover a denial of `f`? The same action, or `full` on the same rid. */
export const covers = (h: HeldRecord, f: Finding): boolean => pairCovers(h, f);

/** The cover to judge by: the exact pair first, else the earliest covering grant. */
function coverFor(held: readonly HeldRecord[], f: Finding): HeldRecord | undefined {
  let best: HeldRecord | undefined;
  for (const h of held) {
    if (!covers(h, f)) continue;
    if (h.action === f.action) return h;
    if (!best || h.at < best.at) best = h;
  }
  return best;
}

export interface StatusOptions {
  propagationWindowMs?: number;
  /** Denials logged this soon after the grant are its tail, not "still denied" (default PROPAGATION_GRACE_MS). */
  graceMs?: number;
  /** Precomputed heldRecords(s), when judging many findings at once. */
  held?: readonly HeldRecord[];
  /** Wall time now: lets a propagation-delay denial settle once none came for `settleMs`. */
  now?: number;
  settleMs?: number;
}

/** Still waiting for the operator (the header's pending count; the quiet period waits for none). */
export const isPending = (st: FindingStatus): boolean => st === 'new' || st === 'selected' || st === 'still denied after grant';

export function statusOf(s: SessionState, f: Finding, opts: StatusOptions = {}): StatusInfo {
  const k = keyOf(f);
  const result = s.lastResult[k];
  // What no consent can make grantable (not a rid, invalid, a DC/OS native account), as the policy says.
  const never = finalRefusal(f);
  if (never) return { status: 'not grantable', note: never, result };
  if (s.inFlight.has(k)) return inFlightStatus(s, k, result);
  const cover = coverFor(opts.held ?? heldRecords(s), f);
  if (cover) {
    const after = seenAfter(s, f, cover);
    // Logged within the grace after the grant: the denials before it, still arriving (see grace.ts).
    const tail = after !== null && after.timed && after.ms <= (opts.graceMs ?? PROPAGATION_GRACE_MS);
    if (after !== null && !tail) {
      const window = opts.propagationWindowMs ?? PROPAGATION_WINDOW_MS;
      const secs = Math.round(after.ms / 1000);
      const likely = after.ms <= window ? 'propagation delay' : 'wrong permission';
      // Settled: denied again only shortly after the grant, and not for a whole window since.
      if (likely === 'propagation delay' && opts.now !== undefined && f.lastSeen !== null && opts.now - f.lastSeen > (opts.settleMs ?? SETTLE_MS)) {
        const settled = `denied again ${secs} s after the grant (propagation delay), not since`;
        if (cover.action !== f.action) return { status: 'stale', cover, note: `${settled}; covered by ${cover.rid} ${cover.action}`, result };
        return { status: cover.outcome === 'already held' ? 'already held' : 'granted', cover, note: settled, result };
      }
      const note =
        likely === 'propagation delay'
          ? `denied again ${secs} s after the grant: probably propagation delay; wait and watch`
          : `still denied ${secs} s after the grant: the component probably checks another permission (or the service was not retried)`;
      return { status: 'still denied after grant', cover, likely, note, result };
    }
    const tailNote = tail && after ? ` (last denial logged ${Math.round(after.ms / 1000)} s after the grant: it was still propagating)` : '';
    if (cover.action !== f.action || cover.rid !== f.rid) return { status: 'stale', cover, note: `seen only before ${cover.rid} ${cover.action} was granted, which covers it${tailNote}`, result };
    if (cover.outcome === 'already held') return { status: 'already held', cover, note: `the principal already holds this pair: the denial predates it, or the component checks something else${tailNote}`, result };
    return { status: 'granted', cover, note: tail ? `granted${tailNote}; none since` : 'granted; no denial seen since', result };
  }
  // A failed or refused attempt stays said while the finding waits: its reason is what to act on.
  const last = result && result.outcome !== 'revoked' ? `last attempt: ${result.outcome}${result.detail ? ` (${result.detail})` : ''}` : null;
  const failed = result?.outcome === 'failed' || result?.outcome === 'refused';
  if (s.selected.has(k)) return { status: 'selected', note: `selected for the next grant${failed ? `; ${last}` : ''}`, result };
  return { status: 'new', note: last ?? 'denied; not granted yet', result };
}

/** The batch (or undo) sends one pair at a time, in order: the first not answered is being sent, the rest wait. */
function inFlightStatus(s: SessionState, k: string, result: StatusInfo['result']): StatusInfo {
  const ahead = pairsAhead(s.inFlight, k);
  if (ahead === 0) return s.running?.kind === 'undo' ? { status: 'revoking', note: 'undo in flight: its grant is being revoked', result } : { status: 'granting', note: 'grant in flight', result };
  return { status: 'queued', note: queuedNote(ahead), result };
}

/**
 * How long after the cover became effective the finding was last denied (`timed`: from log times),
 * or null if not after. Without log times: whether the count grew since the batch (untimed, 0 ms).
 */
function seenAfter(s: SessionState, f: Finding, cover: HeldRecord): { ms: number; timed: boolean } | null {
  if (f.lastSeen !== null) return f.lastSeen > cover.at ? { ms: f.lastSeen - cover.at, timed: true } : null;
  if (cover.batch === null) return null;
  const b = s.batches.find((x) => x.id === cover.batch);
  const before = b?.countsAt[keyOf(f)];
  return before !== undefined && f.count > before ? { ms: 0, timed: false } : null;
}
