// The loop's cluster actions: a grant batch, an undo, an export. The loop driver (core/session)
// says what each does to the session and what to send; this hook sends it through the IAM job (one
// request at a time, failures as results, never a frozen UI) and feeds the answer back. The per-pair
// results are shown below the list. A request asked for while another is in flight is refused with
// a "busy" line, never dropped silently.
import { useRef, useState } from 'react';
import { failedResults, keyOf, sharedCause, type Batch, type ExportedFile, type Interrupted, type LoopEffect, type LoopEvent, type RevokeBatch } from '../../core/session/index.js';
import type { Finding, GrantPair, PairResult } from '../../core/types.js';
import { errorLine, errorLineWithHint } from '../../errors.js';
import type { ExportKind, ExportPort, ExportWhat, GrantPort, PairAnswered } from '../ports.js';
import { busyLine, heldBackLine } from '../text.js';
import type { IamJob } from './useIamJob.js';

export interface GrantActionsInput {
  grants: GrantPort | null;
  exporter: ExportPort | null;
  allowDangerous: boolean;
  forceNative: boolean;
  iam: IamJob;
  /** The loop driver (useLoop). */
  dispatch(e: LoopEvent): LoopEffect | null;
  /** Latest findings, read when a key acts (the previous key may not be rendered yet). */
  findingsRef: { readonly current: Finding[] };
  setMessage(m: string | null): void;
  now(): number;
}

export interface GrantActions {
  /** The last batch's (or undo's) per-pair outcomes. */
  results: { title: string; list: PairResult[] };
  grant(pairs: GrantPair[]): void;
  undo(batch: Batch, pairs: GrantPair[]): void;
  /** The unused list: revoke the confirmed pairs from the account, and grant back what a revoke batch took. */
  revoke(pairs: GrantPair[]): void;
  regrant(batch: RevokeBatch, pairs: GrantPair[]): void;
  exportPairs(kind: ExportKind, what: ExportWhat, pairs: GrantPair[]): Promise<void>;
  /** The files the exports wrote, in order (the quit summary lists them). */
  exported(): ExportedFile[];
  /**
   * Quitting: no further pair of the batch in flight is sent (the pair in flight settles and its
   * answer is applied as usual). False when nothing is in flight.
   */
  stop(): boolean;
  /** The answer of the batch `stop` stopped, once it came (null before, or when none was stopped). */
  stopped(): Interrupted | null;
}

