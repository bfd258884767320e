// `audit2grant demo` without a terminal (or with --auto): the same loop as the TUI, unattended, as
// an operator pressing `a` then `g` each round would. The demo world's journal is followed through
// runScan into one findings aggregator; each time the pending denials settle, the round's findings are
// printed and the safe ones granted through the real IAM client; the session core's loop driver
// (core/session/driver.ts, the TUI's too) keeps the rounds and the same summary as the TUI. Plain text on stdout, progress on stderr; no ink/react.
import { setTimeout as sleep } from 'node:timers/promises';
import { createFindingsAggregator } from '../../core/findings/index.js';
import { safeText, sourceErrorText } from '../../core/text.js';
import {
  autoNext, currentRound, failedResults, keyOf, loopStep, renderSummary, startLoop, startPace, summarize,
  type AutoDecision, type LoopState, type SessionSummary,
} from '../../core/session/index.js';
import type { Finding, GrantPair, PairResult } from '../../core/types.js';
import { errorLine } from '../../errors.js';
import type { IamClient } from '../../iam/client.js';
import { heldPairList } from '../../iam/holdings.js';
import { onCleanup } from '../../lifecycle.js';
import { runScan } from '../../pipeline/scan.js';
import type { ServiceStatus } from '../service/index.js';
import { connectDemoIam, demoEnding, startDemo, type DemoWorld } from './demo.js';

export const AUTO_TIMEOUT_MS = 90_000;
/** A round is granted once no new pending finding appeared for this long (one attempt's lines all in). */
export const AUTO_SETTLE_MS = 1000;
const TICK_MS = 100;

