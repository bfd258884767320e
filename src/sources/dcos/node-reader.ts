// Reads one node through the logging API: range pages by cursor up to the journal's end (from the
// `--since` window's start, stopping past `--until`), then, when following, the event stream from
// the last cursor. A dropped connection resumes from the cursor of the last entry handed over
// (`Last-Event-ID` on the stream): nothing is lost, nothing read twice. One cursor per node. Retries
// count from the last progress (an entry handed over, a page or probe read whole, a byte of the
// stream), not from the last answer: a server that answers and then stalls is given up on.
import type { SourceState, StreamMeta } from '../../core/types.js';
import type { ChunkQueue } from '../ssh/chunk-queue.js';
import { WINDOW_SLACK_MS } from '../ssh/command.js';
import { entryCursor, entryTimeMs, LineSplitter, newBatch, parseEntry, validCursor, type Batch } from './entries.js';
import { JournalCursors } from './journal-cursors.js';
import { fetchLogs, notEntryText, notEvents, notEventType, requestFailure, type FetchContext, type NodeFailure } from './fetch.js';
import { noCursorMessage } from './page-check.js';
import { PageLines } from './page-lines.js';
import { backoff, pause } from '../reconnect-wait.js';
import { RequestFailure } from './request.js';
import { SseParser } from './sse.js';
import { StreamEvents } from './stream-events.js';
import { rangeUrl, streamUrl } from './targets.js';
import { findStart, type Probe } from './window.js';

export interface NodeRun extends FetchContext {
  units: readonly string[];
  pageSize: number;
  since: number | null;
  until: number | null;
  follow: boolean;
  queue: ChunkQueue;
  meta: StreamMeta;
  /** Quiet time in a range page's body, and on the event stream (pings come every ~15 s), before it counts as dropped. */
  idleTimeoutMs: number;
  streamIdleTimeoutMs: number;
  /** Total limit of each range request (a page, a probe); the stream has none. */
  deadlineMs: number;
  maxReconnects: number;
  reconnectBaseMs: number;
  progress(state: SourceState, bytes: number, error?: string): void;
  /** The node answered (or could not be reached): the leader-route fallback waits for every master's first answer. */
  onFirstAnswer?(reached: boolean): void;
  /** Follow mode: the stream is open (the concurrency slot only bounds how many start at once). */
  onStreaming?(): void;
}

/**
 * How close the --since probes get to the window's start, in entries: a probe costs one small
 * request, so a few more of them are cheaper than a page of history read only to be dropped.
 */
export const PROBE_STEP = 64;

export type NodeResult = { ok: true; own: number } | { ok: false; failure: NodeFailure; own: number };

interface State {
  cursor: string | null;
  /** Only for the first page after a `--since` probe: start this many entries before `cursor`. */
  skipPrev: number;
  bytes: number;
  own: number;
  attempts: number;
  answered: boolean;
  lastReport: number;
  /** The last cursor handed on, per journal, by the range pages (when following) and every stream connection. */
  journals: JournalCursors;
}

type Step = { kind: 'end' } | { kind: 'more' } | { kind: 'fail'; failure: NodeFailure };

export async function readNode(run: NodeRun): Promise<NodeResult> {
  const st: State = { cursor: null, skipPrev: 0, bytes: 0, own: 0, attempts: 0, answered: false, lastReport: 0, journals: new JournalCursors() };
  const result = (s: Step): NodeResult | null => {
    if (s.kind === 'fail') return { ok: false, failure: s.failure, own: st.own };
    return null;
  };
  run.progress('connecting', 0);
  if (run.since !== null) {
    const started = await withRetries(run, st, async () => {
      const s = await findStart(probeOf(run, st), run.since! - WINDOW_SLACK_MS, Math.min(PROBE_STEP, run.pageSize));
      st.cursor = s.cursor;
      st.skipPrev = s.skipPrev;
      return { kind: 'end' };
    });
    const r = result(started);
    if (r) return r;
  }
  for (;;) {
    if (run.signal.aborted || run.queue.stopped) return { ok: true, own: st.own };
    const step = await withRetries(run, st, () => rangePage(run, st));
    const r = result(step);
    if (r) return r;
    if (step.kind === 'end') break;
  }
  if (!run.follow || run.signal.aborted || run.queue.stopped) return { ok: true, own: st.own };
  for (;;) {
    const step = await withRetries(run, st, () => streamOnce(run, st));
    const r = result(step);
    if (r) return r;
    if (run.signal.aborted || run.queue.stopped) return { ok: true, own: st.own };
  }
}

