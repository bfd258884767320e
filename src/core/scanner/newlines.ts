// Counting lines at memory speed. The scan must report an exact line count, and the obvious
// `buf.indexOf(10, q + 1)` loop costs one call into C++ per line: ~110 ms per GB of ~280-byte
// lines and ~170 ms per GB of ~200-byte lines (2-core AMD EPYC VM, Node 20), as much as finding
// the audit lines. Node has no native byte count, so a 16-bytes-at-a-time loop in WebAssembly
// (SIMD, in Node since 16.4) counts `\n` in a window of wasm memory the chunk is copied into:
// ~20 ms per GB plus ~50 ms for the copy. In the same pass it notes whether some line starts
// with `{`, RS or `d` (journal json, json-seq, json-sse `data: `): only then is the exact check
// (three indexOf calls) made.
//
// Sources that read into buffers of their own can take them from `scanBuffers`: views of the memory
// of an instance of the module, counted in place, without the copy (~100 ms per GB of the in-process
// scan on the bench's shapes, 2-core AMD EPYC VM: the copy cost as much as the count). Those are
// counted by `scan` when the scanner finds that faster than its needle search (timed per stream,
// chunks.ts): in the same loop it lists the 16-byte blocks holding `=a` (scanLines), and the
// scanner looks for `type=audit` in those blocks only (needles.ts FlaggedHits).
//
// The module, in WebAssembly text format (`count(end, p) -> count << 1 | maybeJson`, bytes [p, end)
// of the memory, end - p a multiple of 16; it reads byte `end` too, the byte after the last one):
//   (memory (export "mem") 2)
//   (func (export "count") (param $len i32) (param $p i32) (result i32)
//     (local $total i32) (local $stop i32)
//     (local $acc v128) (local $nl v128) (local $json v128) (local $eq v128) (local $w v128) …
//     nl = i8x16.splat 10 (and the splats of '{', RS, 'd')
//     outer: while p < len:
//       stop = min(p + 4080, len); acc = 0          ;; 255 blocks at most: a byte lane never overflows
//       inner: do
//         eq = i8x16.eq(v128.load p, nl)
//         acc = i8x16.sub(acc, eq)                  ;; eq is -1 per newline
//         w = v128.load (p + 1)                     ;; the bytes right after each position
//         json |= eq & (w == '{' | w == 0x1e | w == 'd')
//         p += 16
//       while p < stop
//       total += sum of acc's 16 lanes (two pairwise widening adds, four lane extracts)
//     return total << 1 | v128.any_true(json)
//   (func (export "scan") (param $end i32) (param $p i32) (param $out i32) (result i32)): see scanBody.
// Built below from that listing, byte by byte (the binary format is small and stable).

const WINDOW = 64 * 1024;

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
/** acc's 16 byte lanes summed onto the i32 local `total` (two pairwise widening adds, four extracts). */
const addLanes = (acc: number, total: number): number[] => [
  ...get(acc), SIMD, 0x7d, SIMD, 0x7f, ...tee(acc),
  SIMD, 0x1b, 0x00, ...get(acc), SIMD, 0x1b, 0x01, 0x6a, ...get(acc), SIMD, 0x1b, 0x02, 0x6a, ...get(acc), SIMD, 0x1b, 0x03, 0x6a,
  ...get(total), 0x6a, ...set(total),
];
/** stop = min(p + 4080, end): 255 blocks at most, so a byte lane of the count never overflows. */
const outerStop = (p: number, end: number, stop: number): number[] => [...get(p), ...i32(4080), 0x6a, ...tee(stop), ...get(end), ...get(stop), ...get(end), 0x49, 0x1b, ...set(stop)];
const ZERO = (acc: number): number[] => [SIMD, 0x0c, ...new Array<number>(16).fill(0), ...set(acc)];

