// The WebAssembly module newlines.ts counts lines with (and lists the blocks the needle may be in,
// and searches the scanner's short needles),
// built byte by byte from its listing: the binary format is small and stable, and a build step or
// a toolchain for ~300 bytes of code would cost more than it saves.
//
// The module, in WebAssembly text format (`count(end, p) -> count << 3 | nul << 2 | long << 1 | maybeJson`,
// bytes [p, end) of the memory, end - p a multiple of 16 and below MAX_CALL_BYTES; it reads byte
// `end` too, the byte after the last one):
//   (memory (export "mem") 2)
//   (func (export "count") (param $len i32) (param $p i32) (result i32)
//     (local $total i32) (local $stop i32) (local $run i32)
//     (local $acc v128) (local $nl v128) (local $json v128) (local $eq v128) (local $w v128) …
//     (local $v v128) (local $low v128)
//     nl = i8x16.splat 10 (and the splats of '{', RS, 'd'); low = i8x16.splat 255
//     outer: while p < len:
//       full = p + 672 <= len; stop = min(p + 672, len); prev = total; acc = 0     ;; COUNT_WINDOW
//       inner: do
//         v = v128.load p
//         eq = i8x16.eq(v, nl)
//         acc = i8x16.sub(acc, eq)                  ;; eq is -1 per newline
//         low = i8x16.min_u(low, v)                 ;; a lane reaches 0 at a NUL byte
//         w = v128.load (p + 1)                     ;; the bytes right after each position
//         json |= eq & (swizzle(AFTER_NL, w & 15) == w) ;; w is '{', RS or 'd' (see AFTER_NL)
//         p += 16
//       while p < stop
//       total += sum of acc's 16 lanes (two pairwise widening adds, four lane extracts)
//       run = full & (total == prev) ? run + 1 : 0  ;; whole windows in a row without a newline
//       long |= run >= 2                            ;; EMPTY_RUN
//     return total << 3 | !i8x16.all_true(low) << 2 | long << 1 | v128.any_true(json)
// The NUL flag (no text log holds a NUL byte: UTF-16 or binary data appended to one does) is one
// min per block, not an eq against zero and an OR: the same answer in one instruction.
//   (func (export "scan") (param $end i32) (param $p i32) (param $out i32) (result i32)): see scanBody.
//   (func (export "find") (param $p i32) (param $end i32) (param $n i32) (param $len i32) (result i32)):
//     a needle's first address in [p, end), or -1 (needle-find.ts indexIn); see findBody.
// The json check was three compares and two ORs per block; the table lookup is one AND, a swizzle
// and one compare. With `scan`'s blocks tested for `=a` in pairs (scanBody), `scan` took 160 ms per
// GB against 181 (Intel Xeon VM, 8 MiB of the bench's `short` log in place, medians of 21 rounds;
// docs/benchmarks.md, twenty-sixth pass).
// Built below from that listing.

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32.const): 64..127 need a second byte, unlike their unsigned encoding. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const SIMD = 0xfd;
const i32 = (v: number): number[] => [0x41, ...sleb(v)]; // i32.const
const splat = (byte: number): number[] => [...i32(byte), SIMD, 0x0f]; // i8x16.splat
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const tee = (i: number): number[] => [0x22, i];
const load = (offset: number): number[] => [SIMD, 0x00, 0x00, offset]; // v128.load align=1 offset
const EQ = [SIMD, 0x23];
const OR = [SIMD, 0x50];
const AND = [SIMD, 0x4e];
const ANY_TRUE = [SIMD, 0x53];
const ALL_TRUE = [SIMD, 0x63]; // i8x16.all_true
const MIN_U = [SIMD, 0x77]; // i8x16.min_u
const SWIZZLE = [SIMD, 0x0e]; // i8x16.swizzle
const v128 = (bytes: number[]): number[] => [SIMD, 0x0c, ...bytes]; // v128.const
/**
 * The bytes that may start a json line, '{' (0x7b), RS (0x1e) and 'd' (0x64, `data: `), by their
 * low nibble, which differs: a byte is one of them exactly when the entry at its low nibble is the
 * byte itself. Every other entry holds a byte with another low nibble, which no byte looking it up
 * can equal.
 */