/** Runs `once` until it ends or fails for good; drops and 5xx are retried from the cursor with backoff. */
async function withRetries(run: NodeRun, st: State, once: () => Promise<Step>): Promise<Step> {
  for (;;) {
    let s: Step;
    try {
      s = await once();
    } catch (e) {
      // A probe's failure keeps its kind, so does a probe's broken body; anything else (a login that failed) is final.
      s = { kind: 'fail', failure: e instanceof ProbeFailure ? e.failure : e instanceof RequestFailure ? requestFailure(run.target, e, run.link.tls) : { message: `${run.target.label}: ${(e as Error).message.split('\n')[0]}`, retriable: false } };
    }
    if (s.kind !== 'fail') return s;
    if (run.signal.aborted || run.queue.stopped) return { kind: 'end' };
    const f = s.failure;
    if (!st.answered && f.unreachable) {
      run.onFirstAnswer?.(false);
      return s;
    }
    if (!f.retriable) return s;
    if (++st.attempts > run.maxReconnects) {
      return { kind: 'fail', failure: { ...f, message: `${f.message}; gave up after ${run.maxReconnects} retries` } };
    }
    run.progress('connecting', st.bytes, `reconnecting: ${f.message}`);
    await pause(backoff(run.reconnectBaseMs, st.attempts), run.signal);
  }
}

function answered(run: NodeRun, st: State): void {
  if (!st.answered) {
    st.answered = true;
    run.onFirstAnswer?.(true);
  }
}

/** Something was read: the retries count again from zero (an answer alone is no progress). */
function progressed(st: State): void {
  st.attempts = 0;
}

function probeOf(run: NodeRun, st: State): Probe {
  return async (skipPrev, cursor) => {
    const got = await fetchLogs(run, { url: rangeUrl(run.target, run.units, { cursor, skipPrev, limit: 1 }), accept: 'application/json', idleTimeoutMs: run.idleTimeoutMs, deadlineMs: run.deadlineMs, withCursor: cursor !== null });
    if ('fail' in got) throw new ProbeFailure(got.fail);
    answered(run, st);
    const res = got.res;
    if (res.status === 204) {
      res.close();
      progressed(st);
      return null;
    }
    // One entry was asked for: its first line is all that is kept, however much comes.
    const split = new LineSplitter();
    let first: Buffer | null = null;
    for await (const c of res.body) {
      st.bytes += c.length;
      first ??= split.push(c)[0] ?? null;
      if (first) break;
    }
    res.close();
    progressed(st);
    first ??= split.end();
    if (!first) return null;
    // A cut entry (over MAX_LINE_BYTES) is no JSON: its cursor and time are read from its end.
    const e = split.wasCut(first) ? null : parseEntry(first);
    const found = e ? e.cursor : entryCursor(first);
    if (!validCursor(found)) return null;
    const timeMs = e ? (typeof e.realtime_timestamp === 'number' ? Math.floor(e.realtime_timestamp / 1000) : null) : entryTimeMs(first);
    const skipped = Number(res.headers['x-journal-skip-prev'] ?? skipPrev);
    return { cursor: found, timeMs, skipped: Number.isFinite(skipped) ? skipped : skipPrev };
  };
}

/** A probe's failure, carried out of findStart to withRetries. */
class ProbeFailure extends Error {
  constructor(readonly failure: NodeFailure) {
    super(failure.message);
  }
}

/** Hands a batch to the queue, waiting while it is full; the cursor moves only past what was handed over. */
async function deliver(run: NodeRun, st: State, b: Batch): Promise<void> {
  st.own += b.own;
  run.queue.cutLines += b.cut;
  const [only] = b.out;
  if (only && !run.queue.push(b.out.length === 1 ? only : Buffer.concat(b.out))) await run.queue.whenDrained();
  if (b.cursor !== null) {
    st.cursor = b.cursor;
    st.skipPrev = 0;
    progressed(st);
  }
}

function report(run: NodeRun, st: State, state: SourceState): void {
  const now = Date.now();
  if (now - st.lastReport < 200) return;
  st.lastReport = now;
  run.progress(state, st.bytes);
}

