// Authentication failures (denials without a uid that say why): one row per (cause, object), up to
// a bound, since unauthenticated requests for distinct paths cost nothing to send. Beyond it,
// failures are summed per cause (AuthFailuresNotListed) with their distinct objects counted.
import type { AuthFailure, AuthFailuresNotListed, Decision } from '../types.js';
import { internHash } from '../intern.js';
import { HashCount } from './bound.js';
import { copyAuth } from './copy.js';
import { compareAuthFailures, insertSorted } from './order.js';

/** Distinct (cause, object) rows kept. */
export const MAX_AUTH_FAILURES = 1_000;
/** Objects not listed, counted exactly (by a 32-bit hash) up to this many. */
const MAX_UNLISTED_OBJECTS = 100_000;

function widen(target: { firstSeen: number | null; lastSeen: number | null }, time: number | null): void {
  if (time === null) return;
  if (target.firstSeen === null || time < target.firstSeen) target.firstSeen = time;
  if (target.lastSeen === null || time > target.lastSeen) target.lastSeen = time;
}

export class AuthFailures {
  private readonly rows = new Map<string, AuthFailure>();
  /** Per cause: the sums, and the distinct objects by hash (their count is the `objects` reported). */
  private readonly unlisted = new Map<string, Omit<AuthFailuresNotListed, 'objects' | 'objectsAtLeast'> & { seen: HashCount }>();

  constructor(private readonly max = MAX_AUTH_FAILURES) {}

  /** Listed rows. */
  get size(): number {
    return this.rows.size;
  }

  add(ev: Decision): void {
    const cause = ev.authCause ?? 'unknown';
    const key = `${cause}\u0000${ev.object}`;
    let a = this.rows.get(key);
    if (!a) {
      if (this.rows.size >= this.max) return this.addUnlisted(ev, cause);
      a = { cause, object: ev.object, count: 0, firstSeen: null, lastSeen: null, hosts: [] };
      this.rows.set(key, a);
    }
    a.count++;
    widen(a, ev.time);
    if (ev.host) insertSorted(a.hosts, ev.host);
  }

  private addUnlisted(ev: Decision, cause: AuthFailuresNotListed['cause']): void {
    let u = this.unlisted.get(cause);
    if (!u) this.unlisted.set(cause, (u = { cause, count: 0, firstSeen: null, lastSeen: null, seen: new HashCount(MAX_UNLISTED_OBJECTS) }));
    u.count++;
    widen(u, ev.time);
    u.seen.add(internHash(ev.object));
  }

  /** The listed rows, sorted, as copies. */
  listed(): AuthFailure[] {
    return [...this.rows.values()].sort(compareAuthFailures).map(copyAuth);
  }

  /** The sums per cause beyond the listed rows, or null when every failure is listed. */
  notListed(): AuthFailuresNotListed[] | null {
    if (this.unlisted.size === 0) return null;
    return [...this.unlisted.values()]
      .sort((a, b) => (a.cause < b.cause ? -1 : a.cause > b.cause ? 1 : 0))
      .map(({ cause, seen, count, firstSeen, lastSeen }) => ({ cause, objects: seen.size, objectsAtLeast: seen.atLeast, count, firstSeen, lastSeen }));
  }
}