export function useGrantActions(i: GrantActionsInput): GrantActions {
  /** An answer handler that frees the driver when it fails, so one bug cannot leave every later key "busy". */
  const settled = <T,>(done: (v: T) => void) => (v: T): void => {
    try {
      done(v);
    } catch (e) {
      i.dispatch({ type: 'jobLost' });
      throw e; // the IAM job reports it as the request's failure
    }
  };
  const [results, setResults] = useState<{ title: string; list: PairResult[] }>({ title: '', list: [] });
  /** The batch in flight's stop switch, and the answer of a stopped one. */
  const inFlight = useRef<AbortController | null>(null);
  const stoppedAnswer = useRef<Interrupted | null>(null);
  const files = useRef<ExportedFile[]>([]);
  /**
   * The finding of each pair this session asked to grant, as it was then: `e` exports an applied grant
   * from it when the list no longer holds that finding (a rescan), so its catalog reading, risk and
   * inferred mapping are written, not those of a pair the catalog never saw.
   */
  const grantedFindings = useRef(new Map<string, Finding>());

  /**
   * One IAM request of the driver's: refused with a "busy" line while another is in flight (the IAM
   * job runs only the driver's requests, so both are busy together), else sent through the IAM job;
   * a request that throws becomes failed results, and the answer goes to `answered`.
   */
  function request(key: 'g' | 'u', event: LoopEvent, call: (g: GrantPort, sent: GrantPair[], stop: AbortSignal, onAnswer: PairAnswered) => Promise<PairResult[]>, answered: (res: PairResult[], g: GrantPort) => void): void {
    const g = i.grants;
    if (!g) return;
    if (i.iam.busyRef.current) return i.setMessage(busyLine(i.iam.busyRef.current, key));
    const effect = i.dispatch(event);
    if (effect?.type === 'busy') return i.setMessage(busyLine(effect.what, key));
    if (effect?.type !== 'send') return;
    const { pairs: sent, kind } = effect.job;
    const ctl = new AbortController();
    inFlight.current = ctl;
    const answer = settled((res: PairResult[]) => answered(res, g));
    // Each pair's answer as it comes (its row shows it, and its time is the ledger's); the driver
    // ignores one that is not of the job in flight.
    const onePair: PairAnswered = (result, at) => void i.dispatch({ type: 'answered', result, at });
    const started = i.iam.run(effect.what, () => call(g, sent, ctl.signal, onePair).catch((e: unknown) => failedResults(sent, errorLineWithHint(e))), (res) => {
      if (inFlight.current === ctl) inFlight.current = null;
      if (ctl.signal.aborted) stoppedAnswer.current = { kind, results: res };
      answer(res);
    });
    if (!started && inFlight.current === ctl) inFlight.current = null;
  }

  function stop(): boolean {
    const ctl = inFlight.current;
    if (!ctl) return false;
    ctl.abort();
    return true;
  }
  const consent = () => ({ allowDangerous: i.allowDangerous, forceNative: i.forceNative });

  function grant(pairs: GrantPair[]): void {
    if (!pairs.length) return;
    const wanted = new Set(pairs.map(keyOf));
    for (const f of i.findingsRef.current) if (wanted.has(keyOf(f))) grantedFindings.current.set(keyOf(f), f);
    request('g', { type: 'grant', pairs, findings: i.findingsRef.current }, (g, sent, stop, one) => g.grant(sent, consent(), stop, one), (res, g) => {
      const done = i.dispatch({ type: 'granted', results: res, now: i.now() });
      if (done?.type !== 'batchDone') return;
      setResults({ title: g.dryRun ? 'dry run (nothing changed):' : `batch ${done.n}:`, list: res });
      i.setMessage(g.dryRun ? null : done.effective ? `round ${done.round} closed: watching for the next denials` : `nothing was granted: see ${sharedCause(res) ? 'why' : 'the reasons'} below`);
    });
  }

  function undo(batch: Batch, pairs: GrantPair[]): void {
    if (!pairs.length) return;
    request('u', { type: 'undo', batchId: batch.id, pairs }, (g, sent, stop, one) => g.revoke(sent, stop, one), (res) => {
      i.dispatch({ type: 'undone', results: res, now: i.now() });
      setResults({ title: 'undo:', list: res });
      i.setMessage(heldBackLine(res));
    });
  }

  function revoke(pairs: GrantPair[]): void {
    if (!pairs.length) return;
    request('g', { type: 'revoke', pairs }, (g, sent, stop, one) => g.revokeHeld(sent, stop, one), (res, g) => {
      const done = i.dispatch({ type: 'revoked', results: res, now: i.now() });
      if (done?.type !== 'revokeDone') return;
      setResults({ title: g.dryRun ? 'dry run (nothing changed):' : `revoke batch ${done.n}:`, list: res });
      i.setMessage(g.dryRun ? null : done.effective ? `revoke batch ${done.n} done: u grants it back` : 'nothing was revoked: see the reasons below');
    });
  }

  function regrant(batch: RevokeBatch, pairs: GrantPair[]): void {
    if (!pairs.length) return;
    request('u', { type: 'regrant', batchId: batch.id, pairs }, (g, sent, stop, one) => g.regrant(sent, consent(), stop, one), (res) => {
      i.dispatch({ type: 'regranted', results: res, now: i.now() });
      setResults({ title: `undo of revoke batch ${batch.n}:`, list: res });
      i.setMessage(heldBackLine(res));
    });
  }

  async function exportPairs(kind: ExportKind, what: ExportWhat, pairs: GrantPair[]): Promise<void> {
    if (!i.exporter) return i.setMessage('export is not available here');
    try {
      const current = i.findingsRef.current;
      const listed = new Set(current.map(keyOf));
      const gone = [...grantedFindings.current].filter(([k]) => !listed.has(k)).map(([, f]) => f);
      const path = await i.exporter.write(kind, pairs, gone.length ? [...current, ...gone] : current, what);
      files.current = [...files.current, { path, count: pairs.length, what }];
      i.setMessage(`exported ${pairs.length} ${what === 'applied' ? 'grant(s)' : 'selected finding(s)'} to ${path}`);
    } catch (e) {
      i.setMessage(`export failed: ${errorLine(e)}`);
    }
  }

  return { results, grant, undo, revoke, regrant, exportPairs, exported: () => files.current, stop, stopped: () => stoppedAnswer.current };
}
