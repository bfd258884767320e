// What the grant-side commands print: one line per pair on stdout (data), notes on stderr.
import { dcosCliLine, httpRequestsFor, type PlanOp } from '../../core/plan/requests.js';
import { safeText } from '../../core/plan/text.js';
import type { GrantPair, PairResult } from '../../core/types.js';

export interface Out {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const processOut: Out = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

export function resultLine(r: PairResult): string {
  const detail = r.detail ? `  (${safeText(r.detail)})` : '';
  return `${r.outcome.padEnd(14)} ${r.uid} ${safeText(r.rid)} ${r.action}${detail}\n`;
}

export function printResults(out: Out, results: readonly PairResult[]): void {
  for (const r of results) out.stdout(resultLine(r));
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  const parts = ['granted', 'already held', 'revoked', 'already absent', 'refused', 'failed']
    .map((o) => [o, count(o)] as const)
    .filter(([, n]) => n > 0)
    .map(([o, n]) => `${n} ${o}`);
  if (parts.length) out.stderr(`${parts.join(', ')}\n`);
}

/** --dry-run: the exact requests (method, encoded path, body) and the equivalent dcos command. */
export function printDryRun(out: Out, pairs: readonly GrantPair[], op: PlanOp, clusterUrl: string | null, notes: Map<GrantPair, string> = new Map()): PairResult[] {
  const base = clusterUrl ? clusterUrl.replace(/\/+$/, '') : '';
  const results: PairResult[] = [];
  for (const p of pairs) {
    const note = notes.get(p);
    out.stdout(`# ${op} ${p.uid} ${safeText(p.rid)} ${p.action}${note ? ` (${note})` : ''}\n`);
    for (const r of httpRequestsFor(p, op)) out.stdout(`${r.method} ${base}${r.path}${r.body ? ` ${r.body}` : ''}\n`);
    out.stdout(`${dcosCliLine(p, op)}\n`);
    results.push({ ...p, outcome: 'dry-run', detail: note ?? '', aclCreated: false });
  }
  out.stderr(`dry run: nothing was sent${clusterUrl ? '' : ' (no cluster configured: paths are relative to the cluster URL)'}\n`);
  return results;
}

/** The error that stopped a batch midway, as the CLI prints errors (one line, then the hint). */
export function printStopped(out: Out, stopped: { message: string; hint?: string } | undefined): void {
  if (stopped) out.stderr(`audit2grant: ${stopped.message}${stopped.hint ? `\n  hint: ${stopped.hint}` : ''}\n`);
}