/** `count`: see the listing above. */
function countBody(): number[] {
  // locals: 0 len (the end), 1 p (the start) (params); i32: 2 total, 3 stop; v128: 4 acc, 5 nl, 6 json, 7 eq, 8 w, 9 '{', 10 RS, 11 'd'
  return [
    0x02, 0x02, 0x7f, 0x08, 0x7b, // 2 i32 locals, 8 v128 locals
    ...splat(0x0a), ...set(5), ...splat(0x7b), ...set(9), ...splat(0x1e), ...set(10), ...splat(0x64), ...set(11),
    0x02, 0x40, 0x03, 0x40, // block, loop (outer)
    ...get(1), ...get(0), 0x4f, 0x0d, 0x01, // p >= len: exit
    ...outerStop(1, 0, 3),
    ...ZERO(4),
    0x03, 0x40, // loop (inner)
    ...get(1), ...load(0), ...get(5), ...EQ, ...set(7), // eq = (bytes at p) == '\n'
    ...get(4), ...get(7), SIMD, 0x71, ...set(4), // acc -= eq
    ...get(1), ...load(1), ...set(8), // w = bytes at p + 1
    ...get(6), ...get(7),
    ...get(8), ...get(9), ...EQ, ...get(8), ...get(10), ...EQ, ...OR, ...get(8), ...get(11), ...EQ, ...OR,
    ...AND, ...OR, ...set(6), // json |= eq & (w is '{', RS or 'd')
    ...get(1), ...i32(16), 0x6a, ...tee(1), ...get(3), 0x49, 0x0d, 0x00, // p += 16; loop while p < stop
    0x0b,
    ...addLanes(4, 2),
    0x0c, 0x00, // continue outer
    0x0b, 0x0b,
    ...get(2), ...i32(1), 0x74, ...get(6), ...ANY_TRUE, 0x72, // total << 1 | any_true(json)
    0x0b,
  ];
}

/**
 * `scan(end, p, out)`: `count`, and in the same loop the blocks holding `=a` (every `type=audit`
 * has one): their addresses as u32 from out + 4, how many at out. Two compares and a test per
 * block, against a `Buffer.indexOf` of the needle over every byte (scanner/needles.ts).
 *   v = v128.load p; … as count …; if any_true((v == '=') & (w == 'a')): *q = p; q += 4
 */
function scanBody(): number[] {
  // locals: 0 end, 1 p, 2 out (params); i32: 3 total, 4 stop, 5 q; v128: 6 acc, 7 nl, 8 json, 9 eq, 10 w, 11 '{', 12 RS, 13 'd', 14 v, 15 '=', 16 'a'
  return [
    0x02, 0x03, 0x7f, 0x0b, 0x7b, // 3 i32 locals, 11 v128 locals
    ...splat(0x0a), ...set(7), ...splat(0x7b), ...set(11), ...splat(0x1e), ...set(12), ...splat(0x64), ...set(13),
    ...splat(0x3d), ...set(15), ...splat(0x61), ...set(16),
    ...get(2), ...i32(4), 0x6a, ...set(5), // q = out + 4
    0x02, 0x40, 0x03, 0x40, // block, loop (outer)
    ...get(1), ...get(0), 0x4f, 0x0d, 0x01, // p >= end: exit
    ...outerStop(1, 0, 4),
    ...ZERO(6),
    0x03, 0x40, // loop (inner)
    ...get(1), ...load(0), ...tee(14), ...get(7), ...EQ, ...set(9), // v = bytes at p; eq = v == '\n'
    ...get(6), ...get(9), SIMD, 0x71, ...set(6), // acc -= eq
    ...get(1), ...load(1), ...set(10), // w = bytes at p + 1
    ...get(8), ...get(9),
    ...get(10), ...get(11), ...EQ, ...get(10), ...get(12), ...EQ, ...OR, ...get(10), ...get(13), ...EQ, ...OR,
    ...AND, ...OR, ...set(8), // json |= eq & (w is '{', RS or 'd')
    ...get(14), ...get(15), ...EQ, ...get(10), ...get(16), ...EQ, ...AND, ...ANY_TRUE, // some '=' followed by 'a'
    0x04, 0x40, // if
    ...get(5), ...get(1), 0x36, 0x02, 0x00, // *q = p
    ...get(5), ...i32(4), 0x6a, ...set(5), // q += 4
    0x0b,
    ...get(1), ...i32(16), 0x6a, ...tee(1), ...get(4), 0x49, 0x0d, 0x00, // p += 16; loop while p < stop
    0x0b,
    ...addLanes(6, 3),
    0x0c, 0x00, // continue outer
    0x0b, 0x0b,
    ...get(2), ...get(5), ...get(2), 0x6b, ...i32(4), 0x6b, ...i32(2), 0x76, 0x36, 0x02, 0x00, // *out = (q - out - 4) >> 2
    ...get(3), ...i32(1), 0x74, ...get(8), ...ANY_TRUE, 0x72, // total << 1 | any_true(json)
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
    // types: (i32, i32) -> i32 and (i32, i32, i32) -> i32
    ...section(0x01, [0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f]),
    ...section(0x03, [0x02, 0x00, 0x01]), // count, scan
    ...section(0x05, [0x01, 0x00, 0x02]), // memory: 2 pages (128 KiB), no maximum
    ...section(0x07, [0x03, ...name('mem'), 0x02, 0x00, ...name('count'), 0x00, 0x00, ...name('scan'), 0x00, 0x01]),
    ...section(0x0a, [0x02, ...fn(countBody()), ...fn(scanBody())]),
  ]);
}

