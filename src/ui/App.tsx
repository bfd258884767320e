// The interactive loop: findings stream in from the scan job, the operator selects and grants
// them through the IAM job, each batch closes a round, and the session core says what every
// finding's status is. All state transitions live in core/session and the cluster actions in
// hooks/useGrantActions; this file wires keys to them and lays out the screen.
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSyncState } from './hooks/useSyncState.js';
import {
  appliedPairs, createSession, currentRound, markHeld, observe, planBatch, quietness, safeKeys, setSelected, summarize, toggleSelected,
  type BatchPlan, type SessionState, type SessionSummary,
} from '../core/session/index.js';
import type { GrantPair } from '../core/types.js';
import { sourceErrorText } from '../core/plan/index.js';
import { AuthPanel } from './components/AuthPanel.js';
import { DetailPane } from './components/DetailPane.js';
import { FindingsList } from './components/FindingsList.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { Modal, type Mode } from './components/Modal.js';
import { ResultsPanel } from './components/ResultsPanel.js';
import { useGrantActions } from './hooks/useGrantActions.js';
import { useIamJob } from './hooks/useIamJob.js';
import { useNow } from './hooks/useNow.js';
import { useScan } from './hooks/useScan.js';
import { LIST_KEYS, whichKey } from './keys.js';
import { buildRows, countRows, windowFor } from './model.js';
import type { ExportPort, GrantPort, StartScan } from './ports.js';

export interface AppProps {
  uid: string | null;
  startScan: StartScan;
  /** null: no cluster configured (read-only: review, dry run, export of nothing). */
  grants: GrantPort | null;
  exporter: ExportPort | null;
  sessionId: string;
  quietMs: number;
  allowDangerous: boolean;
  forceNative: boolean;
  /** `--yes`: SENSITIVE permissions need no second key (the first confirmation still lists them). */
  assumeYes?: boolean;
  onExit(summary: SessionSummary): void;
  now?: () => number;
  flushMs?: number;
  /** An extra status line (the demo shows what the simulated service is doing). */
  status?: () => string | null;
  /** Aborted on SIGINT/SIGTERM: quit with the summary. */
  signal?: AbortSignal;
}