export const AFTER_NL = Array.from({ length: 16 }, (_, i) => (i === 0xb ? 0x7b : i === 0xe ? 0x1e : i === 0x4 ? 0x64 : (i + 1) & 15));
/** json |= eq & (swizzle(table, w & mask) == w): the json check of one block. */
const noteJson = (json: number, eq: number, w: number, table: number, mask: number): number[] => [
  ...get(json), ...get(eq), ...get(table), ...get(w), ...get(mask), ...AND, ...SWIZZLE, ...get(w), ...EQ, ...AND, ...OR, ...set(json),
];
/** acc's 16 byte lanes summed onto the i32 local `total` (two pairwise widening adds, four extracts). */
const addLanes = (acc: number, total: number): number[] => [
  ...get(acc), SIMD, 0x7d, SIMD, 0x7f, ...tee(acc),
  SIMD, 0x1b, 0x00, ...get(acc), SIMD, 0x1b, 0x01, 0x6a, ...get(acc), SIMD, 0x1b, 0x02, 0x6a, ...get(acc), SIMD, 0x1b, 0x03, 0x6a,
  ...get(total), 0x6a, ...set(total),
];
/**
 * A window of the outer loop: 42 blocks (a byte lane of the count never overflows). EMPTY_RUN whole
 * windows in a row without a newline are the `long` flag, which tells the scanner whether a line may
 * be as long as a piece journald cut (2042 bytes, scanner/split-rest.ts): a line of 3 * 672 - 1 =
 * 2015 bytes or more holds two whole windows wherever it starts, one under 2 * 672 = 1344 cannot.
 * The flag was one empty window of 1,008 bytes: lines of 1-2 KB (Marathon's) set it in most chunks,
 * and the scanner then walked them for pieces (docs/benchmarks.md). Windows of 496 bytes, three in a
 * row, would leave lines to 1488 unflagged, at 3-6 % more time in the loop (more windows; 15 rounds
 * over 64 MB in place).
 */
export const COUNT_WINDOW = 672;
/** Whole windows without a newline, in a row, that set the `long` flag. */
export const EMPTY_RUN = 2;
/**
 * The result holds the count shifted by 3: a call's range must stay below 2^29 bytes (so its count
 * does). newlines.ts copies 64 KiB at a time and hands out no buffer this large to count in place.
 */
export const MAX_CALL_BYTES = 2 ** 29;
/** full = p + WINDOW <= end; stop = min(p + WINDOW, end); prev = total. */
const outerStart = (p: number, end: number, stop: number, full: number, total: number, prev: number): number[] => [
  ...get(p), ...i32(COUNT_WINDOW), 0x6a, ...get(end), 0x4d, ...set(full),
  ...get(p), ...i32(COUNT_WINDOW), 0x6a, ...tee(stop), ...get(end), ...get(stop), ...get(end), 0x49, 0x1b, ...set(stop),
  ...get(total), ...set(prev),
];
/** run = (run + 1) * (full & (total == prev)); long |= run >= EMPTY_RUN. */
const noteRun = (long: number, full: number, total: number, prev: number, run: number): number[] => [
  ...get(run), ...i32(1), 0x6a, ...get(full), ...get(total), ...get(prev), 0x46, 0x71, 0x6c, ...tee(run),
  ...i32(EMPTY_RUN), 0x4f, ...get(long), 0x72, ...set(long),
];
/** The result: total << 3 | !all_true(low) << 2 | long << 1 | any_true(json). */
const result = (total: number, low: number, long: number, json: number): number[] => [
  ...get(total), ...i32(3), 0x74,
  ...get(low), ...ALL_TRUE, 0x45, ...i32(2), 0x74, 0x72, // i32.eqz: some lane was 0
  ...get(long), ...i32(1), 0x74, 0x72, ...get(json), ...ANY_TRUE, 0x72,
];
/** low = min_u(low, v): the least byte seen in each lane. */
const noteLow = (low: number, v: number): number[] => [...get(low), ...get(v), ...MIN_U, ...set(low)];
const ZERO = (acc: number): number[] => [SIMD, 0x0c, ...new Array<number>(16).fill(0), ...set(acc)];

