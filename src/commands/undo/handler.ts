// `undo [--session ID] [--gid GROUP]`: revoke exactly what a session granted or maybe granted, newest
// first (recorded in the ledger; a group's grants from the group); records that fail undo's checks are
// skipped, one line each, and what an earlier undo reverted is reported `already undone`, never sent
// again (docs/ledger.md).
import type { ClusterArgs } from '../options/cluster.js';
import { clusterFlags, dryRunCluster } from '../options/cluster.js';
import { gidOf } from '../options/group.js';
import type { CommandContext } from '../context.js';
import { safeRedacted, safeText } from '../../core/text.js';
import { checkRails, pairKey, principalLabel, refusedBatch, type BatchDecision } from '../../core/policy/index.js';
import type { PairResult } from '../../core/types.js';
import { EXIT, OperationalError, withHint } from '../../errors.js';
import { sameCluster } from '../../cluster/credentials.js';
import { onCleanup } from '../../lifecycle.js';
import { connectIam, pairOf } from '../../iam/client.js';
import { Ledger, sessionToUndo, stuckUndo } from '../../iam/ledger.js';
import { checkedLedgerPath } from '../../iam/ledgerHome.js';
import { undoableSessions, undoneDetail } from '../../iam/undoState.js';
import { unconfirmedPairs, unconfirmedText } from '../../iam/undoUnconfirmed.js';
import { canAsk, confirmGrants } from '../grant/confirm.js';
import { printDryRun, printJsonReport, printResults, printStopped, processOut, type Out } from '../iam-output.js';
import { stuckText } from './stuck.js';

export interface UndoArgs extends ClusterArgs {
  session?: string;
  /** Only what the session granted to this group. */
  gid?: string;
  json?: boolean;
}

/** No cluster URL in the flags, the environment or the DC/OS CLI config (a config that cannot be read counts as one: connecting says why). */
function noClusterConfigured(args: UndoArgs, env: NodeJS.ProcessEnv): boolean {
  try {
    return dryRunCluster(args, env) === null;
  } catch {
    return false;
  }
}

