// The interactive loop: findings stream in from the scan job, the operator selects and grants
// them through the IAM job, each batch closes a round, and the session core says what every
// finding's status is. State transitions live in core/session (the loop driver, through
// hooks/useLoop), cluster actions in hooks/useGrantActions, keys in loop-keys.ts; this file wires them and lays out the frame: always
// one line shorter than the terminal (layout.ts), the header on top, the status line and key bar at
// the bottom, the list (or a dialog) sized to what is left.
import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  currentRound, keyOf, loopOutcome, quietness, startLoop, summarize,
  type BatchPlan, type LoopOutcome, type SessionState, type SessionSummary,
} from '../core/session/index.js';
import { sourceErrorText } from '../core/text.js';
import { AuthPanel } from './components/AuthPanel.js';
import { DetailPane } from './components/DetailPane.js';
import { FindingsList } from './components/FindingsList.js';
import { Header } from './components/Header.js';
import { KeyBar } from './components/KeyBar.js';
import { Modal, type Mode } from './components/Modal.js';
import { ResultsPanel } from './components/ResultsPanel.js';
import { StatusLine } from './components/StatusLine.js';
import { useGrantActions } from './hooks/useGrantActions.js';
import { useHeld } from './hooks/useHeld.js';
import { useIamJob } from './hooks/useIamJob.js';
import { useLoop } from './hooks/useLoop.js';
import { useNow } from './hooks/useNow.js';
import { failedSources, useScan } from './hooks/useScan.js';
import { useSyncState } from './hooks/useSyncState.js';
import { frameLayout, splitMiddle } from './layout.js';
import { createKeyHandler, type ExportAsk, type UndoAsk } from './loop-keys.js';
import { buildRows, countRows, isGrouped, windowFor, type Counts } from './model.js';
import type { ExportPort, GrantPort, StartScan } from './ports.js';
import { useTerminalSize, type SizedStream } from './terminal.js';
import { clipEnd, shown } from './text.js';

export interface AppProps {
  uid: string | null;
  startScan: StartScan;
  /** null: no cluster configured (read-only: review, dry run, export of the selection). */
  grants: GrantPort | null;
  exporter: ExportPort | null;
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
  /** Aborted on SIGINT/SIGTERM: quit with the summary. */
  signal?: AbortSignal;
  /** The real terminal, for its size (ink is given a view of it: see terminal.ts). Default: ink's stdout. */
  terminal?: SizedStream;
}

function hintFor(c: Counts, dead: boolean, readOnly: boolean): string {
  if (dead) return 'nothing is being read: check the source (host, credentials, path); r retries now';
  if (c.selected) return `g grants the ${c.selected} selected${c.hiddenSelected ? ` (${c.hiddenSelected} hidden by the filter)` : ''} · d shows the requests${readOnly ? ' · e exports them' : ''}`;
  if (c.pending) return `${c.pending} pending: a selects the safe ones, space one at a time${readOnly ? '; e exports the selection as a script' : ''}`;
  if (!c.findings) return 'waiting for denials… (q quits)';
  return 'nothing pending: q quits with the summary of every round';
}