export function App(props: AppProps) {
  const now = props.now ?? Date.now;
  const { exit } = useApp();
  const { stdout } = useStdout();
  const rowsTotal = stdout?.rows || 24;
  const width = stdout?.columns || 80;

  const scan = useScan(props.startScan, props.flushMs);
  const iam = useIamJob();
  const tick = useNow(now, 1000);

  const [session, sessionRef, setSession] = useSyncState<SessionState>(() => createSession({ id: props.sessionId, uid: props.uid, by: props.grants?.actingUid ?? null, now: now() }));
  const [mode, modeRef, setMode] = useSyncState<Mode>('list');
  const [cursor, cursorRef, setCursor] = useSyncState(0);
  const [offset, setOffset] = useState(0);
  const [filter, filterRef, setFilter] = useSyncState('');
  const [plan, planRef, setPlan] = useSyncState<BatchPlan | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  // New snapshot: note new denials and activity in the current round.
  const { snap } = scan;
  const snapRef = useRef(snap);
  snapRef.current = snap;
  const findingsRef = { get current() { return snapRef.current.findings; } };
  const actions = useGrantActions({
    grants: props.grants, exporter: props.exporter, sessionId: props.sessionId, allowDangerous: props.allowDangerous, forceNative: props.forceNative,
    iam, sessionRef, findingsRef, setSession, setMessage, now,
  });
  const results = actions.results;
  useEffect(() => {
    setSession((s) => observe(s, snap.findings, snap.lines, now()));
  }, [snap]);

  // What the uid already holds: matching findings show `already held`.
  useEffect(() => {
    if (!props.grants || !props.uid) return;
    const g = props.grants;
    iam.run('reading what the uid holds', () => g.held(props.uid!), (pairs) => setSession((s) => markHeld(s, pairs, now())));
  }, []);

  const rows = useMemo(() => buildRows(session, snap.findings, filter, tick), [session, snap.findings, filter, tick]);
  const counts = useMemo(() => countRows(rows), [rows]);
  const cur = rows.length ? Math.min(cursor, rows.length - 1) : 0;
  const row = rows[cur] ?? null;

  const authH = snap.authFailures.length ? Math.min(3, snap.authFailures.length) + 1 : 0;
  const resultsH = Math.min(6, results.list.length) + (results.list.length ? 1 : 0) + (iam.busy ? 1 : 0) + (iam.error ? 1 : 0) + (message ? 1 : 0);
  const listHeight = Math.max(3, rowsTotal - 3 - 1 - 2 - 10 - authH - resultsH - 2 - (props.status ? 1 : 0));
  const off = windowFor(cur, offset, listHeight, rows.length);
  useEffect(() => {
    if (off !== offset) setOffset(off);
  }, [off, offset]);

  const quiet = quietness(session, tick, props.quietMs, counts.pending);

  const quitted = useRef(false);
  function quit(): void {
    if (quitted.current) return;
    quitted.current = true;
    props.onExit(summarize(sessionRef.current, now()));
    exit();
  }

  function selectedPlan(): BatchPlan {
    return planBatch(sessionRef.current, snapRef.current.findings, { allowDangerous: props.allowDangerous, forceNative: props.forceNative, yes: !!props.assumeYes });
  }

  function grant(pairs: GrantPair[]): void {
    setMode('list');
    setPlan(null);
    actions.grant(pairs);
  }

  function listKey(input: string, key: Key): void {
    const k = whichKey(LIST_KEYS, input, key);
    if (!k) return;
    setMessage(null);
    iam.clearError();
    // Read the latest state through refs: the previous key may not be rendered yet.
    const session = sessionRef.current;
    const rows = buildRows(session, snapRef.current.findings, filterRef.current, now());
    const cur = rows.length ? Math.min(cursorRef.current, rows.length - 1) : 0;
    const row = rows[cur] ?? null;
    switch (k) {
      case 'up':
        return setCursor(Math.max(0, cur - 1));
      case 'down':
        return setCursor(Math.min(Math.max(0, rows.length - 1), cur + 1));
      case 'pageUp':
        return setCursor(Math.max(0, cur - listHeight));
      case 'pageDown':
        return setCursor(Math.min(Math.max(0, rows.length - 1), cur + listHeight));
      case 'select':
        if (row) setSession((s) => toggleSelected(s, row.key));
        return;
      case 'selectSafe': {
        const keys = safeKeys(session, rows.map((r) => r.finding));
        setSession((s) => setSelected(s, keys, true));
        return setMessage(keys.length ? `selected ${keys.length} safe finding(s): g to grant` : 'no safe finding left to select');
      }
      case 'grant': {
        if (!props.grants) return setMessage('no cluster configured: start with --cluster-url (or DCOS_URL) and credentials to grant; d shows what would be sent');
        const p = selectedPlan();
        if (!p.pairs.length && !p.refused.length) return setMessage('nothing selected: space selects a finding, a selects every safe one');
        setPlan(p);
        return setMode('confirm');
      }
      case 'dryRun':
        setPlan(selectedPlan());
        return setMode('dryrun');
      case 'undo':
        return actions.undo();
      case 'reread':
        scan.reread();
        return setMessage('re-reading the sources from the start');
      case 'export':
        if (!props.exporter || !appliedPairs(session).length)
          return setMessage('nothing granted in this session yet: nothing to export');
        return setMode('export');
      case 'filter':
        return setMode('filter');
      case 'help':
        return setMode('help');
      case 'quit':
        if (iam.busy) return setMode('quit');
        return quit();
    }
  }

  function filterKey(input: string, key: Key): void {
    if (key.return) return setMode('list');
    if (key.escape) {
      setFilter('');
      return setMode('list');
    }
    if (key.backspace || key.delete) return setFilter((f) => f.slice(0, -1));
    if (input && !key.ctrl && !key.meta) {
      setFilter((f) => f + input);
      setCursor(0);
    }
  }

  function confirmKey(input: string, key: Key): void {
    const p = planRef.current;
    const first = modeRef.current === 'confirm';
    const k = whichKey(first ? (['yes', 'no'] as const) : (['sensitiveYes', 'no'] as const), input, key);
    if (!p || k === 'no') {
      setMode('list');
      setMessage('cancelled: nothing granted');
    } else if (k === 'yes') {
      if (p.confirm.length) setMode('confirm2');
      else grant(p.pairs);
    } else if (k === 'sensitiveYes') grant(p.pairs);
  }

  useEffect(() => {
    const sig = props.signal;
    if (!sig) return;
    if (sig.aborted) return quit();
    sig.addEventListener('abort', quit);
    return () => sig.removeEventListener('abort', quit);
  }, [props.signal]);

  // One dispatcher, routed by the latest mode (a ref): keys typed faster than React renders still
  // reach the dialog the previous key opened.
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return quit(); // raw mode: Ctrl-C is a key, not a signal
      switch (modeRef.current) {
        case 'list':
          return listKey(input, key);
        case 'filter':
          return filterKey(input, key);
        case 'confirm':
        case 'confirm2':
          return confirmKey(input, key);
        case 'help':
        case 'dryrun':
          return setMode('list');
        case 'quit': {
          const k = whichKey(['quit', 'yes', 'no'] as const, input, key);
          if (k === 'quit' || k === 'yes') quit();
          else if (k === 'no') setMode('list');
          return;
        }
        case 'export': {
          const k = whichKey(['exportDcos', 'exportJson', 'no'] as const, input, key);
          if (k === 'exportDcos') void doExport('dcos');
          else if (k === 'exportJson') void doExport('json');
          else if (k === 'no') setMode('list');
          return;
        }
      }
    },
    { isActive: true },
  );

  function doExport(kind: 'dcos' | 'json'): Promise<void> {
    setMode('list');
    return actions.exportApplied(kind);
  }

  const statusLine = props.status?.() ?? null;
  const modal = (
    <Modal mode={mode} plan={plan} row={row} clusterUrl={props.grants?.clusterUrl ?? null} dryRun={props.grants?.dryRun ?? false} gid={props.grants?.gid ?? null} busy={iam.busy} exportCount={appliedPairs(session).length} />
  );
  const listShown = mode === 'list' || mode === 'filter';

  return (
    <Box flexDirection="column" width={width}>
      <Header
        cluster={props.grants?.clusterUrl ?? null}
        actingUid={props.grants?.actingUid ?? null}
        uid={props.uid}
        dryRun={props.grants?.dryRun ?? false}
        sources={snap.sources}
        round={currentRound(session).n}
        counts={counts}
        authFailures={snap.authFailures.length}
        unverified={snap.unverifiedLines ?? 0}
        sessionId={props.sessionId}
      />
      {statusLine ? <Text color="magenta" wrap="truncate-end">{statusLine}</Text> : null}
      {quiet.message ? (
        <Text color={quiet.activitySinceGrant ? 'green' : 'yellow'} bold wrap="truncate-end">
          {quiet.message}
        </Text>
      ) : null}
      {snap.errors.slice(-2).map((e) => (
        <Text key={e.source + e.message} color="red" wrap="truncate-end">{sourceErrorText(e)}</Text>
      ))}
      {!listShown ? modal : (
        <>
          <FindingsList rows={rows} cursor={cur} offset={off} height={listHeight} width={width} filter={filter} filtering={mode === 'filter'} />
          <DetailPane row={row} clusterUrl={props.grants?.clusterUrl ?? null} consent={{ allowDangerous: props.allowDangerous, forceNative: props.forceNative, yes: !!props.assumeYes }} />
        </>
      )}
      <AuthPanel failures={snap.authFailures} />
      <ResultsPanel title={results.title} results={results.list} busy={iam.busy} message={message} error={iam.error} />
      <Footer />
    </Box>
  );
}
