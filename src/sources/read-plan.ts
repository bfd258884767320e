// How a big regular file is read: the read size and the number of reads in flight, chosen per
// machine by a short measurement on the file itself rather than tuned on one machine.
//
// What varies (each measured with a bare Node loop over a warm 1 GB file, 2-core VMs, Node 20):
// - The kernel's copy into the read buffer. On an AMD EPYC VM (issue 13) a readSync loop cost
//   0.17 s of system time per GB with 128 KiB buffers but 0.57-0.67 s with 256 KiB or 1 MiB ones,
//   while `cat` read the GB in 0.28 s. On another AMD EPYC VM (Zen 4, 1 MiB L2 per core) the same
//   loop cost 0.08 s (128 KiB) vs 0.12 s (1 MiB): small either way. Large copies can fall out of
//   the cache (or be done with stores that bypass it); how much that costs is the machine's.
// - The cost of each read. Reads in flight go through libuv's thread pool: every completion wakes
//   the main thread (on a VM, a cross-core wake-up is an exit to the hypervisor). On the Zen 4 VM,
//   the whole scan (read + find + count) of the 1 GB bench log took 493 ms of CPU with 1 MiB reads
//   (3 in flight) and 604 ms with 128 KiB reads (8 in flight): ~15 µs of CPU per extra read.
// So: 1 MiB reads, 3 in flight (the scan overlaps them; two 1 MiB slots to a read where the pool is
// the scan's own memory, file.ts pairedReads), unless this machine's copies of 1 MiB
// cost clearly more per byte than copies of 128 KiB, by more than the extra reads would cost. That
// is measured once per big file (`calibrate`): a few synchronous reads of its first 2 MiB at both
// sizes, into rotating buffers like the pool's and touched afterwards like the scan does, the
// fastest of three rounds each: ~2 ms on the Zen 4 VM (~10 ms where big copies are slow), for
// files of 256 MiB or more (a second or so of scanning), where it can pay.
import { readSync } from 'node:fs';

export interface ReadPlan {
  /** Bytes per read (and per chunk). */
  chunk: number;
  /** Reads kept in flight at known offsets. */
  depth: number;
  /**
   * Buffers in the pool: a chunk stays valid until `pool - depth - 1` further chunks have been
   * pulled, which must cover what the scanner holds (FILE_CHUNK_LIFETIME in file.ts).
   */
  pool: number;
  /** Why (the measurement), for tests and the curious. */
  why: string;
}

export const BIG_READS: ReadPlan = { chunk: 1024 * 1024, depth: 3, pool: 8, why: 'default' };
/**
 * 128 KiB chunks: the scanner's look-back tail (256 KiB) then spans up to 3 chunks instead of 2,
 * so the pool keeps one more chunk valid than with 1 MiB chunks (lifetime 5, not 4).
 */
export const SMALL_READS: ReadPlan = { chunk: 128 * 1024, depth: 8, pool: 14, why: 'default' };

/** Files below this are read with BIG_READS without measuring (too short for it to matter). */
export const CALIBRATE_MIN_BYTES = 256 * 1024 * 1024;
const SAMPLE_BYTES = 2 * 1024 * 1024;
const ROUNDS = 3;
/** CPU an extra read costs (measured above), charged to the small reads per GB. */
const EXTRA_READ_NS = 15_000;

/** ns per GB of reading [0, SAMPLE_BYTES) of fd in `size` reads into rotating buffers, touching each. */
function timeReads(fd: number, buffers: Buffer[], size: number): number {
  const t0 = process.hrtime.bigint();
  for (let at = 0, i = 0; at < SAMPLE_BYTES; at += size, i++) {
    const buf = buffers[i % buffers.length]!; // callers pass at least one; no check inside the timed loop
    const n = readSync(fd, buf, 0, size, at);
    if (n <= 0) break;
    buf.indexOf(0x00, 0); // read the bytes back (the scan does): a miss when the copy left them out of cache
  }
  return (Number(process.hrtime.bigint() - t0) * 2 ** 30) / SAMPLE_BYTES;
}

/**
 * The plan for a regular file of `size` bytes open as `fd`. Synchronous (a few ms, once per big
 * file); any failure falls back to BIG_READS.
 */
export function calibrate(fd: number, size: number): ReadPlan {
  if (size < CALIBRATE_MIN_BYTES) return BIG_READS;
  try {
    // The small reads rotate through the same 2 MiB as the big ones: every page a measurement first
    // touches costs a fault, ~12 us each on a 2-core VM under nested paging (docs/benchmarks.md,
    // twenty-second pass), and separate buffers made 3.75 MiB of them on the scan's thread.
    const big = Array.from({ length: 2 }, () => Buffer.allocUnsafeSlow(BIG_READS.chunk));
    const small = Array.from({ length: SMALL_READS.pool }, (_, i) => {
      const at = i * SMALL_READS.chunk;
      return big[Math.floor(at / BIG_READS.chunk)]!.subarray(at % BIG_READS.chunk, (at % BIG_READS.chunk) + SMALL_READS.chunk);
    });
    timeReads(fd, big, BIG_READS.chunk); // warm: page cache, page faults of the new buffers
    timeReads(fd, small, SMALL_READS.chunk);
    let bigNs = Infinity;
    let smallNs = Infinity;
    for (let r = 0; r < ROUNDS; r++) {
      bigNs = Math.min(bigNs, timeReads(fd, big, BIG_READS.chunk));
      smallNs = Math.min(smallNs, timeReads(fd, small, SMALL_READS.chunk));
    }
    const extraReads = 2 ** 30 / SMALL_READS.chunk - 2 ** 30 / BIG_READS.chunk;
    const why = `1 MiB reads ${(bigNs / 1e6).toFixed(0)} ms/GB, 128 KiB reads ${(smallNs / 1e6).toFixed(0)} ms/GB + ${((extraReads * EXTRA_READ_NS) / 1e6).toFixed(0)} ms/GB for the extra reads`;
    return smallNs + extraReads * EXTRA_READ_NS < bigNs ? { ...SMALL_READS, why } : { ...BIG_READS, why };
  } catch {
    return BIG_READS;
  }
}