/** `count`: see the listing above. */
function countBody(): number[] {
  // locals: 0 len (the end), 1 p (the start) (params); i32: 2 total, 3 stop; v128: 4 acc, 5 nl, 6 json, 7 eq, 8 w, 9 the
  // nibble mask, 10 AFTER_NL, 11 unused; i32: 12 prev, 13 full, 14 long; v128: 15 v, 16 low; i32: 17 run
  return [
    0x05, 0x02, 0x7f, 0x08, 0x7b, 0x03, 0x7f, 0x02, 0x7b, 0x01, 0x7f, // 2 i32, 8 v128, 3 i32, 2 v128, 1 i32 locals
    ...splat(0x0a), ...set(5), ...splat(0x0f), ...set(9), ...v128(AFTER_NL), ...set(10),
    ...splat(0xff), ...set(16),
    0x02, 0x40, 0x03, 0x40, // block, loop (outer)
    ...get(1), ...get(0), 0x4f, 0x0d, 0x01, // p >= len: exit
    ...outerStart(1, 0, 3, 13, 2, 12),
    ...ZERO(4),
    0x03, 0x40, // loop (inner)
    ...get(1), ...load(0), ...tee(15), ...get(5), ...EQ, ...set(7), // v = bytes at p; eq = v == '\n'
    ...get(4), ...get(7), SIMD, 0x71, ...set(4), // acc -= eq
    ...noteLow(16, 15),
    ...get(1), ...load(1), ...set(8), // w = bytes at p + 1
    ...noteJson(6, 7, 8, 10, 9), // json |= eq & (w is '{', RS or 'd')
    ...get(1), ...i32(16), 0x6a, ...tee(1), ...get(3), 0x49, 0x0d, 0x00, // p += 16; loop while p < stop
    0x0b,
    ...addLanes(4, 2),
    ...noteRun(14, 13, 2, 12, 17),
    0x0c, 0x00, // continue outer
    0x0b, 0x0b,
    ...result(2, 16, 14, 6),
    0x0b,
  ];
}

/**
 * `scan(end, p, out)`: `count`, and in the same loop the blocks holding `=a` (every `type=audit`
 * has one): their addresses as u32 from out + 4, in order, how many at out. Two compares and an AND
 * per block, against a `Buffer.indexOf` of the needle over every byte (scanner/needles.ts). Blocks
 * go in pairs, with one test and branch for both (a hit is rare: ~0.4 % of the blocks of the
 * bench's `short` log); a window's odd last block alone. A window (42 blocks) is whole pairs but
 * for the last of a range.
 *   pairs: while p + 32 <= stop: h0, h1 = block(p), block(p + 16); if any_true(h0 | h1): *q++ = p if h0, p + 16 if h1; p += 32
 *   block(p): v = v128.load p; … as count (NUL flag included) …; hit = (v == '=') & (w == 'a')
 *   then if p < stop: h0 = block(p); if any_true(h0): *q++ = p; p += 16
 */