export function App(props: AppProps) {
  const now = props.now ?? Date.now;
  const { exit } = useApp();
  const { rows: termRows, cols: width } = useTerminalSize(props.terminal);

  const scan = useScan(props.startScan, props.flushMs, now);
  const iam = useIamJob();
  const tick = useNow(now, 1000);

  const { loop, loopRef, dispatch } = useLoop(() => startLoop({ id: props.sessionId, uid: props.uid, by: props.grants?.actingUid ?? null, now: now() }));
  const session = loop.session;
  const sessionRef: { readonly current: SessionState } = { get current() { return loopRef.current.session; } };
  const [mode, modeRef, setMode] = useSyncState<Mode>('list');
  const [cursor, cursorRef, setCursor] = useSyncState(0);
  const [offset, setOffset] = useState(0);
  const [filter, filterRef, setFilter] = useSyncState('');
  const [plan, planRef, setPlan] = useSyncState<BatchPlan | null>(null);
  const [undo, undoRef, setUndo] = useSyncState<UndoAsk | null>(null);
  const [exportAsk, exportRef, setExport] = useSyncState<ExportAsk | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const { snap } = scan;
  const snapRef = useRef(snap);
  snapRef.current = snap;
  const findingsRef = { get current() { return snapRef.current.findings; } };
  const actions = useGrantActions({
    grants: props.grants, exporter: props.exporter, allowDangerous: props.allowDangerous, forceNative: props.forceNative,
    iam, dispatch, findingsRef, setMessage, now,
  });
  useEffect(() => {
    dispatch({ type: 'observed', findings: snap.findings, lines: snap.lines, now: now() });
  }, [snap]);

  // What each account already holds: matching findings show `already held`.
  const uids = useMemo(() => (props.uid ? [props.uid] : [...new Set(snap.findings.map((f) => f.uid))]), [props.uid, snap.findings]);
  useHeld(props.grants, uids, (pairs) => dispatch({ type: 'held', pairs, now: now() }));

  const all = useMemo(() => buildRows(session, snap.findings, '', tick), [session, snap.findings, tick]);
  const rows = useMemo(() => (filter ? buildRows(session, snap.findings, filter, tick) : all), [all, filter]);
  const counts = useMemo(() => countRows(session, all, rows), [session, all, rows]);
  const grouped = isGrouped(rows);
  const cur = rows.length ? Math.min(cursor, rows.length - 1) : 0;
  const row = rows[cur] ?? null;
  const findingsByKey = useMemo(() => new Map(snap.findings.map((f) => [keyOf(f), f])), [snap.findings]);
  // The loop's consents, for what the detail pane says `g` would do with the row.
  const consent = { allowDangerous: props.allowDangerous, forceNative: props.forceNative, yes: !!props.assumeYes };

  const quiet = quietness(session, tick, props.quietMs, counts.pending);
  const statusText = props.status?.() ?? null;
  const errors = snap.errors.slice(-2);
  const results = actions.results;
  const listShown = mode === 'list' || mode === 'filter';
  const layout = frameLayout({
    rows: termRows,
    extraLines: (statusText ? 1 : 0) + (quiet.message ? 1 : 0),
    errors: errors.length,
    authWant: snap.authFailures.length ? 1 + Math.min(3, snap.authFailures.length) : 0,
    resultsWant: results.list.length ? 1 + results.list.length : 0,
    modal: !listShown,
  });
  const groupLines = grouped ? new Set(rows.map((r) => r.finding.uid)).size : 0;
  const split = splitMiddle(layout.middle, rows.length + groupLines || 1);
  const body = Math.max(1, split.list - 2);
  const off = windowFor(cur, offset, body, rows, grouped);
  useEffect(() => {
    if (off !== offset) setOffset(off);
  }, [off, offset]);

  const quitted = useRef(false);
  function quit(): void {
    if (quitted.current) return;
    quitted.current = true;
    const failed = failedSources(snapRef.current);
    const outcome = loopOutcome(sessionRef.current, { failed, total: Math.max(snapRef.current.sources.length, failed.length) });
    props.onExit(summarize(sessionRef.current, now()), outcome);
    exit();
  }

  const helpReturn = useRef<Mode>('list');
  const handler = createKeyHandler({
    rows: () => buildRows(sessionRef.current, snapRef.current.findings, filterRef.current, now()),
    cursorRef, setCursor, modeRef, setMode, helpReturn, sessionRef, loop: dispatch, findingsRef, filterRef, setFilter, planRef, setPlan,
    undoRef, setUndo, exportRef, setExport, setMessage,
    clearError: iam.clearError,
    busy: () => iam.busyRef.current,
    readOnly: !props.grants,
    canExport: !!props.exporter,
    allowDangerous: props.allowDangerous,
    forceNative: props.forceNative,
    assumeYes: !!props.assumeYes,
    pageSize: () => body,
    actions,
    reread: scan.reread,
    quit,
  });
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  useInput((input, key) => handlerRef.current(input, key), { isActive: true });

  useEffect(() => {
    const sig = props.signal;
    if (!sig) return;
    if (sig.aborted) return quit();
    sig.addEventListener('abort', quit);
    return () => sig.removeEventListener('abort', quit);
  }, [props.signal]);

  const hiddenInPlan = plan ? plan.pairs.filter((p) => !rows.some((r) => r.key === keyOf(p))).length : 0;
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
      {statusText && layout.extraLines > 0 ? <Text color="magenta" wrap="truncate-end">{statusText}</Text> : null}
      {quiet.message && layout.extraLines > (statusText ? 1 : 0) ? (
        <Text color={quiet.activitySinceGrant ? 'green' : 'yellow'} bold wrap="truncate-end">
          {quiet.message}
        </Text>
      ) : null}
      {errors.slice(0, layout.errors).map((e) => (
        <Text key={e.source + e.message} color="red" wrap="truncate-end">{clipEnd(shown(sourceErrorText(e)), width)}</Text>
      ))}
      <Box flexDirection="column" height={layout.middle} flexShrink={0}>
        {listShown ? (
          <>
            <FindingsList rows={rows} cursor={cur} offset={off} height={split.list} width={width} filter={filter} filtering={mode === 'filter'} grouped={grouped} total={all.length} />
            <DetailPane row={row} clusterUrl={props.grants?.clusterUrl ?? null} height={split.detail} border={split.border} width={width} consent={consent} />
          </>
        ) : (
          <Modal
            mode={mode} plan={plan} hidden={hiddenInPlan} filter={filter} findings={findingsByKey} undo={undo} row={row}
            clusterUrl={props.grants?.clusterUrl ?? null} dryRun={props.grants?.dryRun ?? false} gid={props.grants?.gid ?? null} busy={iam.busy}
            exportChoice={exportAsk} width={width} height={layout.middle}
          />
        )}
      </Box>
      <AuthPanel failures={snap.authFailures} height={layout.auth} />
      <ResultsPanel title={results.title} results={results.list} width={width} height={layout.results} />
      <StatusLine error={iam.error} busy={iam.busy} message={message} hint={hintFor(counts, scan.dead, !props.grants)} />
      <KeyBar mode={mode} width={width} />
    </Box>
  );
}
