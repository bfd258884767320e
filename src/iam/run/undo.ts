// `undo [--session ID]`: revoke exactly what a session granted or maybe granted, newest first
// (recorded in the ledger); records that fail undo's checks are skipped, one line each (docs/ledger.md).
import type { ClusterArgs } from '../../commands/options/cluster.js';
import { clusterFlags } from '../../commands/options/cluster.js';
import type { CommandContext } from '../../commands/context.js';
import { safeText } from '../../core/plan/text.js';
import { EXIT } from '../../errors.js';
import { onCleanup } from '../../lifecycle.js';
import { connectIam } from '../client.js';
import { Ledger, ledgerPath, sessionToUndo } from '../ledger.js';
import { printDryRun, printResults, printStopped, processOut, type Out } from './output.js';

export interface UndoArgs extends ClusterArgs {
  session?: string;
}

export async function runUndo(args: UndoArgs, ctx: CommandContext, out: Out = processOut, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (args.dryRun) {
    const warn = (w: string): void => out.stderr(`warning: ${w}\n`);
    const plan = sessionToUndo(new Ledger(ledgerPath(env), warn), args.session, warn);
    out.stderr(`undo of session ${plan.session}:\n`);
    for (const n of plan.notes) warn(n);
    for (const { record: r, reason } of plan.skipped) out.stderr(`skipped ${r.uid} ${safeText(r.rid)} ${r.action}: ${reason}\n`);
    const cluster = (plan.grants[0] ?? plan.skipped[0].record).cluster;
    printDryRun(out, plan.grants.map(({ uid, rid, action }) => ({ uid, rid, action })), 'revoke', cluster);
    return;
  }
  const client = await connectIam({ flags: clusterFlags(args), env, signal: ctx.signal, onWarning: (w) => out.stderr(`warning: ${w}\n`) });
  const unregister = onCleanup(() => client.close());
  try {
    const outcome = await client.undo(args.session);
    out.stderr(`undo of session ${outcome.session}:\n`);
    printResults(out, outcome.results);
    printStopped(out, outcome.stopped);
    if (outcome.results.some((r) => r.outcome === 'failed' || r.outcome === 'refused')) ctx.setExitCode(EXIT.failed);
  } finally {
    client.close();
    unregister();
  }
}