export interface HeadlessDemoArgs {
  retryMs?: number;
  stateFile?: string;
  /** Also grant SENSITIVE (and unknown-risk) findings. */
  yes: boolean;
  timeoutMs?: number;
  settleMs?: number;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

/** How the loop ended: the service ran, waited only on what we will not grant, ran out of time, Ctrl-C. */
export type HeadlessEnd = 'done' | 'blocked' | 'timeout' | 'interrupted';

export interface HeadlessResult {
  end: HeadlessEnd;
  /** Grant batches sent. */
  batches: number;
  status: ServiceStatus;
  summary: SessionSummary;
  /** What stayed ungranted when blocked. */
  blockedOn: AutoDecision['skipped'];
  elapsedMs: number;
}

export const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
export const pairText = (p: GrantPair) => `${safeText(p.rid)} ${safeText(p.action)}`;

function findingLines(d: AutoDecision): string[] {
  const why = new Map(d.skipped.map((s) => [keyOf(s.finding), s.why]));
  const all = [...d.grant, ...d.skipped.map((s) => s.finding)];
  return all.flatMap((f: Finding) => {
    const line = `  ${pairText(f)}  ${f.count}x  ${f.risk}  ${safeText(f.explanation.split('\n')[0] ?? '')}`;
    const w = why.get(keyOf(f));
    return w ? [line, `    skipped: ${w}`] : [line];
  });
}

export async function runHeadlessDemo(a: HeadlessDemoArgs, signal: AbortSignal): Promise<HeadlessResult> {
  const out = a.out ?? ((s: string) => void process.stdout.write(s));
  const err = a.err ?? ((s: string) => void process.stderr.write(s));
  const settleMs = a.settleMs ?? AUTO_SETTLE_MS;
  const started = Date.now();
  const deadline = started + (a.timeoutMs ?? AUTO_TIMEOUT_MS);

  err('demo: starting the sandbox IAM and the simulated service (no terminal: running unattended)\n');
  const world = await startDemo({ retryMs: a.retryMs, stateFile: a.stateFile });
  const unregister = onCleanup(() => world.close());
  const scanAc = new AbortController();
  const stopScan = () => scanAc.abort();
  signal.addEventListener('abort', stopScan, { once: true });
  const aggregator = createFindingsAggregator({ uids: [world.uid], since: null, until: null });
  let lines = 0;
  const scan = runScan({
    sources: [world.journalPath],
    filter: { uids: [world.uid], since: null, until: null },
    year: null,
    signal: scanAc.signal,
    follow: true,
    followPollMs: 100,
    aggregator,
    onCounts: (c) => void (lines = c.lines),
    onError: (e) => err(`demo: ${sourceErrorText(e)}\n`),
  }).catch((e: unknown) => void (scanAc.signal.aborted || err(`demo: reading the journal failed: ${errorLine(e)}\n`)));
  let client: IamClient | null = null;
  try {
    client = await connectDemoIam(world, signal, (w) => err(`demo: ${w}\n`));
    const policy = a.yes ? 'normal-risk findings, and SENSITIVE or uncatalogued ones (--yes)' : 'normal-risk findings (SENSITIVE and uncatalogued ones need --yes)';
    err(`demo: following ${world.journalPath} for ${world.uid}; each round grants ${policy} once no new denial came for ${settleMs / 1000} s\n`);
    return await loop(world, client, { ...a, settleMs, deadline, started, out, err }, signal, () => lines, aggregator.findings.bind(aggregator));
  } finally {
    client?.close();
    signal.removeEventListener('abort', stopScan);
    scanAc.abort();
    await scan;
    unregister();
    await world.close();
  }
}

interface LoopCtx {
  yes: boolean;
  retryMs?: number;
  settleMs: number;
  deadline: number;
  started: number;
  out: (s: string) => void;
  err: (s: string) => void;
}

async function loop(world: DemoWorld, client: IamClient, c: LoopCtx, signal: AbortSignal, lines: () => number, findings: () => Finding[]): Promise<HeadlessResult> {
  let l: LoopState = startLoop({ id: client.sessionId, uid: world.uid, by: client.actingUid, now: Date.now() });
  const held = await client.heldPairs(world.uid).catch(() => null);
  if (held) l = loopStep(l, { type: 'held', pairs: heldPairList(world.uid, held), now: Date.now() }).state;

  let pace = startPace(Date.now());
  let lastStage = -1;
  let end: HeadlessEnd | null = null;
  let decision: AutoDecision = { grant: [], skipped: [] };

  for (;;) {
    const now = Date.now();
    const fs = findings();
    l = loopStep(l, { type: 'observed', findings: fs, lines: lines(), now }).state;
    const st = world.status();
    if (st.stage !== lastStage) {
      lastStage = st.stage;
      c.err(st.done ? `demo: service ${world.uid} is running with every right it needs (${st.stages}/${st.stages} stages)\n` : `demo: service stage ${st.stage + 1}/${st.stages}: trying to ${st.doing}\n`);
    }
    const auto = autoNext(pace, l.session, fs, now, { yes: c.yes, settleMs: c.settleMs });
    pace = auto.pace;
    decision = auto.decision;
    if (st.done) end = 'done';
    else if (signal.aborted) end = 'interrupted';
    else if (now >= c.deadline) end = 'timeout';
    if (end) break;

    if (auto.next.type === 'grant') {
      const pending = decision.grant.length + decision.skipped.length;
      c.out(`round ${currentRound(l.session).n}: ${world.uid} was denied ${plural(pending, 'permission')}\n${findingLines(decision).join('\n')}\n`);
      const begun = loopStep(l, { type: 'grant', pairs: auto.next.pairs, findings: fs });
      l = begun.state;
      if (begun.effect?.type !== 'send') throw new Error(`unattended loop: a grant was not sent (${begun.effect?.type ?? 'nothing to send'})`);
      const { pairs } = begun.effect.job;
      c.out(`granting ${plural(pairs.length, 'permission')}${client.actingUid ? ` as ${client.actingUid}` : ''}:\n`);
      // Each answer as it comes, with its time: the summary lists the grant at it, as the ledger does.
      const results = await grant(client, pairs, c.yes, (result, at) => (l = loopStep(l, { type: 'answered', result, at }).state));
      for (const r of results) c.out(`  ${r.outcome.padEnd(13)} ${pairText(r)}${r.detail ? ` (${safeText(r.detail)})` : ''}\n`);
      l = loopStep(l, { type: 'granted', results, now: Date.now() }).state;
      c.out('\n');
    } else if (auto.next.type === 'blocked') {
      end = 'blocked';
      break;
    }
    await sleep(TICK_MS, undefined, { signal }).catch(() => undefined);
  }

  const st = world.status();
  if (end === 'blocked') {
    c.out(`round ${currentRound(l.session).n}: ${world.uid} is denied only what is not granted unattended\n${findingLines(decision).join('\n')}\n\n`);
  }
  const now = Date.now();
  l = loopStep(l, { type: 'observed', findings: findings(), lines: lines(), now }).state;
  const summary = summarize(l.session, now, null, l.unused);
  c.out(renderSummary(summary));
  c.out(demoEnding(st, true, world.lacking()));
  return { end, batches: l.batches, status: st, summary, blockedOn: end === 'blocked' ? decision.skipped : [], elapsedMs: now - c.started };
}

/** Grant through the rails; a request that throws becomes failed results (the loop goes on). */
async function grant(client: IamClient, pairs: GrantPair[], yes: boolean, onAnswer: (r: PairResult, at: number) => void): Promise<PairResult[]> {
  try {
    const o = await client.grant(pairs, { allowDangerous: false, forceNative: false, yes }, (r, _done, _total, at) => onAnswer(r, at));
    return o.results;
  } catch (e) {
    return failedResults(pairs, errorLine(e));
  }
}
