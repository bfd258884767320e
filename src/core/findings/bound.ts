// How many distinct findings the aggregator keeps without --uid, and what it counts of the rest.
// Anyone who can send requests can make distinct denials (a path of their own, a made-up
// principal), and each finding kept costs memory: 200,000 of them took 433-696 MB. So findings are
// kept up to a budget, weighed by what they hold (a fixed cost plus their text: a finding with a
// 2 KB rid weighs as much as several short ones), and what is past the budget is counted instead:
// its denials exactly, its distinct findings and principals exactly up to a bound.
//
// Which are kept: the first seen (the same input always gives the same result), each principal up
// to a share of the budget. The share stops the cheap flood, one account requesting endless
// distinct paths, from starving every other principal. A flood of distinct principals still fills
// the budget first come: nothing in a denial tells a real service account from a made-up one. So
// the warning points at `--uid`, which is never bounded (the scanner drops other principals'
// denials before they reach the aggregator), and at `--since`/`--until`.
//
// Once a finding is turned away, its principal (the share was full) or everyone (the budget was
// full) keeps nothing new: a finding is then either kept from its first denial on, its count
// exact, or never kept, all of its denials counted here.
import type { FindingsNotKept } from '../types.js';
import { internHash } from '../intern.js';

/**
 * The budget, in weight units (~bytes of text). Measured (docs/benchmarks.md, "Distinct findings
 * bounded"): a kept finding grows peak RSS by ~0.6 KB plus ~2.8 bytes per byte of its text (the
 * parser's copies, the result's, the output's), and a flood costs 71-84 MB before any is kept.
 * 4.5 MiB keeps every finding of the bench's busiest logs (7,797 findings weigh 3.98 MiB, 6,963 of
 * ~570-byte lines 4.22), and a flood's json, table or ndjson under 100 MB: ~12,800 findings of the
 * shortest lines (91-96 MB), ~10,900 of ordinary ones (83-88), ~850 of 5 KB lines (87-96).
 */
const FINDINGS_BUDGET = 4.5 * 1024 * 1024;
/**
 * A finding's weight besides its text. Small: text is what grows the process (see above), and a
 * larger fixed weight would need a larger budget to keep the bench's logs whole, which lets more
 * long findings in.
 */
export const FINDING_COST = 64;
/** A principal keeps findings up to this share of the budget. */
const PRINCIPAL_SHARE = 1 / 4;
/** Distinct findings not kept, counted exactly (by a 32-bit hash) up to this many. */
const MAX_HASHES = 100_000;
/** Principals not kept, named with their denials up to this many (then counted as "at least"). */
const MAX_PRINCIPALS = 1_000;
/** Longer uids are counted, never kept as a name (a uid may be most of a long line). */
const MAX_UID_CHARS = 256;
const TOP = 5;

export interface BoundLimits {
  /** The budget (default FINDINGS_BUDGET). */
  budget?: number;
  /** One principal's share (default budget × PRINCIPAL_SHARE). */
  perPrincipal?: number;
}

/** The weight of a finding: its fixed cost and its text (`exampleChars`: its example's length). */
export const findingWeight = (uid: string, rid: string, action: string, exampleChars: number): number =>
  FINDING_COST + uid.length + rid.length + action.length + exampleChars;

export class FindingsBound {
  readonly budget: number;
  readonly perPrincipal: number;
  private used = 0;
  private full = false;
  /** Weight kept per principal (Infinity: turned away once, keeps nothing new). */
  private readonly held = new Map<string, number>();
  private denials = 0;
  private first = NaN;
  private last = NaN;
  private readonly hashes = new HashCount(MAX_HASHES);
  private readonly byUid = new Map<string, number>();
  private principalsAtLeast = false;

  constructor(limits: BoundLimits = {}) {
    this.budget = limits.budget ?? FINDINGS_BUDGET;
    this.perPrincipal = limits.perPrincipal ?? this.budget * PRINCIPAL_SHARE;
  }

  /** Whether a new finding of `uid` weighing `weight` is kept (its weight is then counted as used). */
  admit(uid: string, weight: number): boolean {
    if (this.full) return false;
    const mine = this.held.get(uid) ?? 0;
    if (this.used + weight > this.budget) {
      this.full = true;
      return false;
    }
    if (mine + weight > this.perPrincipal) {
      this.hold(uid, Infinity);
      return false;
    }
    this.used += weight;
    this.hold(uid, mine + weight);
    return true;
  }

  /** A new key is copied, as byUid's: the uid may be a slice of its whole line, which it would keep. */
  private hold(uid: string, weight: number): void {
    this.held.set(this.held.has(uid) ? uid : structuredClone(uid), weight);
  }

  /** Whether no new finding of `uid` can be kept any more (the budget, or its share, turned one away). */
  closed(uid: string): boolean {
    return this.full || this.held.get(uid) === Infinity;
  }

  /** Count a denial of a finding that was not kept. */
  drop(uid: string, rid: string, action: string, time: number | null): void {
    this.denials++;
    if (time !== null && !Number.isNaN(time)) {
      if (!(time >= this.first)) this.first = time; // NaN compares false: the first time seen
      if (!(time <= this.last)) this.last = time;
    }
    // One hash of the three, without building their key string.
    this.hashes.add(Math.imul(Math.imul(internHash(uid), 0x01000193) ^ internHash(rid), 0x01000193) ^ internHash(action));
    const n = this.byUid.get(uid);
    if (n !== undefined) this.byUid.set(uid, n + 1);
    else if (this.byUid.size < MAX_PRINCIPALS && uid.length <= MAX_UID_CHARS) {
      // A copy: the uid may be a slice of its line, which the map must not hold.
      this.byUid.set(structuredClone(uid), 1);
    } else this.principalsAtLeast = true;
  }

  /** What was not kept, or null when every finding was kept. */
  result(): FindingsNotKept | null {
    if (this.denials === 0) return null;
    const top = [...this.byUid]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, TOP)
      .map(([uid, denials]) => ({ uid, denials }));
    return {
      findings: this.hashes.size,
      findingsAtLeast: this.hashes.atLeast,
      denials: this.denials,
      principals: this.byUid.size,
      principalsAtLeast: this.principalsAtLeast,
      top,
      firstSeen: Number.isNaN(this.first) ? null : this.first,
      lastSeen: Number.isNaN(this.last) ? null : this.last,
    };
  }
}

/**
 * Distinct 32-bit hashes, counted up to `max` in one open-addressed table, made at the first add:
 * 1 MB for 100,000, where a Set of as many numbers (most of them heap numbers) took ~4 MB.
 */
export class HashCount {
  size = 0;
  /** A hash past `max` was not counted: `size` is a lower bound. */
  atLeast = false;
  private slots: Int32Array | null = null;

  constructor(private readonly max: number) {}

  add(hash: number): void {
    // Load at most 3/4: a power of two at least 4/3 of max.
    const slots = (this.slots ??= new Int32Array(2 ** Math.ceil(Math.log2(Math.max(2, (this.max * 4) / 3)))));
    const mask = slots.length - 1;
    const h = hash | 0 || 1; // 0 marks an empty slot
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = slots[i]!; // i <= mask < slots.length
      if (s === h) return;
      if (s === 0) {
        if (this.size >= this.max) this.atLeast = true;
        else {
          slots[i] = h;
          this.size++;
        }
        return;
      }
    }
  }
}