function scanBody(): number[] {
  // locals: 0 end, 1 p, 2 out (params); i32: 3 total, 4 stop, 5 q; v128: 6 acc, 7 nl, 8 json, 9 eq, 10 w, 11 the nibble
  // mask, 12 AFTER_NL, 13 h1, 14 v, 15 '=', 16 'a'; i32: 17 prev, 18 full, 19 long; v128: 20 low; i32: 21 run; v128: 22 h0
  const block = (off: number, hit: number): number[] => [
    ...get(1), ...load(off), ...tee(14), ...get(7), ...EQ, ...set(9), // v = bytes at p + off; eq = v == '\n'
    ...get(6), ...get(9), SIMD, 0x71, ...set(6), // acc -= eq
    ...noteLow(20, 14),
    ...get(1), ...load(off + 1), ...set(10), // w = the bytes after
    ...noteJson(8, 9, 10, 12, 11),
    ...get(14), ...get(15), ...EQ, ...get(10), ...get(16), ...EQ, ...AND, ...set(hit), // some '=' followed by 'a'
  ];
  /** if any_true(hit): *q = p + off; q += 4 */
  const record = (hit: number, off: number): number[] => [
    ...get(hit), ...ANY_TRUE, 0x04, 0x40,
    ...get(5), ...get(1), ...(off === 0 ? [] : [...i32(off), 0x6a]), 0x36, 0x02, 0x00,
    ...get(5), ...i32(4), 0x6a, ...set(5),
    0x0b,
  ];
  return [
    0x06, 0x03, 0x7f, 0x0b, 0x7b, 0x03, 0x7f, 0x01, 0x7b, 0x01, 0x7f, 0x01, 0x7b, // 3 i32, 11 v128, 3 i32, 1 v128, 1 i32, 1 v128 locals
    ...splat(0x0a), ...set(7), ...splat(0x0f), ...set(11), ...v128(AFTER_NL), ...set(12),
    ...splat(0xff), ...set(20),
    ...splat(0x3d), ...set(15), ...splat(0x61), ...set(16),
    ...get(2), ...i32(4), 0x6a, ...set(5), // q = out + 4
    0x02, 0x40, 0x03, 0x40, // block, loop (outer)
    ...get(1), ...get(0), 0x4f, 0x0d, 0x01, // p >= end: exit
    ...outerStart(1, 0, 4, 18, 3, 17),
    ...ZERO(6),
    0x02, 0x40, 0x03, 0x40, // block, loop (pairs)
    ...get(1), ...i32(32), 0x6a, ...get(4), 0x4b, 0x0d, 0x01, // p + 32 > stop: leave the pairs
    ...block(0, 22), ...block(16, 13),
    ...get(22), ...get(13), ...OR, ...ANY_TRUE, 0x04, 0x40, ...record(22, 0), ...record(13, 16), 0x0b,
    ...get(1), ...i32(32), 0x6a, ...set(1), // p += 32
    0x0c, 0x00, // next pair
    0x0b, 0x0b,
    ...get(1), ...get(4), 0x49, 0x04, 0x40, // if p < stop: the window's odd last block
    ...block(0, 22), ...record(22, 0),
    ...get(1), ...i32(16), 0x6a, ...set(1),
    0x0b,
    ...addLanes(6, 3),
    ...noteRun(19, 18, 3, 17, 21),
    0x0c, 0x00, // continue outer
    0x0b, 0x0b,
    ...get(2), ...get(5), ...get(2), 0x6b, ...i32(4), 0x6b, ...i32(2), 0x76, 0x36, 0x02, 0x00, // *out = (q - out - 4) >> 2
    ...result(3, 20, 19, 8),
    0x0b,
  ];
}

/**
 * `find(p, end, n, len)`: the address of the first `len` bytes in [p, end) equal to those at `n`
 * (the needle, 1 <= len), else -1. Per 16 candidates one compare of their first bytes and one of
 * their last, then a byte loop over the middle of each candidate both hit: a search that stays in
 * the module, where `Buffer.indexOf` crosses into C++ (~0.15 us a call, whatever the length).
 * Reads up to 15 bytes past `end` (a load at p + len - 1, p <= end - len): the memory must hold
 * them (scanBuffers leaves room; needle-find.ts indexIn checks).
 *   first, last = splat(mem[n]), splat(mem[n + len - 1]); stop = end - len + 1   ;; candidates i < stop
 *   while p < stop:
 *     m = bitmask((load p == first) & (load (p + len - 1) == last))
 *     if stop - p < 16: m &= (1 << (stop - p)) - 1
 *     while m: i = p + ctz(m); j = 1; while j < len - 1 && mem[i + j] == mem[n + j]: j++
 *              if j >= len - 1: return i; m &= m - 1
 *     p += 16
 *   return -1
 * Addresses are below 2^31, so signed compares are exact even when end - len + 1 is negative.
 */
