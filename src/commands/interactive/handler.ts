// `audit2grant [SOURCE...] --uid UID` on a terminal: resolve the flags, connect to the cluster (or
// run read-only when none is configured), start the scan (which follows ssh:// and plain local
// files live unless --no-follow), and run the interactive loop.
import '../../ui/prod-env.js'; // first: React must see NODE_ENV before it loads
import { clusterFlags, type ClusterArgs } from '../options/cluster.js';
import { gidOf, type GidArgs } from '../options/group.js';
import { scanFilterOf, scanYearOf, type ScanArgs } from '../options/scan.js';
import { liveSourceInput } from '../live-input.js';
import { ignoredFlagsNotice } from './headless-flags.js';
import type { SshArgs } from '../options/ssh.js';
import { EXIT, UsageError } from '../../errors.js';
import { connectIam, type IamClient } from '../../iam/client.js';
import { resolveCluster, uncheckedClusterTls } from '../../cluster/credentials.js';
import { uncheckedTlsNote } from '../../cluster/tls.js';
import { warningNote } from '../../core/source-notes.js';
import { newSessionId } from '../../iam/ledger.js';
import { fileExporter } from '../../ui/adapters/exporter.js';
import { grantPortFromClient } from '../../ui/adapters/grant-port.js';
import { preStarted } from '../../ui/adapters/scan-job.js';
import { workerScanJobFactory } from '../../ui/adapters/worker-scan-job.js';
import { usageScanFactory } from '../../ui/adapters/usage-scan.js';

export interface InteractiveArgs extends ScanArgs, ClusterArgs, SshArgs, GidArgs {
  sources?: string[];
  quietPeriod: number;
}

export async function runInteractiveCommand(a: InteractiveArgs, signal: AbortSignal): Promise<number> {
  const sources = (a.sources ?? []).map(String);
  if (!sources.length && !a.allNodes) throw new UsageError('give at least one SOURCE to watch (a file, directory, bundle, ssh://host, or dcos://all)', 'no cluster at hand? try `audit2grant demo`');
  if (sources.includes('-')) throw new UsageError('the interactive loop cannot read - (stdin): stdin is the terminal', 'save the log to a file, or pipe it to `audit2grant scan -`');
  if (!Number.isFinite(a.quietPeriod) || a.quietPeriod <= 0) throw new UsageError('--quiet-period must be a positive number of seconds');
  const filter = scanFilterOf(a, Date.now());
  const gid = gidOf(a, 'the interactive loop') ?? null;
  const year = scanYearOf(a);
  // Flags only `scan` uses are said to be ignored once the flags are known good, before the loop starts.
  const notice = ignoredFlagsNotice(a);
  if (notice) process.stderr.write(`${notice}\n`);
  const follow = a.follow ?? true; // the loop is live by nature; --no-follow reads once
  const { sources: all, ssh, dcos } = await liveSourceInput(a, sources, { since: filter.since, until: filter.until, follow }, signal);

  const flags = clusterFlags(a);
  const warnings: string[] = [];
  // Overlap the slow parts: the scan starts, the cluster login runs and the UI loads at once.
  // The scan runs in a worker thread: the UI thread only draws and reads keys. The ssh and dcos
  // options are plain data (a service login's key is a KeyObject, which crosses threads).
  const scan = preStarted(workerScanJobFactory({ sources: all, filter, year, follow, ssh, dcos }));
  const ui = import('../../ui/mount.js');
  let client: IamClient | null = null;
  try {
    const resolved = resolveCluster(flags, process.env, { needAuth: false });
    const wantCluster = resolved.clusterUrl !== null;
    if (!wantCluster) process.stderr.write('audit2grant: no cluster configured (--cluster-url, DCOS_URL or the DC/OS CLI): read-only, grants are disabled\n');
    // The signal stops the login, never a request the loop sends later: at Ctrl-C or SIGTERM the loop
    // stops its batch between pairs and waits for the answer to the pair in flight (README).
    const connecting = new AbortController();
    const stopConnecting = (): void => connecting.abort(signal.reason);
    if (signal.aborted) stopConnecting();
    else signal.addEventListener('abort', stopConnecting, { once: true });
    const [{ runInteractive }, c] = await Promise.all([ui, wantCluster ? connectIam({ flags, signal: connecting.signal, onWarning: (w) => warnings.push(w) }) : null]).finally(() =>
      signal.removeEventListener('abort', stopConnecting),
    );
    client = c;
    for (const w of warnings.splice(0)) process.stderr.write(`audit2grant: warning: ${w}\n`);
    const sessionId = client?.sessionId ?? newSessionId();
    const uid = filter.uids.length === 1 ? (filter.uids[0] ?? null) : null;
    const r = await runInteractive({
      uid,
      uids: filter.uids,
      // The held-not-used list (v): the same sources read once for the account's allows, only when opened.
      usage: client && uid !== null ? usageScanFactory({ sources: all, filter, year, ssh, dcos }) : null,
      startScan: scan.start,
      grants: client ? grantPortFromClient(client, !!a.dryRun, gid) : null,
      exporter: fileExporter(process.cwd(), sessionId),
      sessionId,
      quietMs: a.quietPeriod * 1000,
      allowDangerous: !!a.allowDangerous,
      forceNative: !!a.forceNative,
      assumeYes: !!a.yes,
      // The warning printed above scrolls away under the loop: the banner keeps it in view.
      notes: client && uncheckedClusterTls(resolved) ? [warningNote(uncheckedTlsNote(resolved.tls, "the IAM's"))] : [],
      signal,
    });
    // README: 1 when a source, the network or the IAM failed (here: at quit, or every grant sent).
    return r?.outcome.code ?? EXIT.ok;
  } finally {
    scan.stop();
    client?.close();
    for (const w of warnings) process.stderr.write(`audit2grant: warning: ${w}\n`);
  }
}
