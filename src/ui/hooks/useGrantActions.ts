// What the keys do to the cluster: grant a batch (closing the round), undo the last batch, export
// the applied grants. Each runs through the IAM job (one request at a time, failures as results,
// never a frozen UI) and records its outcome in the session; the per-pair results are shown below
// the list.
import { useRef, useState } from 'react';
import { appliedPairs, applyBatch, applyUndo, beginBatch, currentRound, lastUndoableBatch, pairsToUndo, type SessionState } from '../../core/session/index.js';
import type { Finding, GrantPair, PairResult } from '../../core/types.js';
import { errorLine } from '../../errors.js';
import type { ExportPort, GrantPort } from '../ports.js';
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
  undo(): void;
  exportApplied(kind: 'dcos' | 'json'): Promise<void>;
}

const failedResults = (pairs: GrantPair[], why: string): PairResult[] => pairs.map((p) => ({ ...p, outcome: 'failed', detail: why, aclCreated: false }));

export function useGrantActions(i: GrantActionsInput): GrantActions {
  const [results, setResults] = useState<{ title: string; list: PairResult[] }>({ title: '', list: [] });
  const batchNo = useRef(0);

  function grant(pairs: GrantPair[]): void {
    const g = i.grants;
    if (!g || !pairs.length) return;
    const id = `${i.sessionId}-b${++batchNo.current}`;
    const findingsAtGrant = i.findingsRef.current;
    const round = currentRound(i.sessionRef.current).n;
    const started = i.iam.run(
      `granting ${pairs.length} permission(s)`,
      () => g.grant(pairs, { allowDangerous: i.allowDangerous, forceNative: i.forceNative }).catch((e: unknown) => failedResults(pairs, errorLine(e))),
      (res) => {
        i.setSession((s) => applyBatch(s, id, res, i.now(), findingsAtGrant));
        setResults({ title: g.dryRun ? 'dry run (nothing changed):' : `batch ${batchNo.current}:`, list: res });
        const ok = res.filter((r) => r.outcome === 'granted' || r.outcome === 'already held').length;
        i.setMessage(g.dryRun ? null : ok ? `round ${round} closed: watching for the next denials` : 'nothing was granted: see the reasons below');
      },
    );
    if (started) i.setSession((s) => beginBatch(s, pairs));
    else i.setMessage('another request is in flight: wait for it');
  }

  function undo(): void {
    const g = i.grants;
    const b = lastUndoableBatch(i.sessionRef.current);
    if (!g || !b) return i.setMessage(g ? 'nothing to undo in this session' : 'no cluster configured');
    const pairs = pairsToUndo(b);
    i.iam.run(
      `undoing batch (${pairs.length} revoke(s))`,
      () => g.revoke(pairs).catch((e: unknown) => failedResults(pairs, errorLine(e))),
      (res) => {
        i.setSession((s) => applyUndo(s, b.id, res, i.now()));
        setResults({ title: 'undo:', list: res });
        i.setMessage(null);
      },
    );
  }

  async function exportApplied(kind: 'dcos' | 'json'): Promise<void> {
    const pairs = appliedPairs(i.sessionRef.current);
    try {
      const path = await i.exporter!.write(kind, pairs, i.findingsRef.current);
      i.setMessage(`exported ${pairs.length} grant(s) to ${path}`);
    } catch (e) {
      i.setMessage(`export failed: ${errorLine(e)}`);
    }
  }

  return { results, grant, undo, exportApplied };
}
