// The hot path: raw byte chunks → audit events. Candidate lines are found with Buffer.indexOf on
// the raw bytes; only they are decoded and parsed. No string is built per input line, memory is
// bounded (one capped partial line, a bounded look-back tail, one pending candidate).
import { MAX_EXAMPLE_BYTES, MAX_LINE_BYTES, type AuditEvent, type StreamMeta } from '../types.js';
import {
  countLineEnds,
  decodeLine,
  isIndent,
  isIndented,
  lineEndAt,
  lineStartAt,
  looksJsonAt,
  NL,
} from './bytes.js';
import { needsContext } from '../audit/request-context.js';
import { applyContext, ContextTail, NoticeIndex } from './context.js';
import { detach, windowsOf, type Pending } from './pending.js';
import { followsCutPiece, mayFollowCutPiece, MIN_PIECE, noLongLines, type LinePlace } from './split-rest.js';
import { malformed } from '../audit/common.js';
import type { ScanParsers } from './parsers.js';
import { flagCostMs, scanLines, scanNewlines, type FlaggedBlocks } from './newlines.js';
import { chooseNeedle, findArray, findPlain, FlaggedHits, flaggedStart, NEEDLE_SAMPLE_BYTES, plainStart, timedNeedle, type Needle } from './needles.js';
import { LineCarry } from './carry.js';
import type { ChunkScanner } from './chunk-scanner.js';
import { shortFromSeeker } from './short-from.js';
import { jsonFormWatch } from './json-form.js';
import { bomLength } from '../journal/sniff.js';
import { lineVerdict } from './line-verdict.js';
import { NulSeek } from './nul-seek.js';

const EMPTY = Buffer.alloc(0);

