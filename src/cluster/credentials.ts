// Where the cluster URL, the credentials and the TLS trust come from: flags beat environment beat
// the DC/OS CLI configuration. A token is only sent to the cluster it came with (DCOS_ACS_TOKEN with
// DCOS_URL when both are set, the config token with its dcos_url), so `--cluster-url` never leaks a
// stored token to another host. A DCOS_ACS_TOKEN set without DCOS_URL goes to the URL the user gave.
// Every token is checked where it enters (token.ts): one that cannot be sent in a header is a usage
// error naming its source, never its value; so is a cluster URL with a password or a query in it
// (clusterUrl.ts).
import { readFileSync } from 'node:fs';
import { redactUrls } from '../core/redact.js';
import { UsageError } from '../errors.js';
import { checkedClusterUrl, isLoopbackUrl } from './clusterUrl.js';
import type { LoginMethod } from './auth.js';
import { interpretSslVerify, loadDcosConfig, type DcosCliConfig } from './dcosConfig.js';
import type { TlsSettings } from './tls.js';
import { parsePrivateKey } from './jwt.js';
import { checkedToken } from './token.js';

/** The cluster flags shared by grant, revoke, undo and the interactive loop. */
export interface ClusterFlags {
  clusterUrl?: string;
  token?: string;
  caCert?: string;
  insecure?: boolean;
  loginUid?: string;
  privateKey?: string;
  saSecret?: string;
}

export interface ResolvedCluster {
  /** null only when authentication was not required (dry-run) and nothing named a cluster. */
  clusterUrl: string | null;
  login: LoginMethod | null;
  tls: TlsSettings;
  /** For stderr: e.g. TLS verification disabled. */
  warnings: string[];
  /** Where each part came from, e.g. `{url: 'DCOS_URL', auth: 'service login as ci (--sa-secret)'}`. */
  origin: { url: string | null; auth: string | null; tls: string };
}

/** A cluster URL as sameCluster compares it (origin and path, without trailing slashes): a map key. */
export function clusterKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.replace(/\/+$/, '');
  }
}

export function sameCluster(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return clusterKey(a) === clusterKey(b);
}

function readSecretFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path and its permissions');
  }
}

function keyFrom(pem: string, where: string) {
  try {
    return parsePrivateKey(pem, where);
  } catch (e) {
    throw new UsageError((e as Error).message, 'pass the PEM private key of the service account');
  }
}

interface SaSecret { uid: string; privateKey: string; loginEndpoint: string | null }

/** The `{"scheme":"RS256","uid","private_key","login_endpoint"}` credential; errors never quote it. */
export function parseSaSecret(text: string, where: string): SaSecret {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw new UsageError(`${where} is not JSON`, 'expected {"scheme":"RS256","uid":…,"private_key":…,"login_endpoint":…}');
  }
  const o = (j ?? {}) as Record<string, unknown>;
  if (typeof j !== 'object' || Array.isArray(j)) throw new UsageError(`${where} is not a JSON object`);
  if (o.scheme !== undefined && o.scheme !== 'RS256') throw new UsageError(`${where}: scheme must be RS256`);
  if (typeof o.uid !== 'string' || !o.uid) throw new UsageError(`${where}: missing "uid"`);
  if (typeof o.private_key !== 'string' || !o.private_key) throw new UsageError(`${where}: missing "private_key"`);
  return { uid: o.uid, privateKey: o.private_key, loginEndpoint: typeof o.login_endpoint === 'string' ? o.login_endpoint : null };
}

function truthy(v: string | undefined): boolean {
  return !!v && /^(1|true|yes|on)$/i.test(v.trim());
}

