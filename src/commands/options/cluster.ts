// The cluster flags shared by grant, revoke, undo and the interactive loop (one definition, so
// every command spells and documents them the same way).
import type { Argv } from 'yargs';
import { resolveCluster, type ClusterFlags } from '../../cluster/credentials.js';
import { UsageError } from '../../errors.js';

export interface ClusterArgs extends ClusterFlags {
  dryRun?: boolean;
  yes?: boolean;
  allowDangerous?: boolean;
  forceNative?: boolean;
}

const GROUP = 'Cluster options:';

/** Only the flags that say which cluster and which credentials (for `scan --all-nodes`). */
export function withClusterConnectionOptions<T>(y: Argv<T>): Argv<T & ClusterArgs> {
  return y
    .option('cluster-url', { type: 'string', group: GROUP, describe: 'DC/OS cluster URL (else DCOS_URL, else the DC/OS CLI config)' })
    .option('token', { type: 'string', group: GROUP, describe: 'DC/OS auth token (else DCOS_ACS_TOKEN, else the DC/OS CLI config); other users of this machine see it in `ps`: prefer --token-file or DCOS_ACS_TOKEN' })
    .option('token-file', { type: 'string', group: GROUP, describe: 'read the auth token from FILE (`-` = stdin), as --token but out of `ps`; a file others may read is warned about' })
    .option('ca-cert', { type: 'string', group: GROUP, describe: 'PEM CA bundle to trust (else DCOS_TLS_CA_PATH, else ssl_verify)' })
    .option('insecure', { type: 'boolean', group: GROUP, describe: 'do not verify the TLS certificate (dangerous)' })
    .option('login-uid', { type: 'string', group: GROUP, describe: 'log in as this account, with --private-key/--sa-secret or DCOS_PASSWORD' })
    .option('private-key', { type: 'string', group: GROUP, describe: "PEM file with the service account's private key (a warning if others may read it)" })
    .option('sa-secret', { type: 'string', group: GROUP, describe: 'service-account secret JSON file {"scheme":"RS256","uid","private_key","login_endpoint"} (a warning if others may read it); login_endpoint names the cluster when nothing else does, and a cluster from DCOS_URL or the DC/OS CLI config other than it is refused: --cluster-url picks another' }) as unknown as Argv<T & ClusterArgs>;
}

export function withClusterOptions<T>(y: Argv<T>): Argv<T & ClusterArgs> {
  return withClusterConnectionOptions(y)
    .option('dry-run', { type: 'boolean', group: GROUP, describe: 'print the HTTP requests and dcos commands, change nothing' })
    .option('yes', { type: 'boolean', alias: 'y', group: GROUP, describe: 'confirm without asking what needs a confirmation (SENSITIVE, not in the catalog, DANGEROUS with --allow-dangerous); without a terminal, the only way to grant them' })
    .option('allow-dangerous', { type: 'boolean', group: GROUP, describe: 'allow DANGEROUS permissions (dcos:superuser, task:user:root, root groups, ...), still confirmed (or --yes)' })
    .option('force-native', { type: 'boolean', group: GROUP, describe: 'allow changing dcos_marathon / dcos_metronome' }) as unknown as Argv<T & ClusterArgs>;
}

export function clusterFlags(a: ClusterArgs): ClusterFlags {
  return {
    clusterUrl: a.clusterUrl,
    token: a.token,
    tokenFile: a.tokenFile,
    caCert: a.caCert,
    insecure: a.insecure,
    loginUid: a.loginUid,
    privateKey: a.privateKey,
    saSecret: a.saSecret,
  };
}

/**
 * `--token-file -` reads stdin when the cluster is resolved: `other` (`--from -`, the SOURCE `-`)
 * would find it empty, so the two together are a usage error, before either is read.
 */
export function checkStdinOnce(a: ClusterArgs, other: string | null): void {
  if (a.tokenFile === '-' && other !== null) {
    throw new UsageError(`--token-file - and ${other} both read stdin: it can be read only once`, 'give the token in a file (--token-file FILE), or the other input as a file');
  }
}

/**
 * The cluster a real run would connect to, as a dry run knows it without connecting (null: none
 * configured). A dry run needs neither a cluster nor a credential, but what the options do give and
 * a real run would refuse (a --token-file or --sa-secret it cannot use, the URL, a CA file) is
 * refused here too, with its own reason, not taken for "no cluster". `warn` hears what the real
 * run would warn about.
 */
export function dryRunCluster(a: ClusterArgs, env: NodeJS.ProcessEnv, warn?: (w: string) => void): string | null {
  const r = resolveCluster(clusterFlags(a), env, { needAuth: false });
  if (warn) for (const w of r.warnings) warn(w);
  return r.clusterUrl;
}
