// Events of a usage scan → the account's uses and the window that was read. Only `decision`
// events count: the parser has already checked who wrote each line (docs/audit-log-forms.md), so a
// forged allow arrives as `unverified` and is never a use. State grows with distinct (rid, action)
// uses and hosts, never with lines.
import type { AuditEvent, InexactRecords } from '../types.js';
import { InexactCount } from '../findings/inexact.js';
import { BUCKET_MS, spansOfBuckets, type Span } from './coverage.js';
import { componentFor, enforcerOf } from './window.js';

/** The last allow of one (rid, action) for the account. */
export interface Use {
  rid: string;
  action: string;
  count: number;
  /** The latest time seen (null: no line of this use had a time). */
  last: number | null;
  component: string;
  host: string | null;
  /** Marathon/Metronome: the rid was mapped from the plugin's action and path. */
  derived: boolean;
}

/** What was read from one host (or one source without a host): its first and last record, its writers. */
export interface HostWindow {
  host: string;
  first: number | null;
  last: number | null;
  components: string[];
  /** The spans that hold records (hours with records, merged when no more than a gap apart: core/usage/coverage.ts); absent: first → last. */
  spans?: Span[];
}

export interface UsageCollector {
  add(ev: AuditEvent): void;
  uses(): Use[];
  windows(): HostWindow[];
  /**
   * Per enforcing component (window.ts), the spans of its records over every host: a grant's use
   * shows only in its enforcer's records, so its verdict rests on these (coverage.ts), not on
   * another component's records of the same hours.
   */
  componentSpans(): Record<string, Span[]>;
  /**
   * Allows whose uid a cut line lost (journald or nginx cut it, and no notice gave it back): any
   * account's, this one's too. A grant covering one of them cannot be called unused (report.ts).
   */
  lostUid(): LostUse[];
  /**
   * Allows of the account (or whose uid is not exact) refused because a byte of their uid, object or
   * action is not valid UTF-8: each a use no report can name, maybe of a grant it would call unused
   * (report.ts). Their count and the first of them, or null when none.
   */
  inexactAllows(): InexactRecords | null;
  /**
   * Allows of the account read (records only), lines audit-looking but unverified, and audit
   * records that could not be read (cut, malformed) whose text names the account: a use could be
   * among them (not those read whole but for a byte: inexactAllows).
   */
  readonly stats: { records: number; allows: number; unverified: number; unreadableOfUid: number; untimed: number };
}

/** Allows of one (rid, action) whose uid was lost to a cut line. */
export interface LostUse {
  rid: string;
  action: string;
  count: number;
}

/** Records without a host (a `cat` save) are placed under this name. */
/** A host's spans: as collected, or (none kept) its first to last record. */
export const spansOf = (w: HostWindow): Span[] => w.spans ?? (w.first !== null && w.last !== null ? [{ first: w.first, last: w.last }] : []);

export const NO_HOST = '(no host)';
const MAX_USES = 100_000;
const MAX_HOSTS = 10_000;
/** Record hours kept per host (about 11 years). */
const MAX_BUCKETS = 100_000;