export function createLineScanner(
  streamMeta: StreamMeta,
  emitTo: (ev: AuditEvent) => void,
  parsers: ScanParsers,
  uids: readonly string[] = [],
  parseEvery = false,
  /** How `type=audit` is found: timed per stream (`auto`), or fixed (tests). */
  findWith: 'auto' | 'flags' | 'needle' = 'auto',
): ChunkScanner {
  // This stream's own: what the scanner learns of it (shortFrom, jsonForm) is set here, never on a
  // meta object another stream may share.
  const meta: StreamMeta = { ...streamMeta };
  let bytes = 0;
  let lines = 0;
  /** The number (from 1) of the first line of the segment scanned: where a denial refused is (below). */
  let segLine = 1;
  /** Where the last denial refused for a byte that is not valid UTF-8 was placed (lineOf). */
  let placed: { seg: Buffer; ls: number; line: number } = { seg: EMPTY, ls: 0, line: 0 };
  const nul = new NulSeek();
  const carry = new LineCarry();
  let pending: Pending | null = null;
  let needle: Needle | null = null;
  /**
   * Find `type=audit` from the blocks the line count flags (newlines.ts scanLines) rather than
   * with the needle: decided on the stream's first 256 KiB by timing both, as what each costs
   * depends on the bytes (per 64 MiB, 2-core AMD EPYC VM: flagging adds 2.3-3.4 ms to the count;
   * the needle takes 1.8 ms on the bench's mixed shape, 4.9 on short lines, 8.6 on ~800-byte
   * Marathon lines). Only for chunks in wasm memory (regular files); null: not decided yet.
   */
  let flags: boolean | null = findWith === 'auto' ? null : findWith === 'flags';
  const tail = new ContextTail(meta, parsers);
  const newIndex = (seg: Buffer): NoticeIndex => new NoticeIndex(seg, meta, parsers);
  // Copies of segments kept past their chunk (pending.ts detach, ContextTail.keepCopies), by segment:
  // each push makes new segment objects, so a remembered copy is always of the same bytes.
  const copies = new WeakMap<Buffer, Buffer>();
  const copyOf = (b: Buffer): Buffer => {
    let c = copies.get(b);
    if (!c) copies.set(b, (c = Buffer.from(b)));
    return c;
  };
  /**
   * The line the fast paths are reading (their look-back at the lines before it: split-rest.ts). One
   * object, set for each line (no allocation per audit line); a pending candidate keeps a copy.
   */
  const place: LinePlace = { seg: Buffer.alloc(0), ls: 0, le: 0, tail: [], json: false };
  const { sink, fromBytes } = lineVerdict(meta, parsers, new Set(uids), parseEvery, place, emitTo);
  let seekShortFrom = shortFromSeeker(meta, parsers);
  let watchJson = jsonFormWatch(meta);

  function emitPending(): void {
    if (!pending) return;
    const p = pending;
    pending = null;
    emit(p);
  }

  function emit(p: Pending): void {
    if (p.conts.length === 0 && !p.checked && !parseEvery) {
      // Rare here (a candidate at the end of a chunk): the common case is decided in scanSegment.
      Object.assign(place, p.place);
      const counted = fromBytes(Buffer.from(p.head));
      if (counted) return sink(counted);
    }
    const parsed = parsers.parseLine(p.head, meta);
    if (parsed.kind === 'header') return;
    if (parsed.kind === 'bad') {
      sink({ type: 'malformed', why: parsed.why, raw: p.head.slice(0, MAX_EXAMPLE_BYTES), source: meta.label });
      return;
    }
    const entry = parsed.entry;
    if (p.conts.length > 0) entry.message += '\n' + p.conts.join('\n');
    // The needle may sit in the envelope (a host named "type=audit"): only messages count.
    if (!entry.message.includes('type=audit')) return;
    const ev = parsers.parseAudit(entry, meta);
    if (ev.type === 'decision' && needsContext(ev)) applyContext(ev, p.windows());
    if (ev.type === 'malformed' && ev.inexact) ev.inexact.line = lineOf(p);
    // Admin Router's lines are whole (nginx cuts them, not journald); any other record may be the
    // rest of a line journald split, which only the lines before it show (split-rest.ts).
    const rest = ev.type === 'decision' && mayFollowCutPiece(p.place) && !parsers.isAdminRouterRecord?.(entry, meta) ? followsCutPiece(entry, p.place, meta, parsers) : null;
    sink(rest ? malformed(rest, entry, meta) : ev);
  }

  /**
   * The number of the pending line `p` in the stream, counting line ends from the last one placed
   * in its segment (else from the segment's start): a flood of such lines costs one pass a segment.
   */
  function lineOf(p: Pending): number {
    const { seg, ls } = p.place;
    const from = placed.seg === seg && placed.ls <= ls ? placed : { ls: 0, line: p.segLine };
    placed = { seg, ls, line: from.line + countLineEnds(seg, from.ls, ls) };
    return placed.line;
  }

  /** Append the indented continuation lines at `p` to the pending candidate; flush it once a normal line starts. */
  function collect(seg: Buffer, p: number): number {
    while (p < seg.length && isIndented(seg, p)) {
      const le = lineEndAt(seg, p);
      const text = decodeLine(seg, p, le, MAX_LINE_BYTES);
      if (!parsers.isContinuationLine(text)) break;
      pending!.conts.push(text.trimStart());
      pending!.contBytes += text.length;
      p = le + 1;
      // A message is capped: emit it now rather than carry it (and its look-back into chunks the
      // source may reuse) across megabytes of indented lines; the rest are ordinary lines.
      if (pending!.contBytes >= MAX_LINE_BYTES) break;
    }
    if (p < seg.length || pending!.contBytes >= MAX_LINE_BYTES) emitPending();
    return p;
  }

  /**
   * Scan a buffer of whole lines (the last may lack its `\n` only at end of stream). `flagged`: the
   * blocks the line count flagged in the chunk seg starts `at` (newlines.ts scanLines), so the
   * needle is looked for there only.
   */
  function scanSegment(seg: Buffer, jsonish: boolean, flagged: FlaggedBlocks | null = null, at = 0): void {
    // A json line after a line of another form names no writer (json-form.ts): the lines before
    // that one are read (a candidate among them emitted, unless that line continues it) while the
    // stream's json form holds, the rest after.
    const other = watchJson ? watchJson(seg) : -1;
    if (other !== -1) {
      watchJson = null;
      if (other > 0) {
        scanSegment(seg.subarray(0, other), jsonish);
        if (pending && !isIndent(seg[other])) emitPending();
        segLine += countLineEnds(seg, 0, other);
      }
      meta.jsonForm = null;
      seg = seg.subarray(other);
      at += other;
    }
    if (seekShortFrom && !seekShortFrom(seg)) seekShortFrom = null;
    needle ??= chooseNeedle(seg);
    const hits = flagged && new FlaggedHits(flagged, at);
    let p = 0;
    if (pending) p = collect(seg, 0);
    let index: NoticeIndex | null = null;
    const snap = tail.snapshot();
    let nextArray = -2;
    while (p < seg.length) {
      let hit = hits ? hits.next(seg, p) : findPlain(seg, p, needle);
      // Where that `type=audit` starts: the first of its line, as p is at or before the line's
      // start. A byte-array hit has none.
      let typeAudit: number | undefined = hit === -1 ? undefined : hits ? flaggedStart(hit) : plainStart(hit, needle);
      if (jsonish) {
        if (nextArray !== -1 && nextArray < p) nextArray = findArray(seg, p);
        if (nextArray !== -1 && (hit === -1 || nextArray < hit)) {
          hit = nextArray;
          typeAudit = undefined;
        }
      }
      if (hit === -1) break;
      const ls = lineStartAt(seg, hit);
      const le = lineEndAt(seg, hit);
      // Most audit lines are counted from their bytes, never decoded, when no continuation follows.
      const checked = le + 1 < seg.length && !isIndented(seg, le + 1);
      if (checked && !parseEvery) {
        const line = seg.subarray(ls, le);
        place.seg = seg;
        place.ls = ls;
        place.le = le;
        place.tail = snap;
        place.json = jsonish;
        const hint = typeAudit === undefined ? undefined : typeAudit - ls;
        const counted = fromBytes(line, hint);
        if (counted) {
          sink(counted);
          p = le + 1;
          continue;
        }
      }
      pending = {
        head: decodeLine(seg, ls, le, MAX_LINE_BYTES),
        checked,
        conts: [],
        contBytes: 0,
        place: { seg, ls, le, tail: snap, json: jsonish },
        segLine,
        windows: windowsOf(() => (index ??= newIndex(seg)), ls, () => tail.lookBack(snap)),
        detached: false,
      };
      p = collect(seg, le + 1);
    }
    tail.add(seg);
  }

  return {
    get bytes() {
      return bytes;
    },
    get lines() {
      return lines;
    },
    get cutLines() {
      return carry.cutLines;
    },
    get nulAt() {
      return nul.at;
    },
    get shortFrom() {
      return meta.shortFrom;
    },
    push(chunk: Buffer): void {
      // A UTF-8 BOM before the stream's first line (an editor's save) is no part of it: that line's
      // form (json's included, json-form.ts) is read past it, as export's is.
      const bom = bytes === 0 ? bomLength(chunk) : 0;
      if (bom > 0) {
        bytes += bom;
        chunk = chunk.subarray(bom);
      }
      bytes += chunk.length;
      if (chunk.length === 0) return;
      if (pending) {
        // Its next line starts here (or in the carried bytes): not indented, it is emitted now, as
        // collect would, while what it looks back at is surely valid; else it waits on copies.
        const next = carry.length > 0 ? carry.first! : chunk[0]!;
        if (!isIndent(next)) emitPending();
        else if (!pending.detached) detach(pending, newIndex, (snap) => tail.lookBack(snap), copyOf);
      }
      if (flags === null && chunk.length >= NEEDLE_SAMPLE_BYTES) {
        const timed = timedNeedle(chunk);
        needle = timed.needle;
        flags = flagCostMs(chunk, 0, NEEDLE_SAMPLE_BYTES) < timed.ms;
      }
      if (needle === null && chunk.length >= 4096) needle = chooseNeedle(chunk);
      const firstNL = chunk.indexOf(NL);
      if (firstNL === -1) {
        nul.chunk(chunk, bytes - chunk.length, 0, 0, false);
        tail.keepCopies(copyOf);
        carry.append(chunk);
        return;
      }
      // Count lines and, in the same pass, notice json lines (saved files may mix forms): only
      // chunks holding one pay for the byte-array needle. A SIMD loop, not one indexOf per line
      // (newlines.ts).
      const lastNL = chunk.lastIndexOf(NL);
      const nl = flags ? scanLines(chunk, firstNL, lastNL + 1) : { ...scanNewlines(chunk, firstNL, lastNL + 1), flagged: null };
      let jsonish = nl.jsonLine;
      lines += nl.count;
      nul.chunk(chunk, bytes - chunk.length, firstNL, lastNL + 1, nl.nul);
      let start = 0;
      segLine = lines - nl.count + 1;
      if (carry.length > 0) {
        const boundary = carry.take(chunk.subarray(0, firstNL + 1));
        scanSegment(boundary, looksJsonAt(boundary, 0));
        start = firstNL + 1;
        segLine++;
      } else if (looksJsonAt(chunk, 0)) jsonish = true;
      if (lastNL + 1 > start) {
        const body = chunk.subarray(start, lastNL + 1);
        // Lines counted after the first `\n`, and a first line of the chunk too short: none is a piece.
        if (!nl.longLine && (start > 0 || firstNL < MIN_PIECE)) noLongLines(body);
        scanSegment(body, jsonish, nl.flagged, start);
      }
      carry.append(chunk.subarray(lastNL + 1));
    },
    flush: emitPending,
    end(): void {
      if (carry.length > 0) {
        lines++;
        segLine = lines;
        const last = carry.takeAll();
        scanSegment(last, looksJsonAt(last, 0));
      }
      emitPending();
    },
  };
}