async function rangePage(run: NodeRun, st: State): Promise<Step> {
  const url = rangeUrl(run.target, run.units, { cursor: st.cursor, skipPrev: st.skipPrev, limit: run.pageSize });
  const got = await fetchLogs(run, { url, accept: 'application/json', idleTimeoutMs: run.idleTimeoutMs, deadlineMs: run.deadlineMs, withCursor: st.cursor !== null });
  if ('fail' in got) return { kind: 'fail', failure: got.fail };
  answered(run, st);
  run.progress('reading', st.bytes);
  const res = got.res;
  if (res.status === 204) {
    res.close();
    progressed(st);
    return { kind: 'end' };
  }
  const split = new LineSplitter();
  let lines = 0;
  let lastTime: number | null = null;
  // Only a page asked to start after its cursor is checked for going back (a --since page starts
  // skipPrev entries before it); the token is hidden should a body that is no entries echo it.
  const page = new PageLines(run.target, split, st.skipPrev === 0 ? st.cursor : null, await run.link.token().catch(() => undefined), run.link.readerUid, run.meta, run.follow ? st.journals : null);
  const stopped = (): Step => {
    res.close();
    return { kind: 'fail', failure: page.stop! }; // take() set it when it said false
  };
  try {
    for await (const chunk of res.body) {
      st.bytes += chunk.length;
      const b = newBatch();
      const onward = page.take(split.push(chunk), b);
      lines += b.lines;
      if (b.timeMs !== null) lastTime = b.timeMs;
      await deliver(run, st, b);
      if (!onward) return stopped();
      report(run, st, 'reading');
      if (run.signal.aborted || run.queue.stopped) {
        res.close();
        return { kind: 'end' };
      }
    }
  } catch (e) {
    res.close();
    if (e instanceof RequestFailure) return { kind: 'fail', failure: requestFailure(run.target, e, run.link.tls) };
    throw e;
  }
  progressed(st);
  const rest = split.end();
  const b = newBatch();
  const onward = page.take(rest ? [rest] : [], b);
  lines += b.lines;
  if (b.timeMs !== null) lastTime = b.timeMs;
  await deliver(run, st, b);
  if (!onward) return stopped();
  run.progress('reading', st.bytes);
  if (lines < run.pageSize) return { kind: 'end' };
  // A full page must end on an entry with a cursor: the next page starts after it, or it never ends.
  if (page.lastCursor === null) return { kind: 'fail', failure: { retriable: false, message: noCursorMessage(run.target.label, lines) } };
  // Past --until (and its slack for clocks that differ): the rest of the journal is newer still.
  if (!run.follow && run.until !== null && lastTime !== null && lastTime > run.until + WINDOW_SLACK_MS) return { kind: 'end' };
  return { kind: 'more' };
}

async function streamOnce(run: NodeRun, st: State): Promise<Step> {
  const got = await fetchLogs(run, {
    url: streamUrl(run.target, run.units),
    accept: 'text/event-stream',
    idleTimeoutMs: run.streamIdleTimeoutMs,
    deadlineMs: 0, // never ends by design: a drop is 45 s of silence (pings included)
    lastEventId: st.cursor ?? undefined,
    withCursor: st.cursor !== null,
  });
  if ('fail' in got) return { kind: 'fail', failure: got.fail };
  answered(run, st);
  const res = got.res;
  try {
    const notStream = notEventType(run.target, res.headers['content-type']);
    if (notStream) return { kind: 'fail', failure: notStream };
    run.onStreaming?.();
    run.progress('following', st.bytes);
    const split = new LineSplitter();
    const sse = new SseParser();
    const events = new StreamEvents(st.cursor, run.link.readerUid, run.meta, st.journals);
    for await (const chunk of res.body) {
      st.bytes += chunk.length;
      progressed(st);
      const b = newBatch();
      events.take(sse.lines(split.push(chunk), (l) => split.wasCut(l)), b);
      await deliver(run, st, b);
      if (sse.foreign) return { kind: 'fail', failure: notEvents(run.target, notEntryText(sse.foreign, await run.link.token().catch(() => undefined))) };
      report(run, st, 'following');
      if (run.signal.aborted || run.queue.stopped) break;
    }
  } catch (e) {
    if (e instanceof RequestFailure) return { kind: 'fail', failure: requestFailure(run.target, e, run.link.tls) };
    throw e;
  } finally {
    res.close();
  }
  if (run.signal.aborted || run.queue.stopped) return { kind: 'end' };
  // The stream never ends by itself: an end is a cut connection (a proxy's timeout, a restart).
  return { kind: 'fail', failure: { message: `${run.target.label}: the event stream ended`, retriable: true } };
}
