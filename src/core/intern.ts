// One string per distinct short value (a uid, a rid, a host, an envelope's identifier), shared by
// the byte readers and the findings aggregator. Most denials repeat values seen before, and a
// repeat then costs a hash and a compare, not a new string. A reader hands the aggregator
// the very string its maps and arrays hold, which they find by identity; an equal copy is hashed
// and compared character by character, reading both strings from memory (short shape, 512 MB:
// adding its denials took 50 ms with fresh strings, 30 ms with these). Bounded: a full table, or a
// value too long, gives the value as it is.

const SLOTS = 1 << 14; // a power of two
const PROBES = 8;
/** Longer values are not kept (memory stays under SLOTS x MAX_BYTES). */
const MAX_BYTES = 256;

export class Interner {
  // Made on first use: a process without a denial to read costs nothing.
  private strings: (string | undefined)[] = [];
  private hashes = new Int32Array(0);

  /** The latin1 text of b[v0, v1). */
  text(b: Buffer, v0: number, v1: number): string {
    if (v1 - v0 > MAX_BYTES) return b.toString('latin1', v0, v1);
    let h = 0x811c9dc5 ^ (v1 - v0); // FNV-1a
    for (let i = v0; i < v1; i++) h = Math.imul(h ^ b[i]!, 0x01000193); // i < v1 <= b.length
    let slot = h & (SLOTS - 1);
    if (this.hashes.length === 0) this.allocate();
    for (let probe = 0; probe < PROBES; probe++, slot = (slot + 1) & (SLOTS - 1)) {
      const s = this.strings[slot];
      if (s === undefined) return this.keep(slot, h, b.toString('latin1', v0, v1));
      if (this.hashes[slot] === h && sameBytes(s, b, v0, v1)) return s;
    }
    return b.toString('latin1', v0, v1);
  }

  /**
   * The kept string equal to `s` (the same hash as text() for latin1 text), else a copy of `s`,
   * kept: a value the parser cut out of a line may be a slice that holds the whole line (up to
   * MAX_LINE_BYTES), which the table, living as long as the process, must not.
   */
  string(s: string): string {
    return (s.length > MAX_BYTES ? undefined : this.lookup(s)) ?? s;
  }

  /**
   * Like string(), for a value kept as long as the scan (a finding's uid, rid, action): where the
   * table does not keep it (too long, or no room), a flat copy, never a slice of its line.
   */
  owned(s: string): string {
    return (s.length > MAX_BYTES ? undefined : this.lookup(s)) ?? structuredClone(s);
  }

  /** The kept string equal to `s`, kept now if its slots have room; undefined when they have none. */
  private lookup(s: string): string | undefined {
    const h = internHash(s);
    let slot = h & (SLOTS - 1);
    if (this.hashes.length === 0) this.allocate();
    for (let probe = 0; probe < PROBES; probe++, slot = (slot + 1) & (SLOTS - 1)) {
      const kept = this.strings[slot];
      if (kept === undefined) return this.keep(slot, h, structuredClone(s));
      if (this.hashes[slot] === h && kept === s) return kept;
    }
    return undefined;
  }

  private allocate(): void {
    this.strings = new Array<string | undefined>(SLOTS);
    this.hashes = new Int32Array(SLOTS);
  }

  private keep(slot: number, h: number, s: string): string {
    this.strings[slot] = s;
    this.hashes[slot] = h;
    return s;
  }
}

/** The hash text() takes of latin1 bytes, of a string (exported for the tests' collisions). */
export function internHash(s: string): number {
  let h = 0x811c9dc5 ^ s.length; // FNV-1a
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function sameBytes(s: string, b: Buffer, v0: number, v1: number): boolean {
  if (s.length !== v1 - v0) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== b[v0 + i]) return false;
  return true;
}

/** The process's interner: readers of every stream and the aggregator share its strings. */
export const interned = new Interner();
