// One string per distinct short byte value (a uid, a rid, a host), for the denials read from their
// bytes: most repeat values seen before, and the aggregator's maps find a string they already hold
// at once, where a fresh copy is hashed and compared character by character (short shape, 512 MB:
// adding its denials took 50 ms with fresh strings, 30 ms with these). Bounded: a full table, or a
// value too long, gives a fresh string.

const SLOTS = 1 << 14; // a power of two
const PROBES = 8;
/** Longer values are not kept (memory stays under SLOTS x MAX_BYTES). */
const MAX_BYTES = 256;

export class Interner {
  // Made on first use: a stream without a denial to read costs nothing.
  private strings: (string | undefined)[] = [];
  private hashes = new Int32Array(0);

  /** The latin1 text of b[v0, v1). */
  text(b: Buffer, v0: number, v1: number): string {
    if (v1 - v0 > MAX_BYTES) return b.toString('latin1', v0, v1);
    if (this.hashes.length === 0) {
      this.strings = new Array<string | undefined>(SLOTS);
      this.hashes = new Int32Array(SLOTS);
    }
    let h = 0x811c9dc5 ^ (v1 - v0); // FNV-1a
    for (let i = v0; i < v1; i++) h = Math.imul(h ^ b[i]!, 0x01000193); // i < v1 <= b.length
    let slot = h & (SLOTS - 1);
    for (let probe = 0; probe < PROBES; probe++, slot = (slot + 1) & (SLOTS - 1)) {
      const s = this.strings[slot];
      if (s === undefined) {
        const fresh = b.toString('latin1', v0, v1);
        this.strings[slot] = fresh;
        this.hashes[slot] = h;
        return fresh;
      }
      if (this.hashes[slot] === h && sameText(s, b, v0, v1)) return s;
    }
    return b.toString('latin1', v0, v1);
  }
}

function sameText(s: string, b: Buffer, v0: number, v1: number): boolean {
  if (s.length !== v1 - v0) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== b[v0 + i]) return false;
  return true;
}
