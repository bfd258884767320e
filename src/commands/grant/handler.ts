// `grant` and `revoke`: parse the pairs, validate and run the rails (the grant policy) for the whole
// batch, confirm what the policy wants confirmed (on a terminal; without one only --yes confirms),
// then dry-run or apply through the IAM client and print results.
import type { ClusterArgs } from '../options/cluster.js';
import { checkStdinOnce, clusterFlags, dryRunCluster } from '../options/cluster.js';
import { gidOf } from '../options/group.js';
import { checkedUid, singleUid } from '../options/uid.js';
import type { CommandContext } from '../context.js';
import { validatePair } from '../../core/policy/index.js';
import { checkRails, refusedBatch, uniquePairs } from '../../core/policy/index.js';
import type { GrantPair } from '../../core/types.js';
import { EXIT, UsageError } from '../../errors.js';
import { onCleanup } from '../../lifecycle.js';
import { connectIam, type IamClient } from '../../iam/client.js';
import { neverGrantedBack } from '../../iam/undoCheck.js';
import { sameCluster } from '../../cluster/credentials.js';
import { asciiText, safeRedacted, safeText } from '../../core/text.js';
import { askYesNo, canAsk, confirmGrants } from './confirm.js';
import { wayForward } from './refusal.js';
import { checkAccounts, fromSummary, otherAccountsHint, pairsFromScanJson, readFindingsFile } from './from.js';
import { stillHeldNotes } from './still-held.js';
import { printDryRun, printJsonReport, printResults, printStopped, processOut, type Out, type ResultsReport } from '../iam-output.js';

export interface ApplyArgs extends ClusterArgs {
  uid?: string;
  /** `--gid`: grant to (revoke from) this group instead of an account. */
  gid?: string;
  pairs?: (string | number)[];
  from?: string;
  /** `revoke --from`: revoke even though the report's logs cover its window short or with gaps. */
  allowGaps?: boolean;
  /** `--json`: the results as one JSON document on stdout. */
  json?: boolean;
  /** `grant --from`: grant the findings of every account the file holds (else one account, or --uid). */
  allAccounts?: boolean;
  /** `grant --from`: grant derived findings (inferred mappings) too; without it they are left out. */
  allowDerived?: boolean;
}

/** `RID ACTION [RID ACTION]...` for one uid, or with `gid` for that group. */
export function pairsFromArgs(uid: string | undefined, rest: readonly (string | number)[], op: string, gid?: string): GrantPair[] {
  if (uid && gid !== undefined) throw new UsageError(`${op} takes --uid (an account) or --gid (a group), not both`, `audit2grant ${op} --gid ${gid} RID ACTION [RID ACTION]...`);
  if (!uid && gid === undefined) throw new UsageError(`${op} needs --uid UID (or --gid GROUP)`, `audit2grant ${op} --uid UID RID ACTION [RID ACTION]...`);
  const who = gid !== undefined ? `--gid ${gid}` : `--uid ${uid}`;
  if (rest.length === 0) throw new UsageError(`${op} needs at least one RID ACTION pair`, `audit2grant ${op} ${who} RID ACTION`);
  if (rest.length % 2 !== 0) throw new UsageError(`${op} takes RID ACTION pairs: got ${rest.length} word${rest.length === 1 ? "" : "s"} (an odd number)`, `audit2grant ${op} ${who} RID ACTION [RID ACTION]...`);
  const pairs: GrantPair[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const rid = String(rest[i]);
    const action = String(rest[i + 1]);
    pairs.push(gid !== undefined ? { uid: '', rid, action, gid } : { uid: uid as string, rid, action });
  }
  return pairs;
}

function validateAll(pairs: readonly GrantPair[]): void {
  for (const p of pairs) {
    const bad = validatePair(p);
    if (bad) throw new UsageError(bad, 'nothing was sent');
  }
}

