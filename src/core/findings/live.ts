// A finding as the aggregator counts into it. Not a Finding: what callers get are copies (copy.ts),
// made when they read one, so the counting can keep its own representation.
import type { Finding, FindingKind, Risk } from '../types.js';
import { copyFinding } from './copy.js';
import { insertSorted } from './order.js';

/** Bits an aggregator gives the first names (hosts, components) it sees, one each; 0 after them. */
export class NameBits {
  private readonly bits = new Map<string, number>();

  of(name: string): number {
    let bit = this.bits.get(name);
    if (bit === undefined) {
      if (this.bits.size === 30) return 0; // names past these are not kept: bounded
      bit = 1 << this.bits.size;
      this.bits.set(name, bit);
    }
    return bit;
  }
}

export class LiveFinding {
  count = 0;
  /**
   * First and last time (ms), NaN until a denial with a time. Always doubles, never null: V8 then
   * keeps each in a number box of its own and overwrites it in place. A field that may hold null
   * points instead to the denial's own new number, which the young-generation collector must then
   * copy for as long as the finding lives (bench's short shape, 1 GB, all principals: scavenges
   * 91-101 ms -> 77-82 ms of the run, docs/benchmarks.md, eighth pass).
   */
  first = NaN;
  last = NaN;
  readonly hosts: string[] = [];
  readonly components: string[] = [];
  /**
   * The NameBits of what hosts and components hold. A repeat denial's host and component are then
   * looked up in these, not in the arrays: reading the two arrays (four objects, from memory in a
   * whole run) took ~0.3 us of a repeat's ~1.6 (docs/benchmarks.md, eighth pass).
   */
  private hostBits = 0;
  private componentBits = 0;
  /** The live finding is also the update a repeat denial reports (isNew false): one less object per denial. */
  readonly isNew = false;

  constructor(
    readonly uid: string,
    readonly rid: string,
    readonly action: string,
    public kind: FindingKind,
    readonly example: string,
    readonly risk: Risk,
    readonly catalog: string | null,
    readonly explanation: string,
    readonly warnings: string[],
    readonly derived: Finding['derived'],
  ) {}

  /** A copy of the finding as it is now: safe to keep. */
  get finding(): Finding {
    return copyFinding(this);
  }

  /** Add a host, `bit` its NameBits bit (0: none, the array is searched). */
  addHost(host: string, bit: number): void {
    if ((this.hostBits & bit) !== 0) return;
    insertSorted(this.hosts, host);
    this.hostBits |= bit;
  }

  addComponent(component: string, bit: number): void {
    if ((this.componentBits & bit) !== 0) return;
    insertSorted(this.components, component);
    this.componentBits |= bit;
  }

  see(time: number | null): void {
    if (time === null || Number.isNaN(time)) return; // NaN stands for "none" here
    if (!(time >= this.first)) this.first = time; // NaN compares false: the first time seen
    if (!(time <= this.last)) this.last = time;
  }
}

/**
 * A new finding's update (a repeat's is the live finding itself). The copy is made only if the
 * caller reads `finding`: most callers only count updates.
 */
export class NewFinding {
  readonly isNew = true;
  constructor(private readonly live: LiveFinding) {}
  get finding(): Finding {
    return copyFinding(this.live);
  }
}
