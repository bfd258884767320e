// What a diagnostics bundle must look like before any entry is decompressed: not too many entries,
// no two entries sharing bytes of the archive (the "overlapping files" zip bomb, where thousands of
// entries decompress one kernel), and unit logs that do not expand far past the archive's size.
// yauzl's validateEntrySizes makes each entry's declared uncompressed size a hard limit on what it
// yields, so the sums below bound the work before it starts. The refusals of an ambiguous bundle
// (a directory its end records under-count, one node log twice) are worded here too. See docs/sources.md.
import { safeText } from '../core/text.js';
import { formatBytes } from '../core/format.js';

/** A real bundle holds a few thousand entries (~100 per node); more is refused before reading them. */
export const MAX_ENTRIES = 100_000;
/** Unit logs may expand to this many times the archive's size… (text logs deflate ~10:1) */
export const MAX_RATIO = 100;
/** …or to this many bytes, whichever is more (a small bundle of very repetitive logs is fine). */
export const RATIO_FLOOR = 256 * 1024 * 1024;
/** Local file header size without its name and extra field: an entry spans at least this plus its data. */
const LOCAL_HEADER = 30;

export interface EntrySpan {
  name: string;
  /** Offset of the entry's local file header in the archive. */
  offset: number;
  compressedSize: number;
}

/**
 * Two entries whose bytes overlap in the archive (their indexes, in archive order), or null. Each
 * entry occupies at least its local header's fixed part and its compressed data; in a well-formed
 * zip these ranges are disjoint whatever the names' and extra fields' lengths, so the check has no
 * false positives. Over columns of numbers (bundle-table.ts): an object per entry of a 100k-entry
 * bundle was most of the survey's peak.
 */
export function findOverlap(offsets: ArrayLike<number>, compressedSizes: ArrayLike<number>, count: number): [number, number] | null {
  const order = new Uint32Array(count).map((_, i) => i).sort((a, b) => offsets[a]! - offsets[b]!);
  for (let k = 1; k < count; k++) {
    const prev = order[k - 1]!;
    const span = order[k]!;
    if (offsets[span]! < offsets[prev]! + LOCAL_HEADER + compressedSizes[prev]!) return [prev, span];
  }
  return null;
}

/** The most a bundle of `archiveBytes` may expand to. */
export function expansionLimit(archiveBytes: number): number {
  return Math.max(MAX_RATIO * archiveBytes, RATIO_FLOOR);
}

export function tooManyEntries(label: string, count: number): string {
  return `refusing bundle ${label}: it holds ${count} entries, more than ${MAX_ENTRIES} (a DC/OS diagnostics bundle has a few thousand); if you trust it, unzip it and scan the unit logs' folder`;
}

export function overlapping(label: string, [a, b]: [EntrySpan, EntrySpan]): string {
  return `refusing bundle ${label}: entries ${quote(a.name)} and ${quote(b.name)} share bytes of the archive, the mark of a zip bomb (a real bundle never does this); download it again from the cluster`;
}

export function tooLarge(label: string, expanded: number, archiveBytes: number): string {
  return (
    `refusing bundle ${label}: its unit logs would expand to ${formatBytes(expanded)} from ${formatBytes(archiveBytes)} ` +
    `(over ${MAX_RATIO} times its size, the mark of a zip bomb); if you trust it, unzip it and scan the unit logs' folder`
  );
}

export function unsafeNames(label: string, count: number, first: string): string {
  const what = count === 1 ? '1 entry whose name' : `${count} entries whose names`;
  return `bundle ${label}: skipped ${what} would leave the bundle (absolute, or with ..), e.g. ${quote(first)}; the other entries were read`;
}

export function inconsistentDirectory(label: string, why: string): string {
  return (
    `refusing bundle ${label}: ${why}; zip tools would disagree on what it holds, and entries this scan cannot see may hold denials ` +
    `(a DC/OS bundle never looks like this: damaged or altered); download it again from the cluster`
  );
}

export function duplicateLogs(label: string, [a, b]: [string, string], extra: number): string {
  const more = extra > 1 ? ` (and ${extra - 1} more such ${extra === 2 ? 'entry' : 'entries'})` : '';
  return (
    `refusing bundle ${label}: entries ${quote(a)} and ${quote(b)} are the same node log twice${more}; a DC/OS bundle holds each once, ` +
    `and which copy is the log is ambiguous (unzip keeps one, reading both would count denials twice); ` +
    `download it again from the cluster, or unzip it, keep the copy you trust and scan the folder`
  );
}

/** Entry names come from whoever made the archive: quoted, control characters escaped. */
function quote(name: string): string {
  return `"${safeText(name.length > 120 ? `${name.slice(0, 120)}…` : name)}"`;
}

