// `audit2grant unused`: the account's grants from the IAM, its allow lines from the sources (the
// usage scan), matched and judged in the core (core/usage), printed as table, json or dcos.
import { renderUnusedDcos, renderUnusedJson, renderUnusedTable } from '../../core/render/index.js';
import { sourceErrorText, safeText } from '../../core/text.js';
import { buildUnusedReport, unreadParts, type UnusedReport } from '../../core/usage/index.js';
import { EXIT, UsageError } from '../../errors.js';
import { connectIam } from '../../iam/client.js';
import { nodeCount } from '../../iam/nodeCount.js';
import { onCleanup } from '../../lifecycle.js';
import { progressOnStderr } from '../../pipeline/progress-line.js';
import { runUsageScan } from '../../pipeline/usage.js';
import { checkStdinOnce, clusterFlags, type ClusterArgs } from '../options/cluster.js';
import { checkSourceWords, scanFilterOf, scanYearOf } from '../options/scan.js';
import { checkedUid, singleUid } from '../options/uid.js';
import { outputFormatOf } from '../options/output.js';
import type { SshArgs } from '../options/ssh.js';
import { liveSourceInput } from '../live-input.js';

export interface UnusedArgs extends ClusterArgs, SshArgs {
  uid?: string;
  sources?: string[];
  since?: string;
  until?: string;
  year?: string;
  format?: 'table' | 'json' | 'dcos';
  json?: boolean;
}

export interface UnusedIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): UnusedIo => ({ stdout: (s) => void process.stdout.write(s), stderr: (s) => void process.stderr.write(s), env: process.env });

export async function runUnused(a: UnusedArgs, signal: AbortSignal, io: UnusedIo = defaultIo()): Promise<number> {
  const given = singleUid(a.uid, 'unused')?.trim();
  if (!given) throw new UsageError('unused needs --uid UID (the account whose grants are judged)', 'audit2grant unused --uid my-service SOURCE...');
  const uid = checkedUid(given, 'unused', false);
  checkSourceWords((a.sources ?? []).map(String), 'unused');
  checkStdinOnce(a, (a.sources ?? []).map(String).includes('-') ? 'the SOURCE -' : null);
  // SSH flags checked, --all-nodes expanded, the dcos:// cluster resolved (as scan does).
  const live = await liveSourceInput({ ...a, uid: [uid] }, (a.sources ?? []).map(String), { since: null, until: null, follow: false }, signal);
  const sources = live.sources;
  if (sources.length === 0) throw new UsageError('unused needs at least one SOURCE (where the account\'s allow lines are)', 'give a file, directory, glob, bundle, `-`, ssh://host or dcos://all, as for scan');
  const now = Date.now();
  const filter = scanFilterOf({ since: a.since, until: a.until }, now);
  const year = scanYearOf(a);
  const format = outputFormatOf(a, 'table');

  // The IAM first: a wrong login or an unknown account fails before the logs are read.
  const client = await connectIam({ flags: clusterFlags(a), env: io.env, signal, onWarning: (w) => io.stderr(`audit2grant: warning: ${w}\n`) });
  const unregister = onCleanup(() => client.close());
  let report: UnusedReport;
  try {
    const held = await client.holdings(uid);
    const nodes = await nodeCount(client);
    const started = performance.now();
    const usage = await runUsageScan(uid, {
      sources,
      filter: { uids: [], since: filter.since, until: filter.until },
      year,
      signal,
      ssh: live.ssh,
      dcos: live.dcos,
      // The sources' notes as scan prints them (an ssh config or TLS warning, the leader route); no progress line here.
      onProgress: progressOnStderr(io.stderr, null),
      onError: (e) => io.stderr(`audit2grant: ${sourceErrorText(e)}\n`),
    });
    // The report is of the account's allows: the deny findings' own warnings say nothing of it (its
    // allows no report can name are the report's own warning).
    const aboutDenials = new Set(['uid-not-seen', 'findings-not-kept', 'inexact-denials']);
    for (const w of usage.scan.warnings ?? []) if (!aboutDenials.has(w.kind)) io.stderr(`audit2grant: warning: ${safeText(w.message)}\n`);
    report = buildUnusedReport({
      uid,
      cluster: client.clusterUrl,
      made: now,
      held,
      uses: usage.uses,
      windows: usage.windows,
      stats: {
        sources: usage.scan.stats.sources,
        bytes: usage.scan.stats.bytes,
        lines: usage.scan.stats.lines,
        records: usage.records,
        allows: usage.allows,
        unverifiedLines: usage.scan.stats.unverifiedLines ?? 0,
        elapsedMs: performance.now() - started,
      },
      errors: usage.errors,
      componentSpans: usage.componentSpans,
      lostUid: usage.lostUid,
      unreadableOfUid: usage.unreadableOfUid,
      inexactAllows: usage.inexactAllows,
      untimed: usage.untimed,
      nodes,
      quietNodes: usage.quietNodes,
      interrupted: signal.aborted,
      // The scan stops at an interrupt with what it read so far: a partial read, said in the report.
      incomplete: unreadParts(usage.scan.warnings ?? [], signal.aborted),
      policy: { actingUid: client.actingUid },
      // The window asked: the coverage is judged from --since (else the first record) to `made`,
      // whatever --until says (report.ts windowEnd): until only left records out.
      asked: { since: filter.since, until: filter.until },
    });
  } finally {
    client.close();
    unregister();
  }
  for (const w of report.warnings) io.stderr(`audit2grant: warning: ${safeText(w.message)}\n`);
  io.stdout(format === 'json' ? renderUnusedJson(report) : format === 'dcos' ? renderUnusedDcos(report) : renderUnusedTable(report));
  if (signal.aborted) io.stderr('audit2grant: interrupted: the verdict above is partial\n');
  // A report that is not whole (docs/usage.md, "A whole read") exits 1 like a failed source: its rows are not acted on.
  return report.errors.length > 0 || signal.aborted || report.incomplete.length > 0 ? EXIT.failed : EXIT.ok;
}
