// dcos:// sources in `scan` and the interactive command: the specs are checked and the cluster and
// credentials resolved in the handler, before anything is read, so a typo or a missing login is a
// usage error (exit 2) and not one failed source among others. The reading account is compared to
// the target: its own log requests (Admin Router audits each one) are never its findings.
import { UsageError } from '../errors.js';
import { parseDcosSpec, SPEC_HINT, isDcosSpec } from '../sources/dcos/spec.js';
import type { DcosOptions } from '../sources/dcos/options.js';
import { clusterFlags, type ClusterArgs } from './options/cluster.js';

export interface DcosInputIo {
  env?: NodeJS.ProcessEnv;
  stderr?: { write(s: string): unknown };
}

/** The dcos:// sources' options, or undefined when no source is one; warnings and the reader note go to stderr. */
export async function dcosSourceInput(a: ClusterArgs & { uid?: string[]; units?: string[] }, sources: readonly string[], concurrency: number | undefined, io: DcosInputIo = {}): Promise<DcosOptions | undefined> {
  const specs = sources.filter(isDcosSpec);
  if (specs.length === 0) return undefined;
  for (const s of specs) {
    try {
      parseDcosSpec(s);
    } catch (e) {
      // The hint names the forms: said once, not at the end of the message too.
      throw new UsageError((e as Error).message.replace(`: ${SPEC_HINT}`, ''), SPEC_HINT);
    }
  }
  const [{ resolveDcosCluster }, { logDeadlineFromEnv }] = await Promise.all([import('../sources/dcos/connect.js'), import('../sources/dcos/options.js')]);
  const env = io.env ?? process.env;
  const deadlineMs = logDeadlineFromEnv(env);
  const cluster = resolveDcosCluster(clusterFlags(a), env);
  const err = io.stderr ?? process.stderr;
  for (const w of cluster.warnings) err.write(`audit2grant: warning: ${w}\n`);
  // --units is the SSH journalctl's (globs); the logging API filters on exact unit names, the audit writers'.
  if (a.units?.length) err.write('audit2grant: warning: --units applies to ssh:// sources only: dcos:// sources read the units that write audit records (docs/logging-api.md)\n');
  const targets = (a.uid ?? []).map((u) => String(u).trim());
  if (cluster.readerUid && targets.includes(cluster.readerUid)) {
    err.write(
      `audit2grant: note: the logs are read as ${cluster.readerUid}, the account under review: Admin Router records each log request ` +
        `under ${cluster.readerUid}, and those lines are left out of its findings (any other denial of it is kept)\n`,
    );
  } else if (!cluster.readerUid) {
    // A token that is no JWT may be opaque, or just wrong: not said to "name no account" then.
    const why = cluster.opaqueToken ? 'the auth token is no JWT, so the account it reads as is unknown' : 'the auth token names no account';
    err.write(`audit2grant: note: ${why}: the reader's own log requests cannot be told apart and may show as findings\n`);
  }
  return { cluster, concurrency, ...(deadlineMs !== undefined ? { deadlineMs } : {}) };
}
