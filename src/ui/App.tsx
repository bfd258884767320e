// The interactive loop: findings stream in from the scan job, the operator selects and grants
// them through the IAM job, each batch closes a round, and the session core says what every
// finding's status is. This file composes: the loop driver (core/session/driver.ts, through
// hooks/useLoop) holds the session, the screen reducer (screen.ts) what is shown, loop-keys.ts turns
// keys into their events, hooks/useGrantActions sends the cluster actions, and frame.ts sizes the
// frame: always one line shorter than the terminal (layout.ts), the header on top, the status line
// and key bar at the bottom, the list (or a dialog) sized to what is left.
import { Box, useApp, useInput } from 'ink';
import { useEffect, useInsertionEffect, useMemo, useRef, useState } from 'react';
import { clipEnd, notesBanner, stoppingLine, unreadBanner } from './text.js';
import {
  currentRound, failedBatches, interruptedReport, keyOf, loopOutcome, quietness, startLoop, summarize, unusedKey,
  type BatchPlan, type LoopOutcome, type SessionState, type SessionSummary,
} from '../core/session/index.js';
import { sourceErrorText } from '../core/text.js';
import { AuthPanel } from './components/AuthPanel.js';
import { Banners } from './components/Banners.js';
import { Header } from './components/Header.js';
import { KeyBar } from './components/KeyBar.js';
import { MiddlePane } from './components/MiddlePane.js';
import { ResultsPanel, resultsLines } from './components/ResultsPanel.js';
import { StatusLine, statusHint } from './components/StatusLine.js';
import { TooSmall } from './components/TooSmall.js';
import { frameFor } from './frame.js';
import { useGrantActions } from './hooks/useGrantActions.js';
import { useHeld } from './hooks/useHeld.js';
import { useIamJob } from './hooks/useIamJob.js';
import { useLoop } from './hooks/useLoop.js';
import { useNow } from './hooks/useNow.js';
import { useStableCallback } from './hooks/useStableCallback.js';
import { failedSources, useScan } from './hooks/useScan.js';
import { useSyncReducer } from './hooks/useSyncReducer.js';
import { useUnusedLoad } from './hooks/useUnusedLoad.js';
import { unusedChrome } from './components/UnusedPane.js';
import { unusedDetailWindow, unusedOffset, unusedScreen, unusedUnavailableWhy } from './unused-view.js';
import { createKeyHandler } from './loop-keys.js';
import { dialogInner, dialogScroll, NO_DIALOG_SCROLL, TOO_SMALL } from './dialog-view.js';
import { helpView, whyLines, type WhyLine } from './help-view.js';
import { bodyCache } from './revoke-view.js';
import { detailWindow } from './components/DetailPane.js';
import { cursorIndex } from './cursor.js';
import { frameWatch, type FrameWatch } from './drawn.js';
import { buildRows, countRows } from './model.js';
import { partialBanner } from './verdict-view.js';
import type { ExportPort, GrantPort, StartScan, StartUsage } from './ports.js';
import { cursorAt, detailOffsetOn, initialUi, uiReducer } from './screen.js';
import { useTerminalSize, type SizedStream } from './terminal.js';

export interface AppProps {
  uid: string | null;
  /** Every --uid given (the header names them; `uid` is set only when there is one). */
  uids?: readonly string[];
  startScan: StartScan;
  /** null: no cluster configured (read-only: review, dry run, export of the selection). */
  grants: GrantPort | null;
  exporter: ExportPort | null;
  /** The usage scan of the same sources, for the held-not-used list (v); null: not available. */
  usage?: StartUsage | null;
  sessionId: string;
  quietMs: number;
  allowDangerous: boolean;
  forceNative: boolean;
  /** `--yes`: SENSITIVE permissions need no second key (the first confirmation still lists them). */
  assumeYes?: boolean;
  /** On quit: the summary of every round, and the exit code with its reasons. */
  onExit(summary: SessionSummary, outcome: LoopOutcome): void;
  now?: () => number;
  flushMs?: number;
  /** An extra status line (the demo shows what the simulated service is doing). */
  status?: () => string | null;
  /** Warnings about connections made before the loop (the IAM's TLS unchecked), kept in view with the sources' (warningNote). */
  notes?: readonly string[];
  /** Aborted on SIGINT/SIGTERM: quit with the summary. */
  signal?: AbortSignal;
  /** The real terminal, for its size (ink is given a view of it: see terminal.ts). Default: ink's stdout. */
  terminal?: SizedStream;
  /** What ink computed and wrote (drawn.ts, wired by mount.tsx). Default: each commit counts as written (ink's debug mode, the tests). */
  frames?: FrameWatch;
}

