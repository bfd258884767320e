// `undo [--session ID]`: revoke exactly what a session granted, newest first (recorded in the ledger).
import type { ClusterArgs } from '../../commands/options/cluster.js';
import { clusterFlags } from '../../commands/options/cluster.js';
import type { CommandContext } from '../../commands/context.js';
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
    const { session, grants } = sessionToUndo(new Ledger(ledgerPath(env)), args.session, (w) => out.stderr(`warning: ${w}\n`));
    out.stderr(`undo of session ${session}:\n`);
    printDryRun(out, grants.map(({ uid, rid, action }) => ({ uid, rid, action })), 'revoke', grants[0].cluster);
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
