// What the grant-side commands print: one line per pair on stdout (data), notes on stderr; with
// `--json`, one JSON document on stdout instead of the lines (notes stay on stderr).
import { dcosCliLine, httpRequestsFor, type PlanOp } from '../core/plan/requests.js';
import { redactUrls } from '../core/redact.js';
import { safeRedacted, safeText } from '../core/text.js';
import { withHint } from '../errors.js';
import { guarded } from './stdio.js';
import { principalLabel } from '../core/policy/index.js';
import type { GrantPair, PairResult } from '../core/types.js';

export interface Out {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** The process streams, guarded: a reader gone (`| head`) stops the lines, never the batch (stdio.ts). */
export const processOut: Out = {
  stdout: (s) => guarded(process.stdout).write(s),
  stderr: (s) => guarded(process.stderr).write(s),
};

/** Version of the `--json` document of grant, revoke and undo (additive fields only, as scan's). */
export const RESULTS_JSON_VERSION = 1;

export function resultLine(r: PairResult): string {
  const detail = r.detail ? `  (${safeRedacted(r.detail)})` : '';
  return `${r.outcome.padEnd(14)} ${safeText(principalLabel(r))} ${safeText(r.rid)} ${safeText(r.action)}${detail}\n`;
}

/** The one-line count on stderr (`2 granted, 1 already held`). */
function printCounts(out: Out, results: readonly PairResult[]): void {
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  const parts = ['granted', 'already held', 'revoked', 'already absent', 'already undone', 'refused', 'failed']
    .map((o) => [o, count(o)] as const)
    .filter(([, n]) => n > 0)
    .map(([o, n]) => `${n} ${o}`);
  if (parts.length) out.stderr(`${parts.join(', ')}\n`);
}

export function printResults(out: Out, results: readonly PairResult[]): void {
  for (const r of results) out.stdout(resultLine(r));
  printCounts(out, results);
}

/** --dry-run: the exact requests (method, encoded path, body) and the equivalent dcos command. */
export function printDryRun(out: Out, pairs: readonly GrantPair[], op: PlanOp, clusterUrl: string | null, notes: Map<GrantPair, string> = new Map(), json = false): PairResult[] {
  const base = clusterUrl ? redactUrls(clusterUrl).replace(/\/+$/, '') : '';
  const results: PairResult[] = [];
  for (const p of pairs) {
    const note = notes.get(p);
    if (!json) {
      out.stdout(`# ${op} ${principalLabel(p)} ${safeText(p.rid)} ${p.action}${note ? ` (${note})` : ''}\n`);
      for (const r of httpRequestsFor(p, op)) out.stdout(`${r.method} ${base}${r.path}${r.body ? ` ${r.body}` : ''}\n`);
      out.stdout(`${dcosCliLine(p, op)}\n`);
    }
    results.push({ ...p, outcome: 'dry-run', detail: note ?? '', aclCreated: false });
  }
  out.stderr(`dry run: nothing was sent${clusterUrl ? '' : ' (no cluster configured: paths are relative to the cluster URL)'}\n`);
  return results;
}

/** The error that stopped a batch midway, as the CLI prints errors (one line, then the hint), terminal-safe. */
export function printStopped(out: Out, stopped: { message: string; hint?: string } | undefined): void {
  if (stopped) out.stderr(`audit2grant: ${withHint(stopped.message, stopped.hint)}\n`);
}

/** What a grant, revoke or undo did, for `--json`. */
export interface ResultsReport {
  op: 'grant' | 'revoke' | 'undo';
  dryRun: boolean;
  cluster: string | null;
  /** The session these changes are recorded under (null when nothing was sent). */
  session: string | null;
  /** undo: the session whose grants were taken back. */
  undoOf?: string;
  results: readonly PairResult[];
  stopped?: { message: string; hint?: string };
  /** undo of a revoke session: the results that are grants back (their dry-run requests are a grant's). */
  grantedBack?: ReadonlySet<PairResult>;
}

/** One result as JSON: the pair (`gid` only for a group's), what happened, and for a dry run the requests. */
function jsonResult(r: PairResult, op: PlanOp, base: string): Record<string, unknown> {
  const pair: GrantPair = r.gid !== undefined ? { uid: r.uid, rid: r.rid, action: r.action, gid: r.gid } : { uid: r.uid, rid: r.rid, action: r.action };
  return {
    uid: r.uid,
    ...(r.gid !== undefined ? { gid: r.gid } : {}),
    rid: r.rid,
    action: r.action,
    outcome: r.outcome,
    detail: redactUrls(r.detail),
    aclCreated: r.aclCreated,
    ...(r.aclUnknown ? { aclUnknown: true } : {}),
    ...(r.grantUnconfirmed ? { grantUnconfirmed: true } : {}),
    ...(r.outcome === 'dry-run'
      ? { requests: httpRequestsFor(pair, op).map((q) => ({ method: q.method, url: `${base}${q.path}`, ...(q.body ? { body: q.body } : {}) })), dcos: dcosCliLine(pair, op) }
      : {}),
  };
}

/**
 * `--json`: the whole outcome as one document on stdout, with the same counts on stderr as the lines
 * would have. Keys are fixed so scripts can rely on them:
 * `{version, op, dryRun, cluster, session, undoOf?, results: [{uid, gid?, rid, action, outcome, detail, aclCreated, aclUnknown?, grantUnconfirmed?, requests?, dcos?}], stopped}`.
 */
export function printJsonReport(out: Out, r: ResultsReport): void {
  const planOp: PlanOp = r.op === 'grant' ? 'grant' : 'revoke';
  const cluster = r.cluster === null ? null : redactUrls(r.cluster);
  const base = cluster ? cluster.replace(/\/+$/, '') : '';
  const doc = {
    version: RESULTS_JSON_VERSION,
    op: r.op,
    dryRun: r.dryRun,
    cluster,
    session: r.session,
    ...(r.undoOf !== undefined ? { undoOf: r.undoOf } : {}),
    results: r.results.map((x) => jsonResult(x, r.grantedBack?.has(x) ? 'grant' : planOp, base)),
    stopped: r.stopped ? { message: r.stopped.message, hint: r.stopped.hint ?? null } : null,
  };
  out.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  printCounts(out, r.results);
  printStopped(out, r.stopped);
}
