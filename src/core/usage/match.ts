// Held grants × uses → one row per held (rid, action): its last use (and by what child rid, when
// only narrower rids were used), or none in the window. A use counts for every grant that covers it:
// which of two covering grants the authorizer consulted is not logged, and a grant that may have
// allowed a use is never called unused.
import { grantCovers } from './covers.js';
import type { Use } from './collect.js';

/** A (rid, action) the account holds: directly (`gid` null) or through group `gid`. */
export interface HeldGrant {
  rid: string;
  action: string;
  gid: string | null;
}

export interface UsageRow extends HeldGrant {
  /** `unknown`: nothing was read to judge by (no audit record at all). */
  status: 'used' | 'unused' | 'unknown';
  uses: number;
  /** The latest covered use. */
  lastUse: { time: number | null; component: string; host: string | null; rid: string; action: string } | null;
  /** Set when every covered use was of a narrower rid: those rids (at most MAX_ONLY_AS). */
  onlyAs: string[] | null;
}

const MAX_ONLY_AS = 5;

const later = (a: Use, b: Use | null): boolean => b === null || (a.last !== null && (b.last === null || a.last > b.last));

export function matchUsage(held: readonly HeldGrant[], uses: readonly Use[], judged: boolean): UsageRow[] {
  return held.map((g) => {
    let count = 0;
    let last: Use | null = null;
    let exact = false;
    const children = new Set<string>();
    for (const u of uses) {
      const how = grantCovers(g, u);
      if (how === null) continue;
      count += u.count;
      if (how === 'same') exact = true;
      else children.add(u.rid);
      if (later(u, last)) last = u;
    }
    const status: UsageRow['status'] = count > 0 ? 'used' : judged ? 'unused' : 'unknown';
    return {
      ...g,
      status,
      uses: count,
      lastUse: last ? { time: last.last, component: last.component, host: last.host, rid: last.rid, action: last.action } : null,
      onlyAs: count > 0 && !exact ? [...children].sort().slice(0, MAX_ONLY_AS) : null,
    };
  });
}