export async function runUndo(args: UndoArgs, ctx: CommandContext, out: Out = processOut, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const gid = gidOf(args, 'undo');
  const json = !!args.json;
  if (args.dryRun) {
    const warn = (w: string): void => out.stderr(`warning: ${w}\n`);
    // The cluster a real run would connect to (the configured one), as the real run checks it.
    const configured = dryRunCluster(args, env, warn);
    const ledger = new Ledger(checkedLedgerPath(env, false), warn).snapshot();
    const plan = sessionToUndo(ledger, args.session, warn, gid, configured);
    out.stderr(`undo of session ${plan.session}:\n`);
    for (const n of plan.notes) warn(n);
    // Ledger text is a file's: escaped like any other before it reaches the terminal.
    for (const { record: r, by } of plan.done) out.stderr(safeText(`already undone ${principalLabel(r)} ${r.rid} ${r.action}: ${undoneDetail(r, by)}`) + '\n');
    for (const { record: r, reason } of plan.skipped) out.stderr(safeText(`skipped ${principalLabel(r)} ${r.rid} ${r.action}: ${reason}`) + '\n');
    const records = [...plan.grants, ...plan.regrants, ...plan.skipped.map((s) => s.record)];
    const elsewhere = configured === null ? undefined : records.find((r) => !sameCluster(r.cluster, configured));
    if (configured !== null && elsewhere) {
      throw new OperationalError(
        `dry run: a real run would refuse: session ${plan.session} granted on ${safeText(elsewhere.cluster)}, not on ${safeText(configured)}: nothing would be sent`,
        `connect to ${safeText(elsewhere.cluster)} to undo it`,
      );
    }
    // Ledger URLs may come from a hand edit or an older audit2grant: shown without a password.
    if (configured === null && records[0]) out.stderr(`no cluster configured: a real run must connect to ${safeRedacted(records[0].cluster)}, where session ${plan.session} was recorded\n`);
    const cluster = configured ?? records[0]?.cluster ?? null;
    // A grant whose answer was never read: the revoke would also take a grant made by hand since.
    const unsure = unconfirmedPairs(plan.grants);
    const revokes = plan.grants.map(pairOf);
    const caveats = new Map(revokes.filter((p) => unsure.has(pairKey(p))).map((p) => [p, unconfirmedText(p, true)]));
    const shown = plan.grants.length > 0 || plan.regrants.length === 0 ? printDryRun(out, revokes, 'revoke', cluster, caveats, json) : [];
    const results = shown.map((r) => (unsure.has(pairKey(r)) ? { ...r, grantUnconfirmed: true as const } : r));
    // What the session revoked as unused is granted back, judged as a real run here would: on a
    // terminal, with what it would ask first; without one, what needs --yes refuses the grant-back whole.
    const regrants = plan.regrants.map(pairOf);
    const rails = checkRails(regrants, { op: 'grant', mode: canAsk() ? 'interactive' : 'unattended', yes: !!args.yes });
    const asks = new Map(rails.decisions.filter((d) => d.verdict !== 'allow').map((d) => [d.pair, d.reason]));
    const refused = regrants.length > 0 && rails.refused.length > 0;
    const back = !refused ? (regrants.length > 0 ? printDryRun(out, regrants, 'grant', cluster, asks, json) : []) : refusedBatch(rails);
    if (refused) {
      if (!json) printResults(out, back);
      out.stderr('dry run: a real run here would refuse the grant-back: nothing would be granted back\n  hint: run it with --yes (the dry run too, to see the requests)\n');
      ctx.setExitCode(EXIT.failed); // as the real run's refused grant-back
    }
    if (json) {
      const skipped: PairResult[] = [
        ...plan.done.map(({ record, by }): PairResult => ({ ...pairOf(record), outcome: 'already undone', detail: undoneDetail(record, by), aclCreated: false })),
        ...plan.skipped.map(({ record, reason }): PairResult => ({ ...pairOf(record), outcome: 'refused', detail: reason, aclCreated: false })),
      ];
      printJsonReport(out, { op: 'undo', dryRun: true, cluster, session: null, undoOf: plan.session, results: [...results, ...back, ...skipped], grantedBack: new Set(back) });
    }
    // Said as the real run says it (there an error, exit 1); a dry run only shows: exit 0. With no
    // cluster configured, the earlier session is looked for where a real run must connect (`cluster`).
    const stuck = args.session === undefined ? stuckUndo(ledger, plan, gid, cluster) : null;
    if (stuck) {
      const { message, hint } = stuckText(stuck);
      out.stderr(`${withHint(`dry run: ${message}`, hint)}\n`);
    }
    return;
  }
  // A session named is looked up before connecting: one the ledger does not hold (or that granted
  // nothing) is said whatever the cluster, not after "no cluster to talk to" or a login. That one
  // read is what the undo plans from: another run appending meanwhile cannot make the check and the
  // plan disagree. Warnings about the ledger's lines are the client's to say, once.
  const snapshot = args.session !== undefined ? new Ledger(checkedLedgerPath(env), (w) => out.stderr(`warning: ${w}\n`)).snapshot() : undefined;
  if (snapshot) sessionToUndo(snapshot, args.session, undefined, gid, null);
  // A bare undo with no cluster to talk to and nothing to undo on any cluster says the latter, as its
  // dry run does: "no cluster to talk to" asked for a setup that would change nothing. With a
  // cluster, connecting comes first as before (its own message names that cluster).
  if (!snapshot && noClusterConfigured(args, env)) {
    const pre = new Ledger(checkedLedgerPath(env)).snapshot();
    if (undoableSessions(pre.records, gid).length === 0) sessionToUndo(pre, undefined, undefined, gid, null);
  }
  const client = await connectIam({ flags: clusterFlags(args), env, signal: ctx.signal, onWarning: (w) => out.stderr(`warning: ${w}\n`) });
  const unregister = onCleanup(() => client.close());
  try {
    // A grant-back is a grant: asked on a terminal, refused unattended without --yes (as `grant`).
    const confirm = (asked: readonly BatchDecision[]): Promise<boolean> => confirmGrants(out, asked, ' back', ctx.signal);
    const consent = { mode: canAsk() ? 'interactive' : 'unattended', yes: !!args.yes, confirm } as const;
    const outcome = await client.undo(args.session, undefined, { gid, consent, snapshot });
    out.stderr(`undo of session ${outcome.session}:\n`);
    if (json) {
      printJsonReport(out, { op: 'undo', dryRun: false, cluster: client.clusterUrl, session: client.sessionId, undoOf: outcome.session, results: outcome.results, stopped: outcome.stopped });
    } else {
      printResults(out, outcome.results);
      printStopped(out, outcome.stopped);
    }
    if (outcome.interrupted || outcome.results.some((r) => r.outcome === 'failed' || r.outcome === 'refused')) ctx.setExitCode(EXIT.failed);
    if (outcome.stuck) {
      const { message, hint } = stuckText(outcome.stuck);
      throw new OperationalError(message, hint);
    }
  } finally {
    client.close();
    unregister();
  }
}
