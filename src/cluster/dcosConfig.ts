// Reads the DC/OS CLI configuration so an existing `dcos auth login` is reused: the current layout
// (`$DCOS_DIR/clusters/<id>/dcos.toml` + an empty `attached` file; `$DCOS_CLUSTER` picks by name or
// id; a lone cluster is current by itself; two `attached` is an error) and the legacy one
// (`$DCOS_DIR/dcos.toml` or `$DCOS_CONFIG`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { UsageError } from '../errors.js';

export interface DcosCliConfig {
  /** The dcos.toml read. */
  file: string;
  /** Cluster directory (current layout) or null (legacy). */
  clusterDir: string | null;
  dcosUrl: string | null;
  token: string | null;
  /** Raw `core.ssl_verify` ('' when absent). */
  sslVerify: string;
  name: string | null;
  /** `core.ssh_user` and `core.ssh_proxy_ip` (for `--all-nodes`: the SSH user and the jump host). */
  sshUser?: string | null;
  sshProxyIp?: string | null;
}

export function dcosDir(env: NodeJS.ProcessEnv): string {
  return env.DCOS_DIR || join(env.HOME || homedir(), '.dcos');
}

/** The config of the current cluster, or null when there is none. Throws UsageError on a broken setup. */
export function loadDcosConfig(env: NodeJS.ProcessEnv): DcosCliConfig | null {
  const dir = dcosDir(env);
  const clustersDir = join(dir, 'clusters');
  const ids = listDirs(clustersDir);
  if (ids.length > 0) {
    const read = (id: string) => readToml(join(clustersDir, id, 'dcos.toml'), join(clustersDir, id));
    if (env.DCOS_CLUSTER) {
      const want = env.DCOS_CLUSTER;
      const byId = ids.find((id) => id === want);
      if (byId) return read(byId);
      const byName = ids.map(read).filter((c) => c.name === want);
      const [only] = byName;
      if (only && byName.length === 1) return only;
      if (byName.length > 1) throw new UsageError(`DCOS_CLUSTER=${want} names ${byName.length} clusters in ${clustersDir}`, 'set DCOS_CLUSTER to the cluster id instead');
      throw new UsageError(`DCOS_CLUSTER=${want} matches no cluster in ${clustersDir}`, 'run `dcos cluster list` to see the names and ids');
    }
    const attached = ids.filter((id) => existsSync(join(clustersDir, id, 'attached')));
    if (attached.length > 1) {
      throw new UsageError(`the DC/OS CLI config has ${attached.length} attached clusters (${attached.join(', ')})`, 'run `dcos cluster attach <name>` or set DCOS_CLUSTER');
    }
    const [current] = attached.length === 1 ? attached : ids.length === 1 ? ids : [];
    if (current !== undefined) return read(current);
    return null; // several clusters, none attached: no current cluster
  }
  const legacy = env.DCOS_CONFIG || join(dir, 'dcos.toml');
  return existsSync(legacy) ? readToml(legacy, null) : null;
}

function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => {
      try {
        return statSync(join(dir, n)).isDirectory();
      } catch {
        return false;
      }
    }).sort();
  } catch {
    return [];
  }
}

function readToml(file: string, clusterDir: string | null): DcosCliConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the DC/OS CLI config ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'fix or remove it, or pass --cluster-url and credentials');
  }
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    // smol-toml messages quote the offending line, which may hold a token: keep only the position.
    const m = /line (\d+)/i.exec((e as Error).message);
    throw new UsageError(`the DC/OS CLI config ${file} is not valid TOML${m ? ` (line ${m[1]})` : ''}`, 'fix it, or pass --cluster-url and credentials');
  }
  const core = (doc.core ?? {}) as Record<string, unknown>;
  const cluster = (doc.cluster ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const ssl = core.ssl_verify;
  return {
    file,
    clusterDir,
    dcosUrl: str(core.dcos_url),
    token: str(core.dcos_acs_token),
    sslVerify: typeof ssl === 'boolean' ? String(ssl) : typeof ssl === 'string' ? ssl : '',
    name: str(cluster.name),
    sshUser: str(core.ssh_user),
    sshProxyIp: str(core.ssh_proxy_ip),
  };
}

/** `ssl_verify` / `DCOS_SSL_VERIFY`: '' = verify with system roots; a boolean word = verify or not; else a CA path. */
export function interpretSslVerify(v: string): { insecure: boolean; caPath: string | null } {
  const t = v.trim();
  if (t === '') return { insecure: false, caPath: null };
  if (/^(true|yes|1|on)$/i.test(t)) return { insecure: false, caPath: null };
  if (/^(false|no|0|off)$/i.test(t)) return { insecure: true, caPath: null };
  return { insecure: false, caPath: t };
}
