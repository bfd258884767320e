// The loop's cluster actions: a grant batch, an undo, an export. Each runs through the IAM job (one
// request at a time, failures as results, never a frozen UI) and records its outcome in the session;
// the per-pair results are shown below the list. A request asked for while another is in flight is
// refused with a "busy" line, never dropped silently.
import { useRef, useState } from 'react';
import { applyBatch, applyUndo, beginBatch, currentRound, type Batch, type SessionState } from '../../core/session/index.js';
import type { Finding, GrantPair, PairResult } from '../../core/types.js';
import { errorLine } from '../../errors.js';
import type { ExportKind, ExportPort, ExportWhat, GrantPort } from '../ports.js';
import type { IamJob } from './useIamJob.js';

export interface GrantActionsInput {
  grants: GrantPort | null;
  exporter: ExportPort | null;
  sessionId: string;
  allowDangerous: boolean;
  forceNative: boolean;
  iam: IamJob;
  /** Latest values, read when a key acts (the previous key may not be rendered yet). */
  sessionRef: { readonly current: SessionState };
  findingsRef: { readonly current: Finding[] };
  setSession(update: (s: SessionState) => SessionState): void;
  setMessage(m: string | null): void;
  now(): number;
}

export interface GrantActions {
  /** The last batch's (or undo's) per-pair outcomes. */
  results: { title: string; list: PairResult[] };
  grant(pairs: GrantPair[]): void;
  undo(batch: Batch, pairs: GrantPair[]): void;
  exportPairs(kind: ExportKind, what: ExportWhat, pairs: GrantPair[]): Promise<void>;
}

const failedResults = (pairs: GrantPair[], why: string): PairResult[] => pairs.map((p) => ({ ...p, outcome: 'failed', detail: why, aclCreated: false }));

/** The line shown when a key needs the IAM while a request is in flight. */
export const busyLine = (busy: string, key: string): string => `busy: ${busy}… — press ${key} again once it has answered`;

export function useGrantActions(i: GrantActionsInput): GrantActions {
  const [results, setResults] = useState<{ title: string; list: PairResult[] }>({ title: '', list: [] });
  const batchNo = useRef(0);

  function grant(pairs: GrantPair[]): void {
    const g = i.grants;
    if (!g || !pairs.length) return;
    const no = batchNo.current + 1;
    const id = `${i.sessionId}-b${no}`;
    const findingsAtGrant = i.findingsRef.current;
    const round = currentRound(i.sessionRef.current).n;
    const started = i.iam.run(
      `granting ${pairs.length} permission(s)`,
      () => g.grant(pairs, { allowDangerous: i.allowDangerous, forceNative: i.forceNative }).catch((e: unknown) => failedResults(pairs, errorLine(e))),
      (res) => {
        i.setSession((s) => applyBatch(s, id, res, i.now(), findingsAtGrant));
        setResults({ title: g.dryRun ? 'dry run (nothing changed):' : `batch ${no}:`, list: res });
        const ok = res.filter((r) => r.outcome === 'granted' || r.outcome === 'already held').length;
        i.setMessage(g.dryRun ? null : ok ? `round ${round} closed: watching for the next denials` : 'nothing was granted: see the reasons below');
      },
    );
    if (!started) return i.setMessage(busyLine(i.iam.busy ?? 'a request', 'g'));
    batchNo.current = no;
    i.setSession((s) => beginBatch(s, pairs));
  }

  function undo(batch: Batch, pairs: GrantPair[]): void {
    const g = i.grants;
    if (!g || !pairs.length) return;
    const started = i.iam.run(
      `undoing: revoking ${pairs.length} permission(s)`,
      () => g.revoke(pairs).catch((e: unknown) => failedResults(pairs, errorLine(e))),
      (res) => {
        i.setSession((s) => applyUndo(s, batch.id, res, i.now()));
        setResults({ title: 'undo:', list: res });
        i.setMessage(null);
      },
    );
    if (!started) i.setMessage(busyLine(i.iam.busy ?? 'a request', 'u'));
  }

  async function exportPairs(kind: ExportKind, what: ExportWhat, pairs: GrantPair[]): Promise<void> {
    if (!i.exporter) return i.setMessage('export is not available here');
    try {
      const path = await i.exporter.write(kind, pairs, i.findingsRef.current, what);
      i.setMessage(`exported ${pairs.length} ${what === 'applied' ? 'grant(s)' : 'selected finding(s)'} to ${path}`);
    } catch (e) {
      i.setMessage(`export failed: ${errorLine(e)}`);
    }
  }

  return { results, grant, undo, exportPairs };
}
