// Counting lines at memory speed. The scan must report an exact line count, and the obvious
// `buf.indexOf(10, q + 1)` loop costs one call into C++ per line: ~110 ms per GB of ~280-byte
// lines and ~170 ms per GB of ~200-byte lines (2-core AMD EPYC VM, Node 20), as much as finding
// the audit lines. Node has no native byte count, so a 16-bytes-at-a-time loop in WebAssembly
// (SIMD, in Node since 16.4) counts `\n` in a window of wasm memory the chunk is copied into:
// ~20 ms per GB plus ~50 ms for the copy. In the same pass it notes whether some line starts
// with `{`, RS or `d` (journal json, json-seq, json-sse `data: `): only then is the exact check
// (three indexOf calls) made; and whether a NUL byte is there (UTF-16 or binary data appended to a
// text log: the scan says so), which costs one instruction per 16 bytes.
//
// Sources that read into buffers of their own can take them from `scanBuffers`: views of the memory
// of an instance of the module, counted in place, without the copy (~100 ms per GB of the in-process
// scan on the bench's shapes, 2-core AMD EPYC VM: the copy cost as much as the count). Those are
// counted by `scan` when the scanner finds that faster than its needle search (timed per stream,
// chunks.ts): in the same loop it lists the 16-byte blocks holding `=a` (scanLines), and the
// scanner looks for `type=audit` in those blocks only (needles.ts FlaggedHits).
//
// The module itself (its listing and its bytes) is simd-module.ts.
import { COUNT_WINDOW, countModuleBytes, EMPTY_RUN, MAX_CALL_BYTES } from './simd-module.js';
import { addFinder, NEEDLE_AREA, type FindFn } from './needle-find.js';

/** Bytes copied into wasm memory at a time: whole count windows, so they fall alike in every call. */
export const COPY_WINDOW = Math.floor((64 * 1024) / COUNT_WINDOW) * COUNT_WINDOW;
/**
 * A line of this many bytes holds EMPTY_RUN whole count windows wherever it starts: it sets the
 * longLine flag. (Not long-garbage.ts's LONG_LINE, the 64 KiB past which a decoded line is watched.)
 */
export const FLAGGED_LINE_BYTES = (EMPTY_RUN + 1) * COUNT_WINDOW - 1;

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
  if (size > MAX_CALL_BYTES) return null; // a count in one call must fit the result's bits
  const inst = instance();
  if (!inst) return null;
  try {
    const memory = inst.exports.mem as WasmMemory;
    // After the buffers, the list `scan` fills: a length and at most one address per 16 bytes; then
    // the needles `find` compares with (needle-find.ts).
    const list = Math.ceil((n * size) / 4) * 4;
    const needles = list + 4 + ((size >> 4) + 1) * 4;
    const pages = Math.ceil((needles + NEEDLE_AREA) / PAGE) + 1;
    const have = memory.buffer.byteLength / PAGE;
    if (pages > have) memory.grow(pages - have);
    const ab = memory.buffer;
    arenas.set(ab, { count: inst.exports.count as CountFn, scan: inst.exports.scan as ScanFn, list, u32: new Uint32Array(ab) });
    addFinder(ab, inst.exports.find as FindFn, needles);
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
  /**
   * A line inside [from, to) (after a `\n` there) may be FLAGGED_LINE_BYTES or longer: false only
   * when no EMPTY_RUN count windows in a row lacked a `\n` (simd-module.ts), so none is as long as a
   * piece journald cut (scanner/split-rest.ts). Lines under EMPTY_RUN * COUNT_WINDOW bytes never set it.
   */
  longLine: boolean;
  /** Some byte of [from, to) is NUL. */
  nul: boolean;
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
  return { count, jsonLine: count > 0 && hasJsonLine(buf, from, to), longLine: true, nul: buf.subarray(from, to).includes(0) };
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
    return tail(buf, from + whole, to, r, from);
  }
  if (counter === undefined) counter = instantiate();
  if (counter === null) return slowScan(buf, from, to);
  const { mem, count } = counter;
  let total = 0;
  let maybeJson = false;
  let longLine = false;
  let nul = false;
  for (let at = from; at < to; at += COPY_WINDOW) {
    const end = Math.min(to, at + COPY_WINDOW);
    const len = end - at;
    buf.copy(mem, 0, at, end);
    const whole = len & ~15;
    // The wasm loop reads one byte past `whole`: the buffer's next byte (0 past its end).
    if (whole === len) mem[len] = end < buf.length ? buf[end]! : 0;
    const r = count(whole, 0);
    // A line across two copies may leave fewer empty windows than EMPTY_RUN in each: measured here.
    if (!longLine && at > from && longAcross(buf, from, at, to)) longLine = true;
    total += r >>> 3;
    if (r & 1) maybeJson = true;
    if (r & 2) longLine = true;
    if (r & 4) nul = true;
    for (let i = at + whole; i < end; i++) {
      const c = buf[i];
      if (c === 0) nul = true;
      if (c !== 10) continue;
      total++;
      const b = i + 1 < buf.length ? buf[i + 1] : -1;
      if (b === 0x7b || b === 0x1e || b === 0x64) maybeJson = true;
    }
  }
  return { count: total, jsonLine: maybeJson && hasJsonLine(buf, from, to), longLine, nul };
}

/** Whether the line holding bytes at - 1 and at may be FLAGGED_LINE_BYTES long: its `\n`s looked for within that, inside [from, to). */
function longAcross(buf: Buffer, from: number, at: number, to: number): boolean {
  const lo = Math.max(from, at - FLAGGED_LINE_BYTES);
  const before = buf.subarray(lo, at).lastIndexOf(10);
  const after = buf.subarray(at, Math.min(to, at + FLAGGED_LINE_BYTES)).indexOf(10);
  if (after === -1) return at + FLAGGED_LINE_BYTES <= to; // else no `\n` before `to`: the line ends outside the range
  return before === -1 || at + after - (lo + before) - 1 >= FLAGGED_LINE_BYTES;
}

/** The module's result `r` for [from, at), the last (< 16) bytes [at, to) by hand, then the exact json check of [from, to). */
function tail(buf: Buffer, at: number, to: number, r: number, from: number): NewlineScan {
  let total = r >>> 3;
  let maybeJson = (r & 1) !== 0;
  let nul = (r & 4) !== 0;
  for (let i = at; i < to; i++) {
    const c = buf[i];
    if (c === 0) nul = true;
    if (c !== 10) continue;
    total++;
    const b = i + 1 < buf.length ? buf[i + 1] : -1;
    if (b === 0x7b || b === 0x1e || b === 0x64) maybeJson = true;
  }
  return { count: total, jsonLine: maybeJson && hasJsonLine(buf, from, to), longLine: (r & 2) !== 0, nul };
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
  return { ...tail(buf, from + whole, to, r, from), flagged };
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