export function resolveCluster(flags: ClusterFlags, env: NodeJS.ProcessEnv, opts: { needAuth: boolean }): ResolvedCluster {
  const warnings: string[] = [];
  let cfgLoaded = false;
  let cfg: DcosCliConfig | null = null;
  let cfgError: unknown = null;
  const config = (): DcosCliConfig | null => {
    if (!cfgLoaded) {
      cfgLoaded = true;
      try {
        cfg = loadDcosConfig(env);
      } catch (e) {
        cfgError = e;
      }
    }
    return cfg;
  };
  const configOrThrow = () => {
    const c = config();
    if (cfgError) throw cfgError;
    return c;
  };

  // Explicit login credentials (flags).
  let login: LoginMethod | null = null;
  let authOrigin: string | null = null;
  let saEndpoint: string | null = null;
  // yargs makes a repeated string option an array: never join two tokens into one header.
  if (Array.isArray(flags.token)) throw new UsageError('--token is given more than once', 'give one token');
  if (flags.token) {
    login = { kind: 'token', token: checkedToken(flags.token, '--token'), from: '--token' };
    authOrigin = '--token';
  } else if (flags.saSecret) {
    const sa = parseSaSecret(readSecretFile(flags.saSecret, 'the --sa-secret file'), `the --sa-secret file ${flags.saSecret}`);
    const uid = flags.loginUid ?? sa.uid;
    login = { kind: 'service', uid, key: keyFrom(sa.privateKey, `the private_key of ${flags.saSecret}`) };
    authOrigin = `service login as ${uid} (--sa-secret)`;
    saEndpoint = sa.loginEndpoint;
  } else if (flags.privateKey) {
    if (!flags.loginUid) throw new UsageError('--private-key needs --login-uid (the service account it belongs to)');
    login = { kind: 'service', uid: flags.loginUid, key: keyFrom(readSecretFile(flags.privateKey, 'the --private-key file'), `the --private-key file ${flags.privateKey}`) };
    authOrigin = `service login as ${flags.loginUid} (--private-key)`;
  } else if (flags.loginUid) {
    if (env.DCOS_PASSWORD === undefined || env.DCOS_PASSWORD === '') {
      throw new UsageError(`--login-uid ${flags.loginUid} needs a credential`, 'add --private-key FILE or --sa-secret FILE (service account), or set DCOS_PASSWORD (user)');
    }
    login = { kind: 'password', uid: flags.loginUid, password: env.DCOS_PASSWORD };
    authOrigin = `login as ${flags.loginUid} (DCOS_PASSWORD)`;
  }

  // Cluster URL.
  let url: string | null = null;
  let urlOrigin: string | null = null;
  if (flags.clusterUrl) [url, urlOrigin] = [flags.clusterUrl, '--cluster-url'];
  else if (env.DCOS_URL) [url, urlOrigin] = [env.DCOS_URL, 'DCOS_URL'];
  else {
    const c = login ? config() : configOrThrow();
    if (c?.dcosUrl) [url, urlOrigin] = [c.dcosUrl, c.file];
    else if (saEndpoint) {
      try {
        [url, urlOrigin] = [new URL(saEndpoint).origin, 'the login_endpoint of --sa-secret'];
      } catch {
        /* not a URL: fall through to the "no cluster" error */
      }
    }
  }
  if (url) url = checkedClusterUrl(url, urlOrigin ?? 'the configuration');

  // Stored tokens, only towards the cluster they belong to.
  if (!login && env.DCOS_ACS_TOKEN) {
    if (!env.DCOS_URL || sameCluster(env.DCOS_URL, url)) {
      login = { kind: 'token', token: checkedToken(env.DCOS_ACS_TOKEN, 'DCOS_ACS_TOKEN'), from: 'DCOS_ACS_TOKEN' };
      authOrigin = 'DCOS_ACS_TOKEN';
    } else {
      warnings.push(`DCOS_ACS_TOKEN is not used: it belongs to DCOS_URL=${redactUrls(env.DCOS_URL)}, not ${url}`);
    }
  }
  if (!login) {
    const c = configOrThrow();
    if (c?.token && sameCluster(c.dcosUrl, url)) {
      login = { kind: 'token', token: checkedToken(c.token, `${c.file} (dcos_acs_token)`), from: c.file };
      authOrigin = `the DC/OS CLI token in ${c.file}`;
    }
  }

  if (opts.needAuth) {
    if (!url) throw new UsageError('no cluster to talk to', 'pass --cluster-url URL, set DCOS_URL, or run `dcos cluster setup`');
    if (!login) {
      throw new UsageError(
        `no way to authenticate to ${url}`,
        'pass --token, or --login-uid with --private-key/--sa-secret/DCOS_PASSWORD, set DCOS_ACS_TOKEN, or run `dcos auth login`',
      );
    }
  }

  // TLS trust.
  let tls: TlsSettings = {};
  let tlsOrigin = 'system roots';
  const caFrom = (path: string, origin: string) => {
    tls = { caPem: readSecretFile(path, `the CA certificate (${origin})`), caPath: path, caOrigin: origin };
    tlsOrigin = `${origin} ${path}`;
  };
  if (flags.insecure) [tls, tlsOrigin] = [{ insecure: true }, '--insecure'];
  else if (flags.caCert) caFrom(flags.caCert, '--ca-cert');
  else if (truthy(env.DCOS_TLS_INSECURE)) [tls, tlsOrigin] = [{ insecure: true }, 'DCOS_TLS_INSECURE'];
  else if (env.DCOS_TLS_CA_PATH) caFrom(env.DCOS_TLS_CA_PATH, 'DCOS_TLS_CA_PATH');
  else if (env.DCOS_SSL_VERIFY !== undefined) {
    const v = interpretSslVerify(env.DCOS_SSL_VERIFY);
    if (v.caPath) caFrom(v.caPath, 'DCOS_SSL_VERIFY');
    else if (v.insecure) [tls, tlsOrigin] = [{ insecure: true }, 'DCOS_SSL_VERIFY'];
  } else if (url) {
    const c = config();
    if (c && sameCluster(c.dcosUrl, url)) {
      const v = interpretSslVerify(c.sslVerify);
      if (v.caPath) caFrom(v.caPath, `ssl_verify in ${c.file}`);
      else if (v.insecure) [tls, tlsOrigin] = [{ insecure: true }, `ssl_verify in ${c.file}`];
    }
  }
  if (cfgError && cfgLoaded) warnings.push(`ignoring the DC/OS CLI config: ${(cfgError as Error).message}`);
  if (url?.startsWith('http:') && login && !isLoopbackUrl(url)) {
    const what = login.kind === 'token' ? 'the token crosses' : 'the login credentials and the token cross';
    warnings.push(`${url} is plain HTTP: ${what} the network unencrypted; use the https:// URL`);
  }
  if (tls.insecure && url?.startsWith('https:')) warnings.push(`TLS certificate verification is disabled (${tlsOrigin}): the connection to ${url} can be intercepted`);

  return { clusterUrl: url, login, tls, warnings, origin: { url: urlOrigin, auth: authOrigin, tls: tlsOrigin } };
}
