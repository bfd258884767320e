// `grant` and `revoke`: parse the pairs, validate and run the rails (the grant policy) for the whole
// batch, confirm what the policy wants confirmed (on a terminal; without one only --yes confirms),
// then dry-run or apply through the IAM client and print results.
import type { ClusterArgs } from '../../commands/options/cluster.js';
import { clusterFlags } from '../../commands/options/cluster.js';
import type { CommandContext } from '../../commands/context.js';
import { explain } from '../../core/catalog/index.js';
import { validatePair } from '../../core/policy/index.js';
import { checkRails, refusedBatch, uniquePairs } from '../../core/rails/index.js';
import type { GrantPair } from '../../core/types.js';
import { EXIT, UsageError } from '../../errors.js';
import { onCleanup } from '../../lifecycle.js';
import { connectIam } from '../client.js';
import { resolveCluster } from '../credentials.js';
import { askYesNo, canAsk } from './confirm.js';
import { pairsFromScanJson, readFindingsFile } from './from.js';
import { printDryRun, printResults, printStopped, processOut, type Out } from './output.js';

export interface ApplyArgs extends ClusterArgs {
  uid?: string;
  pairs?: (string | number)[];
  from?: string;
}

/** `RID ACTION [RID ACTION]...` for one uid. */
export function pairsFromArgs(uid: string | undefined, rest: readonly (string | number)[], op: string): GrantPair[] {
  if (!uid) throw new UsageError(`${op} needs --uid UID`, `audit2grant ${op} --uid UID RID ACTION [RID ACTION]...`);
  if (rest.length === 0) throw new UsageError(`${op} needs at least one RID ACTION pair`, `audit2grant ${op} --uid ${uid} RID ACTION`);
  if (rest.length % 2 !== 0) throw new UsageError(`${op} takes RID ACTION pairs: got ${rest.length} word${rest.length === 1 ? "" : "s"} (an odd number)`, `audit2grant ${op} --uid ${uid} RID ACTION [RID ACTION]...`);
  const pairs: GrantPair[] = [];
  for (let i = 0; i < rest.length; i += 2) pairs.push({ uid, rid: String(rest[i]), action: String(rest[i + 1]) });
  return pairs;
}

function validateAll(pairs: readonly GrantPair[]): void {
  for (const p of pairs) {
    const bad = validatePair(p);
    if (bad) throw new UsageError(bad, 'nothing was sent');
  }
}

export async function runApply(op: 'grant' | 'revoke', args: ApplyArgs, ctx: CommandContext, out: Out = processOut, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let pairs: GrantPair[];
  if (args.from !== undefined) {
    if (op !== 'grant') throw new UsageError('--from works with grant only');
    if (args.pairs?.length) throw new UsageError('give either --from FILE or RID ACTION pairs, not both');
    const where = args.from === '-' ? 'stdin' : args.from;
    const parsed = pairsFromScanJson(await readFindingsFile(args.from), where, args.uid);
    for (const n of parsed.notes) out.stderr(`note: ${n}\n`);
    pairs = parsed.pairs;
    if (pairs.length === 0) {
      out.stderr(`nothing to grant: ${where} has no grantable finding${args.uid ? ` for ${args.uid}` : ''}\n`);
      return;
    }
  } else {
    pairs = pairsFromArgs(args.uid, args.pairs ?? [], op);
  }
  validateAll(pairs);
  pairs = uniquePairs(pairs);

  // Rails for the whole batch before anything else. A dry run shows what would be asked; a real
  // run can ask only on a terminal, so without one what needs a confirmation is refused (--yes gives it).
  let yes = !!args.yes;
  const mode = args.dryRun || canAsk() ? 'interactive' : 'unattended';
  const railOpts = () => ({ op, mode, allowDangerous: !!args.allowDangerous, forceNative: !!args.forceNative, yes }) as const;
  let report = checkRails(pairs, railOpts());
  const notes = new Map<GrantPair, string>();
  let declined = false;
  if (report.refused.length === 0 && report.confirm.length > 0) {
    if (args.dryRun) {
      for (const d of report.confirm) notes.set(d.pair, d.reason);
      yes = true;
    } else {
      for (const d of report.confirm) {
        const label = d.risk === 'unknown' ? 'UNKNOWN RISK' : d.risk.toUpperCase();
        out.stderr(`${label}: ${d.pair.rid} ${d.pair.action} for ${d.pair.uid}\n  ${explain(d.pair.rid, d.pair.action).explanation}\n`);
      }
      const n = report.confirm.length;
      yes = await askYesNo(`Grant ${n === 1 ? 'this permission' : `these ${n} permissions`}?`, ctx.signal);
      declined = !yes;
    }
    report = checkRails(pairs, railOpts());
  }
  if (!report.ok) {
    // The operator said no: say so before what was asked.
    const results = refusedBatch(report).map((r, i) => (declined && report.decisions[i].verdict === 'confirm' ? { ...r, detail: `not confirmed: ${r.detail}` } : r));
    printResults(out, results);
    out.stderr(`nothing was ${op === 'grant' ? 'granted' : 'revoked'}: the batch is applied whole or not at all\n`);
    // Nothing failed: the request itself was refused (invalid, or needs a flag it did not carry).
    ctx.setExitCode(EXIT.usage);
    return;
  }
  for (const w of report.warnings) out.stderr(`warning: ${w}\n`);

  if (args.dryRun) {
    let url: string | null = null;
    try {
      url = resolveCluster(clusterFlags(args), env, { needAuth: false }).clusterUrl;
    } catch {
      url = null; // a dry run needs no cluster
    }
    printDryRun(out, pairs, op, url, notes);
    return;
  }

  const client = await connectIam({ flags: clusterFlags(args), env, signal: ctx.signal, onWarning: (w) => out.stderr(`warning: ${w}\n`) });
  const unregister = onCleanup(() => client.close());
  try {
    const outcome = op === 'grant'
      ? await client.grant(pairs, { allowDangerous: !!args.allowDangerous, forceNative: !!args.forceNative, yes })
      : await client.revoke(pairs, { forceNative: !!args.forceNative });
    printResults(out, outcome.results);
    printStopped(out, outcome.stopped);
    if (op === 'grant' && outcome.results.some((r) => r.outcome === 'granted')) {
      out.stderr(`session ${client.sessionId} (undo with: audit2grant undo --session ${client.sessionId})\n`);
    }
    if (outcome.results.some((r) => r.outcome === 'failed' || r.outcome === 'refused')) ctx.setExitCode(EXIT.failed);
  } finally {
    client.close();
    unregister();
  }
}
