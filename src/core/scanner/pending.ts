// A candidate audit line waiting to see whether continuation lines follow it (chunks.ts), and its
// look-back at the lines before it: Admin Router notices for a cut line's uid (context.ts), and
// whether the line before is a piece journald cut (split-rest.ts).
import type { LookBack, NoticeIndex } from './context.js';
import type { LinePlace } from './split-rest.js';

export interface Pending {
  head: string;
  /** The line was already looked at from its bytes (chunks.ts fromBytes: parse it): emit need not re-encode and redo it. */
  checked: boolean;
  conts: string[];
  contBytes: number;
  windows: () => LookBack[];
  /** Where its line is, for the look-back at the lines before (split-rest.ts). */
  place: LinePlace;
  /** The number (from 1) of the stream's line that starts `place.seg`: with it, its own line's. */
  segLine: number;
  /** Its look-back reads copies of the bytes (detach). */
  detached: boolean;
}

/** The look-back of a line at `ls`: the notices of its segment before it, then the tail's. */
export function windowsOf(segIndex: () => NoticeIndex, ls: number, older: () => LookBack | null): () => LookBack[] {
  return () => {
    const out: LookBack[] = [{ index: segIndex(), before: ls }];
    const o = older();
    if (o) out.push(o);
    return out;
  };
}

/**
 * A candidate still waiting when the next chunk comes (its line ended the last one) is emitted then
 * unless its next line is indented (chunks.ts push); one that goes on waiting through continuation
 * lines (judged alone in forms that show no writer: docs/audit-log-forms.md) looks back at copies
 * from then on. It may wait for megabytes more (the next line can be that long: carried, then
 * capped), past the time a source keeps a reused read buffer valid (sources/file.ts
 * FILE_CHUNK_LIFETIME). Reading the pool's new bytes there, a forged record after a piece journald
 * cut was taken for a denial, and a client's long line could have supplied a cut line's uid
 * (test/core/scanner/pending-reuse.test.ts). The copy is its segment and the tail, each segment
 * copied once (`copy` remembers): on a pipe's 64 KiB chunks of audit lines many chunks end with a
 * candidate. A reviewer measured ~9 % for copying the whole tail each time on 200 MB of audit lines
 * through `cat`; on 106 MB of denials through `cat`, 1.03x wall without remembering, 0.99x with.
 */
export function detach(p: Pending, index: (seg: Buffer) => NoticeIndex, lookBack: (tail: Buffer[]) => LookBack | null, copy: (b: Buffer) => Buffer): void {
  const seg = copy(p.place.seg);
  const tail = p.place.tail.map(copy);
  let idx: NoticeIndex | null = null;
  p.place = { ...p.place, seg, tail };
  p.windows = windowsOf(() => (idx ??= index(seg)), p.place.ls, () => lookBack(tail));
  p.detached = true;
}
