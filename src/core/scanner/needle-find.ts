// `Buffer.indexOf` for the scanner's short needles, answered by the `find` function of the line
// count's WebAssembly module (simd-module.ts) when the buffer lies in one of its memories
// (newlines.ts scanBuffers: the chunks of a file, and the lines cut from them). The scanner asks
// this of every audit line, two to four times (the result token, Admin Router's request_uri, the
// line's end): each `Buffer.indexOf` cost ~0.15 us to cross into C++ on top of the search, ~0.25 us
// a call on a 435-byte line (Intel Xeon VM; docs/benchmarks.md, twenty-seventh pass).

export type FindFn = (start: number, end: number, needle: number, len: number) => number;

/**
 * A byte string indexIn looks for: its bytes, and where they lie in the needle area every memory of
 * scanBuffers holds (written when the memory is made: a needle made later is looked for with indexOf).
 */
export interface Needle {
  readonly bytes: Buffer;
  readonly id: number;
  readonly at: number;
}

/** Bytes of each memory that hold the needles. */
export const NEEDLE_AREA = 256;
const needleList: Needle[] = [];
let needleEnd = 0;

/** A memory's `find`, where its needles lie, how many were written there, and the memory's size. */
interface Finder {
  find: FindFn;
  needles: number;
  written: number;
  bytes: number;
}

const finders = new WeakMap<ArrayBuffer, Finder>();

/** A needle for indexIn (module-level constants: the area is small, and needles are never dropped). */
export function wasmNeedle(text: string): Needle {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.length === 0 || needleEnd + bytes.length > NEEDLE_AREA) throw new Error(`needle area full or empty needle: ${text}`);
  const n: Needle = { bytes, id: needleList.length, at: needleEnd };
  needleList.push(n);
  needleEnd += bytes.length;
  return n;
}

/** The needles made so far written at `needles` of memory `ab` (NEEDLE_AREA bytes), searched with its `find` from now on. */
export function addFinder(ab: ArrayBuffer, find: FindFn, needles: number): void {
  for (const nd of needleList) nd.bytes.copy(new Uint8Array(ab), needles + nd.at);
  finders.set(ab, { find, needles, written: needleList.length, bytes: ab.byteLength });
}

/**
 * `buf.indexOf(needle.bytes, from)`, in the module when `buf` lies in a memory addFinder was given.
 * The module reads up to 15 bytes past `buf`'s end, which that memory holds after every buffer
 * scanBuffers hands out (the next one, the list, the needles, the page to spare).
 */
export function indexIn(buf: Buffer, needle: Needle, from = 0): number {
  const f = finders.get(buf.buffer as ArrayBuffer);
  const start = buf.byteOffset;
  // Else indexOf: a needle made after the memory, a start that is no index of the buffer (negative,
  // past it, NaN: WebAssembly would take it as another number), a view too near the memory's end.
  if (f === undefined || needle.id >= f.written || !(from >= 0 && from <= buf.length) || start + buf.length + 15 > f.bytes) {
    return buf.indexOf(needle.bytes, from);
  }
  const r = f.find(start + from, start + buf.length, f.needles + needle.at, needle.bytes.length);
  return r < 0 ? -1 : r - start;
}
