// Strings of long lines, collected before they pile up. A line of over 128 KiB decodes to one
// string that V8 allocates as a large object; the parse it is made for allocates too, so a young
// collection meets it still in use and moves it to the old generation, where only a full collection
// frees it, once that generation has grown ~4x past what survived the last one. On the red-team
// logs of 100 lines of ~1 MiB (docs/benchmarks.md, "Hostile long lines") that was ~1 MB more heap
// per line, 38-57 MB before each full collection, and a peak RSS of 125-142 MB against the 100 MB
// target. So after every LONG_BUDGET bytes of such lines decoded, a full collection is asked for
// (V8's `gc`, exposed on first use): peaks of 82-84 MB (bigkv) and 94-95 MB (bigquoted), for
// ~1-2 ms a collection with the scan's ~10 MB heap (bigkv 0.43-0.50 s against 0.35-0.41 s). Lines
// under 64 KiB (LONG_LINE) never come here: the bench's logs are scanned as before.
import { MAX_LINE_BYTES } from '../types.js';

/**
 * A decoded line this long may be a large object of V8's (over kMaxRegularHeapObjectSize, 128 KiB
 * on 64-bit): one character beyond Latin-1 makes V8 keep the string two bytes a character, so
 * 64 KiB of bytes can be one. Counted from 128 KiB only, lines of 64-128 KiB with one euro sign each
 * escaped the collections: 109-120 MB peak on 100 MB of them (a reviewer's measure).
 */
export const LONG_LINE = 64 * 1024;
/** The least garbage of long lines let pile up between collections: 4 MiB was 4-5 MB more peak RSS, 8 MiB ~13 MB more. */
const LONG_BUDGET = 2 * MAX_LINE_BYTES;

let pending = 0;
/** Bytes to decode before the next collection: at least LONG_BUDGET, a quarter of the heap in use after the last. */
let budget = LONG_BUDGET;
/** Runs a full collection and says the heap's bytes in use after it; set by the pipeline (core does not touch the process). */
let collect: (() => number) | null = null;

export function setLongLineCollector(fn: (() => number) | null): void {
  collect = fn;
}

/**
 * `bytes` of a line of LONG_LINE bytes or more are being decoded. With a big heap (many findings) a
 * full collection costs more, so the budget grows with it: the collections stay a small part of the
 * work whatever the heap holds.
 */
export function decodingLong(bytes: number): void {
  pending += bytes;
  if (pending < budget || !collect) return;
  pending = 0;
  budget = Math.max(LONG_BUDGET, collect() / 4);
}