/** The part of the WebAssembly global used here (the project's TypeScript lib has no DOM types). */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
export const wasmApi = (): WasmApi | undefined => (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

type CountFn = (end: number, start: number) => number;
type ScanFn = (end: number, start: number, out: number) => number;

/** A memory scanBuffers handed out: its instance's functions and where `scan` writes its list. */
interface Arena {
  count: CountFn;
  scan: ScanFn;
  /** Byte address of the list (its length, then the block addresses). */
  list: number;
  u32: Uint32Array;
}

interface Counter {
  mem: Buffer;
  count: CountFn;
}

interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

let counter: Counter | null | undefined;
let compiled: object | null | undefined;
/** The memories handed out by scanBuffers, and the instance each belongs to. */
const arenas = new WeakMap<ArrayBuffer, Arena>();

function instance(): { exports: Record<string, unknown> } | null {
  try {
    const wasm = wasmApi();
    if (!wasm) return null;
    if (compiled === undefined) compiled = new wasm.Module(countModuleBytes());
    return compiled === null ? null : new wasm.Instance(compiled);
  } catch {
    compiled = null;
    return null; // no WebAssembly SIMD (an unusual Node build): the indexOf loop below
  }
}

function instantiate(): Counter | null {
  const inst = instance();
  if (!inst) return null;
  return { mem: Buffer.from((inst.exports.mem as WasmMemory).buffer), count: inst.exports.count as CountFn };
}

const PAGE = 64 * 1024;

/**
 * `n` buffers of `size` bytes that scanNewlines counts in place: views of one instance's memory
 * (grown once, before any view exists: growing detaches the views), with a page to spare after
 * the last (the loop reads a byte past its range). Null without WebAssembly: allocate plainly.
 * The memory lives as long as one of the buffers does.
 */
export function scanBuffers(n: number, size: number): Buffer[] | null {
  const inst = instance();
  if (!inst) return null;
  try {
    const memory = inst.exports.mem as WasmMemory;
    // After the buffers, the list `scan` fills: a length and at most one address per 16 bytes.
    const list = Math.ceil((n * size) / 4) * 4;
    const pages = Math.ceil((list + 4 + ((size >> 4) + 1) * 4) / PAGE) + 1;
    const have = memory.buffer.byteLength / PAGE;
    if (pages > have) memory.grow(pages - have);
    const ab = memory.buffer;
    arenas.set(ab, { count: inst.exports.count as CountFn, scan: inst.exports.scan as ScanFn, list, u32: new Uint32Array(ab) });
    return Array.from({ length: n }, (_, i) => Buffer.from(ab, i * size, size));
  } catch {
    return null; // the memory could not grow: plain buffers
  }
}

export interface NewlineScan {
  /** `\n` bytes in [from, to). */
  count: number;
  /** Some `\n` in [from, to) is followed by `{`, RS or `data: ` (the byte after `to` included when present). */
  jsonLine: boolean;
}

const NL_LBRACE = Buffer.from('\n{');
const NL_RS = Buffer.from('\n\x1e');
const NL_DATA = Buffer.from('\ndata: ');

/** The exact json-line check over [from, to] (a `\n` at to - 1 is checked against the byte at to). */
function hasJsonLine(buf: Buffer, from: number, to: number): boolean {
  const seg = buf.subarray(from, Math.min(buf.length, to + NL_DATA.length - 1));
  const within = (at: number): boolean => at !== -1 && at < to - from;
  return within(seg.indexOf(NL_LBRACE)) || within(seg.indexOf(NL_RS)) || within(seg.indexOf(NL_DATA));
}

function slowScan(buf: Buffer, from: number, to: number): NewlineScan {
  let count = 0;
  for (let q = buf.indexOf(10, from); q !== -1 && q < to; q = buf.indexOf(10, q + 1)) count++;
  return { count, jsonLine: count > 0 && hasJsonLine(buf, from, to) };
}

/** Count the newlines of buf[from, to) and tell whether a line among them may start like journal json. */
export function scanNewlines(buf: Buffer, from: number, to: number): NewlineScan {
  const inPlace = arenas.get(buf.buffer as ArrayBuffer);
  if (inPlace !== undefined) {
    // The bytes are in wasm memory already. The byte read past a range that ends the buffer is
    // whatever follows it there: at worst a false `maybe`, which the exact check settles.
    const start = buf.byteOffset + from;
    const whole = (to - from) & ~15;
    const r = inPlace.count(start + whole, start);
    return tail(buf, from + whole, to, r >>> 1, (r & 1) !== 0, from);
  }
  if (counter === undefined) counter = instantiate();
  if (counter === null) return slowScan(buf, from, to);
  const { mem, count } = counter;
  let total = 0;
  let maybeJson = false;
  for (let at = from; at < to; at += WINDOW) {
    const end = Math.min(to, at + WINDOW);
    const len = end - at;
    buf.copy(mem, 0, at, end);
    const whole = len & ~15;
    // The wasm loop reads one byte past `whole`: the buffer's next byte (0 past its end).
    if (whole === len) mem[len] = end < buf.length ? buf[end]! : 0;
    const r = count(whole, 0);
    total += r >>> 1;
    if (r & 1) maybeJson = true;
    for (let i = at + whole; i < end; i++) {
      if (buf[i] !== 10) continue;
      total++;
      const b = i + 1 < buf.length ? buf[i + 1] : -1;
      if (b === 0x7b || b === 0x1e || b === 0x64) maybeJson = true;
    }
  }
  return { count: total, jsonLine: maybeJson && hasJsonLine(buf, from, to) };
}

/** The last (< 16) bytes [at, to) by hand, then the exact json check of [from, to). */
function tail(buf: Buffer, at: number, to: number, total: number, maybeJson: boolean, from: number): NewlineScan {
  for (let i = at; i < to; i++) {
    if (buf[i] !== 10) continue;
    total++;
    const b = i + 1 < buf.length ? buf[i + 1] : -1;
    if (b === 0x7b || b === 0x1e || b === 0x64) maybeJson = true;
  }
  return { count: total, jsonLine: maybeJson && hasJsonLine(buf, from, to) };
}

/**
 * The 16-byte blocks of buf[from, to) where some `=` is followed by `a` (the byte after `to` may
 * count): a superset of the blocks holding the `=` of a `type=audit`. The addresses are of the
 * memory (`base` is buf[0]'s); blocks cover [from, to) only, the caller searches the rest.
 */
export interface FlaggedBlocks {
  u32: Uint32Array;
  /** Index in u32 of the first address, and how many. */
  first: number;
  n: number;
  base: number;
  from: number;
  to: number;
}

/**
 * scanNewlines, and for a buffer of scanBuffers' the blocks that may hold the needle, flagged by
 * the same pass over the bytes (null for other buffers: search them with scanner/needles.ts).
 */
export function scanLines(buf: Buffer, from: number, to: number): NewlineScan & { flagged: FlaggedBlocks | null } {
  const arena = arenas.get(buf.buffer as ArrayBuffer);
  if (arena === undefined) return { ...scanNewlines(buf, from, to), flagged: null };
  const start = buf.byteOffset + from;
  const whole = (to - from) & ~15;
  const r = arena.scan(start + whole, start, arena.list);
  const n = arena.u32[arena.list >> 2]!; // written by scan just now
  const flagged = { u32: arena.u32, first: (arena.list >> 2) + 1, n, base: buf.byteOffset, from, to: from + whole };
  return { ...tail(buf, from + whole, to, r >>> 1, (r & 1) !== 0, from), flagged };
}

/**
 * What listing the flagged blocks adds to counting buf[from, to) (ms, the faster of two rounds), or
 * Infinity for a buffer outside wasm memory: the scanner weighs it against the needle's search.
 */
export function flagCostMs(buf: Buffer, from: number, to: number): number {
  const arena = arenas.get(buf.buffer as ArrayBuffer);
  if (arena === undefined) return Infinity;
  const start = buf.byteOffset + from;
  const end = start + ((to - from) & ~15);
  let count = Infinity;
  let scan = Infinity;
  for (let round = 0; round < 2; round++) {
    let t0 = performance.now();
    arena.count(end, start);
    count = Math.min(count, performance.now() - t0);
    t0 = performance.now();
    arena.scan(end, start, arena.list);
    scan = Math.min(scan, performance.now() - t0);
  }
  return scan - count;
}