export async function runApply(op: 'grant' | 'revoke', given: ApplyArgs, ctx: CommandContext, out: Out = processOut, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const uid = singleUid(given.uid, op);
  // With --from the uid picks the file's findings: checked (and trimmed) as scan checks it, since a
  // value no account can have would pick nothing and end "nothing to grant", exit 0. With pairs,
  // the policy refuses such a uid itself.
  const args: ApplyArgs = { ...given, uid: uid !== undefined && given.from !== undefined ? checkedUid(uid, op, false) : uid };
  const gid = gidOf(args, op);
  const json = !!args.json;
  checkStdinOnce(args, args.from === '-' ? '--from -' : null);
  if (args.allAccounts && (op !== 'grant' || args.from === undefined)) throw new UsageError('--all-accounts goes with grant --from FILE', 'audit2grant grant --from findings.json --all-accounts');
  if (args.allowDerived && (op !== 'grant' || args.from === undefined)) throw new UsageError('--allow-derived goes with grant --from FILE', 'audit2grant grant --from findings.json --allow-derived');
  if (args.allAccounts && args.uid !== undefined) throw new UsageError('give --uid (one account\'s findings) or --all-accounts (every account\'s), not both');
  // A dry run's cluster, resolved once (its warnings said once) when first asked.
  let dryTarget: string | null | undefined;
  const dryCluster = (): string | null => (dryTarget === undefined ? (dryTarget = dryRunCluster(args, env, (w) => out.stderr(`warning: ${w}\n`))) : dryTarget);
  const report = (r: Omit<ResultsReport, 'op'>): void => {
    if (json) printJsonReport(out, { op, ...r });
    else {
      printResults(out, r.results);
      printStopped(out, r.stopped);
    }
  };
  let pairs: GrantPair[];
  // `revoke --from` connects first (its cautions depend on who we act as, and the report must be
  // about this cluster); the client is then the one used below.
  let early: IamClient | null = null;
  if (args.from !== undefined && op === 'revoke') {
    if (args.pairs?.length) throw new UsageError('give either --from FILE or RID ACTION pairs, not both');
    if (gid !== undefined) throw new UsageError('revoke --from takes an account\'s unused grants back from the account: no --gid', 'grants held through a group are listed by `unused` but never revoked from the account');
    const where = args.from === '-' ? 'stdin' : args.from;
    const { readUnusedJson, revokesOf } = await import('../revoke/from.js');
    // Read and checked before connecting: a bad file fails first.
    const file = readUnusedJson(await readFindingsFile(args.from, undefined, ctx.signal), where, args.uid);
    for (const w of file.warnings) out.stderr(`warning: ${where}: ${w}\n`);
    if (file.incomplete !== null) {
      // No flag takes this: what went unread may hold the uses, and nothing in the report can say.
      throw new UsageError(
        `${where}: its read was not whole (${file.incomplete}): a use could be in what went unread: nothing was revoked`,
        'make the report again once every source reads whole: every node\'s journal (dcos://all, --all-nodes)',
      );
    }
    if (file.coverageFault !== null) {
      if (!args.allowGaps) {
        throw new UsageError(
          `${where}: ${safeText(file.coverageFault)}: its "unused" only means unused in what was read: nothing was revoked`,
          'read logs covering the whole window (every node\'s journal, --since 30d) and make the report again, or pass --allow-gaps to revoke what was unused in what was read',
        );
      }
      out.stderr(`warning: ${where}: ${safeText(file.coverageFault)}: revoking anyway (--allow-gaps)\n`);
    }
    const elsewhere = (url: string, dry: boolean): UsageError =>
      new UsageError(
        `${dry ? 'dry run: a real run would refuse: ' : ''}${where} is about ${file.cluster === null ? 'no cluster' : `cluster ${safeText(file.cluster)}`}, not ${safeText(url)}: nothing ${dry ? 'would be' : 'was'} revoked`,
        `connect to the cluster the report was made against, or make the report against this one (audit2grant unused --uid ${file.uid} ...)`,
      );
    // Where a real run would act: the cluster it connects to (a dry run: the one configured).
    let target: string | null;
    if (!args.dryRun) {
      early = await connectIam({ flags: clusterFlags(args), env, signal: ctx.signal, onWarning: (w) => out.stderr(`warning: ${w}\n`) });
      target = early.clusterUrl;
      if (!sameCluster(file.cluster, target)) {
        early.close();
        throw elsewhere(target, false);
      }
    } else {
      target = dryCluster();
      if (target !== null && !sameCluster(file.cluster, target)) throw elsewhere(target, true);
    }
    // Rated as the account we act as: the connected one, or for a dry run --login-uid.
    const parsed = revokesOf(file, { allowDangerous: !!args.allowDangerous, policy: { actingUid: early ? early.actingUid : (args.loginUid ?? null) } });
    for (const n of parsed.notes) out.stderr(`note: ${n}\n`);
    pairs = parsed.pairs;
    if (pairs.length === 0) {
      early?.close();
      out.stderr(`nothing to revoke: ${where} has no unused direct grant of ${safeText(file.uid)} to take back\n`);
      return;
    }
    // The account comes from the file: say whose grants and where, before anything is sent.
    const what = `${pairs.length} unused grant${pairs.length === 1 ? '' : 's'} of account ${safeText(file.uid)}`;
    out.stderr(`revoking ${what} on ${target !== null ? safeText(target) : `no cluster (none configured: a real run must connect to ${safeRedacted(file.cluster ?? 'the report\'s cluster, which it does not name')})`} (from ${where})\n`);
    // Taking rights away in bulk can stop a service: a real run asks first (or takes --yes), as undo
    // does before it grants them back. A dry run without a terminal refuses as the real run would.
    if (!args.yes && !canAsk()) {
      early?.close();
      if (args.dryRun) throw new UsageError(`dry run: a real run here would refuse: revoke --from takes ${what} away: unattended, it needs --yes: nothing would be revoked`, 'run it with --yes (the dry run too, to see the requests)');
      throw new UsageError(`revoke --from takes ${what} away: unattended, it needs --yes: nothing was revoked`, 'look at them first with --dry-run --yes, then run it again with --yes');
    }
    if (!args.dryRun && !args.yes) {
      for (const p of pairs) out.stderr(`  ${asciiText(p.rid)} ${asciiText(p.action)}\n`);
      if (!(await askYesNo(`Revoke ${pairs.length === 1 ? 'this grant' : `these ${pairs.length} grants`}?`, ctx.signal))) {
        early?.close();
        if (json) report({ dryRun: false, cluster: null, session: null, results: [] });
        out.stderr('nothing was revoked: not confirmed\n');
        ctx.setExitCode(EXIT.usage); // as a grant the operator did not confirm
        return;
      }
    }
  } else if (args.from !== undefined) {
    if (args.pairs?.length) throw new UsageError('give either --from FILE or RID ACTION pairs, not both');
    const where = args.from === '-' ? 'stdin' : args.from;
    const parsed = pairsFromScanJson(await readFindingsFile(args.from, undefined, ctx.signal), where, args.uid, !!args.allowDerived);
    checkAccounts(parsed, where, args);
    if (parsed.partial) out.stderr(`warning: ${safeText(parsed.partial)}\n`);
    for (const n of parsed.notes) out.stderr(`note: ${n}\n`);
    // With --gid, each finding's permission goes to the group (one grant per permission).
    pairs = gid === undefined ? parsed.pairs : parsed.pairs.map((p) => ({ ...p, gid }));
    // Nothing granted only for want of --allow-derived: refused as a pair lacking its consent flag
    // is (a usage error, exit 2), not "nothing to grant", exit 0, which reads as all done.
    if (pairs.length === 0 && parsed.derivedLeftOut > 0) {
      const n = parsed.derivedLeftOut;
      throw new UsageError(`nothing was granted from ${where}: ${n} derived finding(s) left out`, 'pass --allow-derived to grant them (check each inferred mapping first)');
    }
    if (pairs.length === 0) {
      out.stderr(`nothing to grant: ${where} has no grantable finding${args.uid ? ` for ${args.uid}${otherAccountsHint(parsed, args.uid)}` : ''}\n`);
      return;
    }
    // The accounts come from the file: say whose, how many and where, before anything is sent.
    const summary = fromSummary(parsed, where, { grants: uniquePairs(pairs).length, gid, cluster: args.dryRun ? dryCluster() : dryRunCluster(args, env), dryRun: !!args.dryRun });
    for (const line of summary) out.stderr(`${line}\n`);
  } else {
    pairs = pairsFromArgs(args.uid, args.pairs ?? [], op, gid);
  }
  try {
    await applyPairs(op, args, ctx, out, env, uniqueValid(pairs), early, report, dryCluster);
  } finally {
    early?.close();
  }
}