function findBody(): number[] {
  // locals: 0 p, 1 end, 2 n, 3 len (params); i32: 4 stop, 5 m, 6 i, 7 j; v128: 8 first, 9 last
  const LOAD8 = [0x2d, 0x00, 0x00]; // i32.load8_u
  const lenLess1 = [...get(3), ...i32(1), 0x6b];
  return [
    0x02, 0x04, 0x7f, 0x02, 0x7b, // 4 i32, 2 v128 locals
    ...get(2), ...LOAD8, SIMD, 0x0f, ...set(8),
    ...get(2), ...lenLess1, 0x6a, ...LOAD8, SIMD, 0x0f, ...set(9),
    ...get(1), ...lenLess1, 0x6b, ...set(4), // stop = end - (len - 1)
    0x02, 0x40, 0x03, 0x40, // block, loop (blocks of 16 candidates)
    ...get(0), ...get(4), 0x4e, 0x0d, 0x01, // p >= stop: none
    ...get(0), ...load(0), ...get(8), ...EQ,
    ...get(0), ...lenLess1, 0x6a, ...load(0), ...get(9), ...EQ,
    ...AND, SIMD, 0x64, ...set(5), // m = i8x16.bitmask(first hit & last hit)
    ...get(4), ...get(0), 0x6b, ...tee(6), ...i32(16), 0x48, 0x04, 0x40, // if stop - p < 16
    ...get(5), ...i32(1), ...get(6), 0x74, ...i32(1), 0x6b, 0x71, ...set(5), // m &= (1 << (stop - p)) - 1
    0x0b,
    0x02, 0x40, 0x03, 0x40, // block, loop (the candidates of m)
    ...get(5), 0x45, 0x0d, 0x01, // m == 0: next block
    ...get(0), ...get(5), 0x68, 0x6a, ...set(6), // i = p + ctz(m)
    ...i32(1), ...set(7), // j = 1
    0x02, 0x40, 0x03, 0x40, // block, loop (the middle bytes)
    ...get(7), ...lenLess1, 0x4e, 0x0d, 0x01, // j >= len - 1: all equal
    ...get(6), ...get(7), 0x6a, ...LOAD8, ...get(2), ...get(7), 0x6a, ...LOAD8, 0x47, 0x0d, 0x01, // a byte differs
    ...get(7), ...i32(1), 0x6a, ...set(7),
    0x0c, 0x00,
    0x0b, 0x0b,
    ...get(7), ...lenLess1, 0x4e, 0x04, 0x40, ...get(6), 0x0f, 0x0b, // found: return i
    ...get(5), ...get(5), ...i32(1), 0x6b, 0x71, ...set(5), // m &= m - 1
    0x0c, 0x00,
    0x0b, 0x0b,
    ...get(0), ...i32(16), 0x6a, ...set(0), // p += 16
    0x0c, 0x00,
    0x0b, 0x0b,
    ...i32(-1),
    0x0b,
  ];
}

/** The module's bytes (see the listings above). */
export function countModuleBytes(): Uint8Array {
  const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content];
  const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const fn = (body: number[]): number[] => [...leb(body.length), ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // types: (i32, i32) -> i32, (i32, i32, i32) -> i32 and (i32, i32, i32, i32) -> i32
    ...section(0x01, [0x03, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f]),
    ...section(0x03, [0x03, 0x00, 0x01, 0x02]), // count, scan, find
    ...section(0x05, [0x01, 0x00, 0x02]), // memory: 2 pages (128 KiB), no maximum
    ...section(0x07, [0x04, ...name('mem'), 0x02, 0x00, ...name('count'), 0x00, 0x00, ...name('scan'), 0x00, 0x01, ...name('find'), 0x00, 0x02]),
    ...section(0x0a, [0x03, ...fn(countBody()), ...fn(scanBody()), ...fn(findBody())]),
  ]);
}