export function createUsageCollector(uid: string): UsageCollector {
  const uses = new Map<string, Use>();
  const hosts = new Map<string, { first: number | null; last: number | null; components: Set<string>; buckets: Map<number, Span> }>();
  const byEnforcer = new Map<string, Map<number, Span>>();
  const lost = new Map<string, LostUse>();
  // Records outside --since/--until never reach here (pipeline/usage.ts); these, which cannot be read
  // whole, are counted in any window: their time may be wrong too, and they only ever block an "unused".
  const inexact = new InexactCount('allow', new Set([uid]));
  const stats = { records: 0, allows: 0, unverified: 0, unreadableOfUid: 0, untimed: 0 };
  // The account named as a record's uid, bare or quoted (Admin Router, Marathon: bare; Mesos: quoted).
  const namesUid = new RegExp(`(?:^|[\\s"])uid="?${uid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[\\s",])`);

  function seeHost(host: string, time: number | null, component: string): void {
    let h = hosts.get(host);
    if (!h) {
      if (hosts.size >= MAX_HOSTS) return;
      h = { first: null, last: null, components: new Set(), buckets: new Map() };
      hosts.set(host, h);
    }
    h.components.add(component);
    if (time === null) return;
    if (h.first === null || time < h.first) h.first = time;
    if (h.last === null || time > h.last) h.last = time;
    addToBucket(h.buckets, time);
    const e = enforcerOf(component);
    if (e === null) return;
    let b = byEnforcer.get(e);
    if (!b) byEnforcer.set(e, (b = new Map()));
    addToBucket(b, time);
  }

  return {
    stats,
    add(ev) {
      if (ev.type === 'unverified') stats.unverified++;
      if (ev.type === 'malformed') {
        // A decision read whole but for a byte: an allow is counted apart, a denial is no use.
        if (ev.inexact) inexact.add(ev);
        else if (namesUid.test(ev.raw)) stats.unreadableOfUid++;
      }
      if (ev.type !== 'decision') return;
      stats.records++;
      // Coverage counts when the journal got the line (loggedAt): the record's own timestamp is its
      // writer's word, and a writer could claim a month in one minute. A form without journal times
      // (cat) shows no writer either: its records place nothing (docs/usage.md, "Coverage").
      const at = ev.loggedAt ?? null;
      if (at === null) stats.untimed++;
      seeHost(ev.host ?? NO_HOST, at, ev.component);
      if (ev.result === 'allow' && ev.uid === null && ev.truncated) {
        const key = `${ev.rid}\u0000${ev.ridAction}`;
        const l = lost.get(key);
        if (l) l.count++;
        else if (lost.size < MAX_USES) lost.set(key, { rid: ev.rid, action: ev.ridAction, count: 1 });
        return;
      }
      if (ev.result !== 'allow' || ev.uid !== uid) return;
      // Only the component that enforces a rid's family logs its use (docs/usage.md): a Mesos rid in
      // a record of another writer (a generic record with authorizer=x) is no use of it.
      const enforcer = componentFor(ev.rid);
      if (enforcer && !enforcer.matches(ev.component)) return;
      stats.allows++;
      const key = `${ev.rid}\u0000${ev.ridAction}`;
      const u = uses.get(key);
      if (!u) {
        if (uses.size >= MAX_USES) return;
        uses.set(key, { rid: ev.rid, action: ev.ridAction, count: 1, last: ev.time, component: ev.component, host: ev.host, derived: ev.derived !== null });
        return;
      }
      u.count++;
      if (ev.time !== null && (u.last === null || ev.time >= u.last)) {
        u.last = ev.time;
        u.component = ev.component;
        u.host = ev.host;
      }
    },
    uses: () => [...uses.values()].map((u) => ({ ...u })),
    windows: () =>
      [...hosts]
        .map(([host, h]) => ({ host, first: h.first, last: h.last, components: [...h.components].sort(), spans: spansOfBuckets(h.buckets) }))
        .sort((a, b) => a.host.localeCompare(b.host)),
    lostUid: () => [...lost.values()].map((l) => ({ ...l })),
    inexactAllows: () => inexact.result(),
    componentSpans: () => Object.fromEntries([...byEnforcer].sort((a, b) => a[0].localeCompare(b[0])).map(([name, b]) => [name, spansOfBuckets(b)])),
  };
}

/** Widen the hour bucket of `time` to it (a new one while under MAX_BUCKETS). */
function addToBucket(buckets: Map<number, Span>, time: number): void {
  const k = Math.floor(time / BUCKET_MS);
  const b = buckets.get(k);
  if (b) {
    if (time < b.first) b.first = time;
    if (time > b.last) b.last = time;
  } else if (buckets.size < MAX_BUCKETS) buckets.set(k, { first: time, last: time });
}