/** The screen "shown" while the terminal is too small for any (drawn.ts). */
const TINY_SCREEN = -1;

export function App(props: AppProps) {
  // Fixed identity: a parent's new clock or callback is no reason to restart the timer or re-subscribe.
  const now = useStableCallback(props.now ?? Date.now);
  const { exit } = useApp();
  const { rows: termRows, cols: width } = useTerminalSize(props.terminal);

  const scan = useScan(props.startScan, props.flushMs, now);
  const iam = useIamJob();
  const tick = useNow(now, 1000);
  const { loop, loopRef, dispatch } = useLoop(() => startLoop({ id: props.sessionId, uid: props.uid, by: props.grants?.actingUid ?? null, now: now() }));
  const [ui, uiRef, toUi] = useSyncReducer(uiReducer, initialUi);
  const session = loop.session;

  // Latest values for key handlers and callbacks that run before the next render.
  const { snap } = scan;
  const snapRef = useRef(snap);
  snapRef.current = snap;
  const sessionRef: { readonly current: SessionState } = { get current() { return loopRef.current.session; } };
  const findingsRef = { get current() { return snapRef.current.findings; } };
  const actions = useGrantActions({
    grants: props.grants, exporter: props.exporter, allowDangerous: props.allowDangerous, forceNative: props.forceNative,
    iam, dispatch, findingsRef, setMessage: (message) => toUi({ type: 'say', message }), now,
  });
  useEffect(() => {
    dispatch({ type: 'observed', findings: snap.findings, lines: snap.lines, now: now() });
  }, [snap, dispatch, now]);

  // What each account already holds: matching findings show `already held`.
  const uids = useMemo(() => (props.uid ? [props.uid] : [...new Set(snap.findings.map((f) => f.uid))]), [props.uid, snap.findings]);
  const [unread, setUnread] = useState<Array<{ uid: string; why: string }>>([]);
  useHeld(props.grants, uids, (pairs) => dispatch({ type: 'held', pairs, now: now() }), (uid, why) => setUnread((u) => [...u, { uid, why }]));

  const all = useMemo(() => buildRows(session, snap.findings, '', tick), [session, snap.findings, tick]);
  const filter = ui.filter;
  const rows = useMemo(() => (filter ? buildRows(session, snap.findings, filter, tick) : all), [all, filter, session, snap.findings, tick]);
  const counts = useMemo(() => countRows(session, all, rows), [session, all, rows]);
  // The row of the cursor's finding (cursor.ts): derived here and in the key handler alike.
  const cursor = cursorIndex(rows, cursorAt(ui));
  const findingsByKey = useMemo(() => new Map(snap.findings.map((f) => [keyOf(f), f])), [snap.findings]);
  // The loop's consents, for what the detail pane says `g` would do with the row.
  const consent = { allowDangerous: props.allowDangerous, forceNative: props.forceNative, yes: !!props.assumeYes };

  const quiet = quietness(session, tick, props.quietMs, counts.pending);
  const statusText = props.status?.() ?? null;
  const errors = snap.errors.slice(-2);
  // With findings, input read only in part says the list may miss some (no finding: the list says it).
  // And what an unread holdings list leaves unknown, on the same line (no row claims "not held").
  const partial = clipEnd([snap.findings.length ? partialBanner(snap, width) : null, unreadBanner(unread, width)].filter((x) => x !== null).join(' · '), width) || null;
  // A source's warning (an ssh config setting, TLS checks off) stays in view: its note in the header
  // lasts only until that source's next report. The IAM's comes first: it holds for the whole run.
  const warned = notesBanner([...(props.notes ?? []), ...(snap.notes ?? [])], width);
  const results = actions.results;
  const frame = frameFor({
    rows: termRows, cols: width, mode: ui.mode, status: !!statusText, quiet: !!quiet.message, partial: !!partial, warned: !!warned, errors: errors.length,
    authFailures: snap.authFailures.length, results: resultsLines(results.list, width), shown: rows, cursor, offset: ui.offset,
  });
  // The detail pane's scroll belongs to the row it was scrolled on.
  const detailOffset = detailOffsetOn(ui.detail, rows[frame.cursor]?.key);

  // The held-not-used list (v): one account under review, a cluster to read its grants from.
  const unusedUnavailable = unusedUnavailableWhy(props.uid, props.grants, props.usage);
  const loadUnused = useUnusedLoad(props.grants, props.usage ?? null, dispatch);
  const unusedShown = ui.view === 'unused' && loop.unused !== null;
  const uScreen = useMemo(() => (unusedShown && loop.unused ? unusedScreen(loop.unused, width) : null), [unusedShown, loop.unused, width]);
  const uChrome = uScreen ? unusedChrome(uScreen, frame.layout.middle) : null;
  const uBody = uChrome?.body ?? 0;
  const uCursor = uScreen ? cursorIndex(uScreen.lines, cursorAt(ui)) : 0;
  const uOffset = uScreen ? unusedOffset(uCursor, ui.offset, uBody, uScreen.lines.length) : 0;
  // Its detail's scroll belongs to the row it was scrolled on, as the denials list's does.
  const uDetailOffset = uScreen ? detailOffsetOn(ui.detail, uScreen.lines[uCursor]?.key) : 0;
  // A terminal too small for the frame keeps the scroll it had: enlarged, it shows the same rows.
  const offset = frame.tiny ? ui.offset : uScreen ? uOffset : frame.offset;
  useEffect(() => toUi({ type: 'scrolled', offset }), [offset, toUi]);

  // Quitting while a batch is in flight stops it between pairs, waits for the pair in flight (its
  // answer bounded by the IAM time limit) and only then summarizes: nothing is sent after the summary.
  const quitted = useRef(false);
  const stoppingRef = useRef(false);
  const [stopping, setStopping] = useState(false);
  const finish = useStableCallback((): void => {
    if (quitted.current) return;
    quitted.current = true;
    const failed = failedSources(snapRef.current);
    const stopped = actions.stopped();
    const outcome = loopOutcome(sessionRef.current, { failed, total: Math.max(snapRef.current.sources.length, failed.length) }, stopped && interruptedReport(stopped));
    props.onExit({ ...summarize(sessionRef.current, now(), stopped, loopRef.current.unused), exported: actions.exported() }, outcome);
    exit();
  });
  const quit = useStableCallback((): void => {
    if (quitted.current || stoppingRef.current) return;
    const busy = iam.busyRef.current;
    if (busy && actions.stop()) {
      stoppingRef.current = true;
      setStopping(true);
      toUi({ type: 'list', message: stoppingLine(busy) });
      return;
    }
    finish();
  });
  useEffect(() => {
    if (stopping && !iam.busy && !iam.busyRef.current) finish();
  }, [stopping, iam.busy, iam.busyRef, finish]);

  // Which screen is on the terminal (drawn.ts). An insertion effect runs before ink computes the
  // commit's frame. Without ink's counts, a commit is a frame written (so in ink's debug mode).
  const [frames] = useState(() => props.frames ?? frameWatch({ atCommit: true }));
  // Nothing but the size needed shows on a tiny terminal: enlarged, the screen counts as new (not yet drawn).
  useInsertionEffect(() => frames.committed(frame.tiny ? TINY_SCREEN : ui.screen));

  // The open question's body, built once for its keys (confirmView) and the dialog drawn alike.
  const [bodyOf] = useState(bodyCache);
  // Pairs of the plan the filter hides (the confirmation says so).
  const hiddenOf = (p: BatchPlan): number => {
    const shownKeys = new Set(rows.map((r) => r.key));
    return p.pairs.filter((x) => !shownKeys.has(keyOf(x))).length;
  };
  const dialogBody = frame.listShown ? null : bodyOf(ui, findingsByKey, dialogInner(width), hiddenOf);
  // The help, laid out for the middle: it says first why each failed grant batch failed.
  const helpOf = (why: readonly WhyLine[], offset: number) => helpView({ width, height: frame.layout.middle, why, offset });
  const help = ui.mode === 'help' ? helpOf(whyLines(failedBatches(session)), ui.helpOffset) : null;

  const handler = createKeyHandler({
    rows: (filter = uiRef.current.filter) => buildRows(sessionRef.current, snapRef.current.findings, filter, now()),
    frames,
    uiRef, ui: toUi, sessionRef, loop: dispatch, findingsRef,
    clearError: iam.clearError,
    busy: () => iam.busyRef.current,
    readOnly: !props.grants,
    canExport: !!props.exporter,
    allowDangerous: props.allowDangerous,
    forceNative: props.forceNative,
    assumeYes: !!props.assumeYes,
    pageSize: () => (uScreen ? uBody : frame.body),
    tooSmall: () => frame.tiny,
    confirmView: () => {
      if (frame.tiny) return { ...NO_DIALOG_SCROLL, tooSmall: true }; // not drawn at all
      // The open question's body as drawn (the keys' question may be newer than the last render's).
      const body = bodyOf(uiRef.current, findingsByKey, dialogInner(width), hiddenOf);
      return body ? dialogScroll(body, width, frame.layout.middle) : NO_DIALOG_SCROLL;
    },
    helpView: () => (frame.tiny ? NO_DIALOG_SCROLL : helpOf(whyLines(failedBatches(sessionRef.current)), 0)),
    detailView: (row) => {
      // The row the key saw (keys can come faster than renders), scrolled as far as the screen says.
      const offset = detailOffsetOn(uiRef.current.detail, row.key);
      return detailWindow({ row, clusterUrl: props.grants?.clusterUrl ?? null, height: frame.split.detail, border: frame.split.border, width, consent, offset });
    },
    actions,
    reread: scan.reread,
    quit,
    unusedDetailView: (row) => {
      // The list the key saw, scrolled as far as the screen says (as detailView).
      const l = loopRef.current.unused;
      if (!l) return { max: 0, page: 1 };
      return unusedDetailWindow(l, row, width, uChrome?.room ?? 0, detailOffsetOn(uiRef.current.detail, unusedKey(l.uid, row)));
    },
    unusedRef: { get current() { return loopRef.current.unused; } },
    unusedUnavailable,
    loadUnused, liveSources: () => !snapRef.current.done,
    revokePolicy: { actingUid: props.grants?.actingUid ?? null },
  });
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  useInput((input, key) => {
    if (!stoppingRef.current) return handlerRef.current(input, key);
    toUi({ type: 'say', message: stoppingLine(iam.busyRef.current ?? 'the request') });
  }, { isActive: true });

  const { signal } = props;
  useEffect(() => {
    if (!signal) return;
    if (signal.aborted) return quit();
    signal.addEventListener('abort', quit);
    return () => signal.removeEventListener('abort', quit);
  }, [signal, quit]);

  const { layout } = frame;
  // "Too small to show the pairs" holds only while they are not shown: enlarged, the question is whole again.
  const shownAgain = ui.message === TOO_SMALL && !frame.tiny && dialogBody !== null && !dialogScroll(dialogBody, width, frame.layout.middle).tooSmall;
  const statusLine = (
    <StatusLine error={iam.error} busy={iam.busy} message={shownAgain ? null : ui.message} hint={statusHint(counts, scan.dead, !props.grants, snap.done)} width={width} keepEnd={actions.exported().at(-1)?.path} wrap={frame.tiny} />
  );
  if (frame.tiny) return <TooSmall cols={width} rows={termRows} height={layout.height} mode={ui.mode} status={iam.error || iam.busy || ui.message ? statusLine : null} />;
  // Fixed heights (the frame, the middle) keep the frame's height whatever the content: ink draws
  // nothing below the root's height. No `overflow="hidden"`: clipping makes ink re-slice every line
  // of every frame, and every line is already fitted to the width.
  return (
    <Box flexDirection="column" width={width} height={layout.height}>
      <Header
        width={width}
        cluster={props.grants?.clusterUrl ?? null}
        actingUid={props.grants?.actingUid ?? null}
        uid={props.uid}
        uids={props.uids ?? []}
        dryRun={props.grants?.dryRun ?? false}
        sources={snap.sources}
        deadSources={scan.dead}
        deadReason={snap.errors[0] ? sourceErrorText(snap.errors[0]) : null}
        retry={scan.retry}
        now={now()}
        round={currentRound(session).n}
        counts={counts}
        authFailures={snap.authFailures.length}
        unverified={snap.unverifiedLines ?? 0}
        sessionId={props.sessionId}
        filter={filter}
      />
      <Banners status={statusText} quiet={quiet} showStatus={frame.showStatus} showQuiet={frame.showQuiet} partial={partial} showPartial={frame.showPartial}
        warned={warned} showWarned={frame.showWarned} errors={errors.slice(0, layout.errors)} width={width} />
      <MiddlePane frame={frame} ui={ui} rows={rows} total={all.length} dialogBody={dialogBody} grants={props.grants} consent={consent} busy={iam.busy} width={width} detailOffset={detailOffset} verdict={snap} help={help}
        unused={uScreen && loop.unused ? { list: loop.unused, screen: uScreen, cursor: uCursor, offset: uOffset, detailOffset: uDetailOffset } : null} />
      <AuthPanel failures={snap.authFailures} height={layout.auth} />
      <ResultsPanel title={results.title} results={results.list} width={width} height={layout.results} />
      {statusLine}
      <KeyBar mode={ui.mode} width={width} view={ui.view} unused={unusedUnavailable === null} helpScrolls={!!help?.max} />
    </Box>
  );
}