function uniqueValid(pairs: GrantPair[]): GrantPair[] {
  validateAll(pairs);
  return uniquePairs(pairs);
}

async function applyPairs(
  op: 'grant' | 'revoke', args: ApplyArgs, ctx: CommandContext, out: Out, env: NodeJS.ProcessEnv, pairs: GrantPair[],
  early: IamClient | null, report: (r: Omit<ResultsReport, 'op'>) => void, dryCluster: () => string | null,
): Promise<void> {
  const gid = gidOf(args, op);
  const json = !!args.json;

  // Rails for the whole batch before anything else. A run can ask only on a terminal, so without one
  // what needs a confirmation is refused (--yes gives it). A dry run judges as a real run would here:
  // on a terminal it notes what would be asked; without one it refuses what a real run would refuse.
  let yes = !!args.yes;
  const mode = canAsk() ? 'interactive' : 'unattended';
  const railOpts = () => ({ op, mode, allowDangerous: !!args.allowDangerous, forceNative: !!args.forceNative, yes }) as const;
  let rails = checkRails(pairs, railOpts());
  const notes = new Map<GrantPair, string>();
  let declined = false;
  if (rails.refused.length === 0 && rails.confirm.length > 0) {
    if (args.dryRun) {
      for (const d of rails.confirm) notes.set(d.pair, d.reason);
      yes = true;
    } else {
      const n = rails.confirm.length;
      const to = gid !== undefined ? ` to group ${gid} (every member gets ${n === 1 ? 'it' : 'them'})` : '';
      yes = await confirmGrants(out, rails.confirm, to, ctx.signal);
      declined = !yes;
    }
    rails = checkRails(pairs, railOpts());
  }
  if (!rails.ok) {
    // The operator said no: say so before what was asked.
    const final = rails;
    const results = refusedBatch(final).map((r, i) => (declined && final.decisions[i]?.verdict === 'confirm' ? { ...r, detail: `not confirmed: ${r.detail}` } : r));
    report({ dryRun: !!args.dryRun, cluster: null, session: null, results });
    const done = op === 'grant' ? 'granted' : 'revoked';
    out.stderr(args.dryRun ? `dry run: a real run here would refuse: nothing would be ${done}: the batch is applied whole or not at all\n` : `nothing was ${done}: the batch is applied whole or not at all\n`);
    const next = op === 'grant' && !declined ? wayForward(final.refused, args) : null;
    if (next) out.stderr(`  hint: ${safeRedacted(next)}\n`);
    // Nothing failed: the request itself was refused (invalid, or needs a flag it did not carry).
    ctx.setExitCode(EXIT.usage);
    return;
  }
  if (args.dryRun) {
    // A real run's client says these itself, before it sends (onWarning below): said once either way.
    for (const w of rails.warnings) out.stderr(`warning: ${w}\n`);
    const url = dryCluster();
    const results = printDryRun(out, pairs, op, url, notes, json);
    if (json) printJsonReport(out, { op, dryRun: true, cluster: url, session: null, results });
    return;
  }

  const client = early ?? (await connectIam({ flags: clusterFlags(args), env, signal: ctx.signal, onWarning: (w) => out.stderr(`warning: ${w}\n`) }));
  const unregister = onCleanup(() => client.close());
  try {
    const outcome = op === 'grant'
      ? await client.grant(pairs, { allowDangerous: !!args.allowDangerous, forceNative: !!args.forceNative, yes })
      // Only a revoke of grants found unused is recorded as one `undo` grants back.
      : await client.revoke(pairs, { forceNative: !!args.forceNative, regrantable: args.from !== undefined });
    report({ dryRun: false, cluster: client.clusterUrl, session: client.sessionId, results: outcome.results, stopped: outcome.stopped });
    // Interrupted (Ctrl-C, SIGTERM): the results above say what was done, the stop's hint the session and what next.
    if (outcome.interrupted) {
      ctx.setExitCode(EXIT.failed);
      return;
    }
    if (op === 'revoke') for (const n of await stillHeldNotes(client, outcome.results)) out.stderr(`note: ${safeText(n)}\n`);
    if (op === 'grant' && outcome.results.some((r) => r.outcome === 'granted')) {
      out.stderr(`session ${client.sessionId} (undo with: audit2grant undo --session ${client.sessionId})\n`);
    }
    if (op === 'revoke' && args.from !== undefined) {
      const revoked = outcome.results.filter((r) => r.outcome === 'revoked');
      // Said now, not promised: undo would refuse them.
      const never = revoked.filter(neverGrantedBack);
      if (revoked.length > never.length) out.stderr(`session ${client.sessionId} (undo grants it back, asking first as grant does: audit2grant undo --session ${client.sessionId})\n`);
      if (never.length > 0) {
        const list = never.map((r) => `${asciiText(r.rid)} ${asciiText(r.action)}`).join(', ');
        out.stderr(`note: undo never grants back what is DANGEROUS (${list}): if the account needs it again, grant it by hand (audit2grant grant … --allow-dangerous)\n`);
      }
    }
    if (outcome.results.some((r) => r.outcome === 'failed' || r.outcome === 'refused')) ctx.setExitCode(EXIT.failed);
  } finally {
    client.close();
    unregister();
  }
}
