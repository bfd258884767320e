// Where the cluster URL, the credentials and the TLS trust come from: flags beat environment beat
// the DC/OS CLI configuration. A token is only sent to the cluster it came with (DCOS_ACS_TOKEN with
// DCOS_URL when both are set, the config token with its dcos_url), so `--cluster-url` never leaks a
// stored token to another host. A DCOS_ACS_TOKEN set without DCOS_URL goes to the URL the user gave.
// Every token is checked where it enters (token.ts): one that cannot be sent in a header is a usage
// error naming its source, never its value; so is a cluster URL with a password or a query in it
// (clusterUrl.ts). Files holding a secret that other users may read are warned about (secretFile.ts);
// a --sa-secret whose login_endpoint names another cluster than the one resolved is refused
// unless --cluster-url chose it (saSecret.ts).
import { readFileSync } from 'node:fs';
import { redactUrls } from '../core/redact.js';
import { UsageError } from '../errors.js';
import { checkedClusterUrl, isLoopbackUrl } from './clusterUrl.js';
import type { LoginMethod } from './auth.js';
import { interpretSslVerify, loadDcosConfig, type DcosCliConfig } from './dcosConfig.js';
import { uncheckedTlsWarning, type TlsSettings } from './tls.js';
import { parsePrivateKey } from './jwt.js';
import { checkedToken } from './token.js';
import { endpointMismatch, parseSaSecret } from './saSecret.js';
import { readSecretFile } from './secretFile.js';

/** The cluster flags shared by grant, revoke, undo and the interactive loop. */
export interface ClusterFlags {
  clusterUrl?: string;
  token?: string;
  /** A file holding the token (`-`: stdin): as --token, without showing it to `ps`. */
  tokenFile?: string;
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

/** The cluster URL's own connection (the IAM's) is HTTPS whose certificate is not checked. */
export function uncheckedClusterTls(r: Pick<ResolvedCluster, 'clusterUrl' | 'tls'>): boolean {
  return !!r.tls.insecure && !!r.clusterUrl?.startsWith('https:');
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

/** A CA bundle: no secret, so no permission check; it must hold a certificate, or Node trusts nothing more. */
function readCaFile(file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path and its permissions');
  }
  // Node skips what is not a PEM certificate without a word: the file would add no trust, and
  // every untrusted answer would blame a CA that was never read.
  if (!/-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----/.test(text)) {
    throw new UsageError(`${what} ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`, "pass the cluster CA in PEM form: <cluster>/ca/dcos-ca.crt; a DER file converts with `openssl x509 -inform der -in FILE -out ca.pem`");
  }
  return text;
}

function keyFrom(pem: string, where: string) {
  try {
    return parsePrivateKey(pem, where);
  } catch (e) {
    throw new UsageError((e as Error).message, 'pass the PEM private key of the service account');
  }
}

/** The token of --token-file (`-`: stdin): its line end is no part of it. */
function tokenFromFile(file: string, warn: (w: string) => void): { token: string; from: string } {
  const from = file === '-' ? '--token-file - (stdin)' : `--token-file ${file}`;
  const text = readSecretFile(file, 'the --token-file', warn, { stdin: true }).replace(/[\r\n]+$/, '');
  return { token: checkedToken(text, from), from };
}

const SA_ENDPOINT = 'the login_endpoint of --sa-secret';

function truthy(v: string | undefined): boolean {
  return !!v && /^(1|true|yes|on)$/i.test(v.trim());
}

export function resolveCluster(flags: ClusterFlags, env: NodeJS.ProcessEnv, opts: { needAuth: boolean }): ResolvedCluster {
  const warnings: string[] = [];
  const warn = (w: string): void => void warnings.push(w);
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
  if (Array.isArray(flags.tokenFile)) throw new UsageError('--token-file is given more than once', 'give one file');
  if (flags.token && flags.tokenFile) throw new UsageError('give either --token or --token-file, not both');
  if (flags.token) {
    login = { kind: 'token', token: checkedToken(flags.token, '--token'), from: '--token' };
    authOrigin = '--token';
  } else if (flags.tokenFile) {
    const t = tokenFromFile(flags.tokenFile, warn);
    login = { kind: 'token', ...t };
    authOrigin = t.from;
  } else if (flags.saSecret) {
    const sa = parseSaSecret(readSecretFile(flags.saSecret, 'the --sa-secret file', warn), `the --sa-secret file ${flags.saSecret}`);
    const uid = flags.loginUid ?? sa.uid;
    login = { kind: 'service', uid, key: keyFrom(sa.privateKey, `the private_key of ${flags.saSecret}`) };
    authOrigin = `service login as ${uid} (--sa-secret)`;
    saEndpoint = sa.loginEndpoint;
  } else if (flags.privateKey) {
    if (!flags.loginUid) throw new UsageError('--private-key needs --login-uid (the service account it belongs to)');
    login = { kind: 'service', uid: flags.loginUid, key: keyFrom(readSecretFile(flags.privateKey, 'the --private-key file', warn), `the --private-key file ${flags.privateKey}`) };
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
        [url, urlOrigin] = [new URL(saEndpoint).origin, SA_ENDPOINT];
      } catch {
        /* not a URL: fall through to the "no cluster" error */
      }
    }
  }
  if (url) url = checkedClusterUrl(url, urlOrigin ?? 'the configuration');
  if (url && flags.saSecret && urlOrigin !== SA_ENDPOINT) {
    const w = endpointMismatch(saEndpoint, url, urlOrigin ?? 'the configuration', flags.saSecret);
    if (w) warnings.push(w);
  }

  // Stored tokens, only towards the cluster they belong to; why one is left unused is said, in
  // the warnings or, when nothing else authenticates, in the refusal itself.
  let acsUnused: string | null = null;
  let cfgUnused: string | null = null;
  if (!login && env.DCOS_ACS_TOKEN) {
    if (!env.DCOS_URL || sameCluster(env.DCOS_URL, url)) {
      login = { kind: 'token', token: checkedToken(env.DCOS_ACS_TOKEN, 'DCOS_ACS_TOKEN'), from: 'DCOS_ACS_TOKEN' };
      authOrigin = 'DCOS_ACS_TOKEN';
    } else {
      acsUnused = `DCOS_ACS_TOKEN is not used: it belongs to DCOS_URL=${redactUrls(env.DCOS_URL)}, not ${url}`;
    }
  }
  if (!login) {
    const c = configOrThrow();
    if (c?.token && sameCluster(c.dcosUrl, url)) {
      login = { kind: 'token', token: checkedToken(c.token, `${c.file} (dcos_acs_token)`), from: c.file };
      authOrigin = `the DC/OS CLI token in ${c.file}`;
    } else if (c?.token && url && c.dcosUrl) {
      cfgUnused = `the DC/OS CLI token in ${c.file} is not used: it belongs to ${redactUrls(c.dcosUrl)}, not ${url}`;
    }
  }

  const unused = [acsUnused, cfgUnused].filter((u) => u !== null);
  if (opts.needAuth) {
    if (!url) throw new UsageError('no cluster to talk to', 'pass --cluster-url URL, set DCOS_URL, or run `dcos cluster setup`');
    if (!login) {
      throw new UsageError(
        `no way to authenticate to ${url}${unused.length ? ` (${unused.join('; ')})` : ''}`,
        unused.length
          ? `give a credential for ${url} (--token, --token-file, or --login-uid with --private-key/--sa-secret/DCOS_PASSWORD), or use the token with the cluster it belongs to`
          : 'pass --token or --token-file, or --login-uid with --private-key/--sa-secret/DCOS_PASSWORD, set DCOS_ACS_TOKEN, or run `dcos auth login`',
      );
    }
  }
  // A DCOS_ACS_TOKEN set and left aside is news even when the config token stands in for it.
  if (acsUnused) warnings.push(acsUnused);

  // TLS trust.
  let tls: TlsSettings = {};
  let tlsOrigin = 'system roots';
  const caFrom = (path: string, origin: string) => {
    tls = { caPem: readCaFile(path, `the CA certificate (${origin})`), caPath: path, caOrigin: origin };
    tlsOrigin = `${origin} ${path}`;
  };
  const insecure = (origin: string) => {
    tls = { insecure: true, insecureOrigin: origin };
    tlsOrigin = origin;
  };
  // Verification stays on for a value that is no yes nor no, and the operator who set it hears why.
  if (env.DCOS_TLS_INSECURE?.trim() && !truthy(env.DCOS_TLS_INSECURE) && !/^(0|false|no|off)$/i.test(env.DCOS_TLS_INSECURE.trim())) {
    warnings.push('DCOS_TLS_INSECURE is set to neither 1/true/yes/on nor 0/false/no/off: ignored, certificates are verified');
  }
  if (flags.insecure) insecure('--insecure');
  else if (flags.caCert) caFrom(flags.caCert, '--ca-cert');
  else if (truthy(env.DCOS_TLS_INSECURE)) insecure('DCOS_TLS_INSECURE');
  else if (env.DCOS_TLS_CA_PATH) caFrom(env.DCOS_TLS_CA_PATH, 'DCOS_TLS_CA_PATH');
  else if (env.DCOS_SSL_VERIFY !== undefined) {
    const v = interpretSslVerify(env.DCOS_SSL_VERIFY);
    if (v.caPath) caFrom(v.caPath, 'DCOS_SSL_VERIFY');
    else if (v.insecure) insecure('DCOS_SSL_VERIFY');
  } else if (url) {
    const c = config();
    if (c && sameCluster(c.dcosUrl, url)) {
      const v = interpretSslVerify(c.sslVerify);
      if (v.caPath) caFrom(v.caPath, `ssl_verify in ${c.file}`);
      else if (v.insecure) insecure(`ssl_verify in ${c.file}`);
    }
  }
  if (cfgError && cfgLoaded) warnings.push(`ignoring the DC/OS CLI config: ${(cfgError as Error).message}`);
  if (url?.startsWith('http:') && login && !isLoopbackUrl(url)) {
    const what = login.kind === 'token' ? 'the token crosses' : 'the login credentials and the token cross';
    warnings.push(`${url} is plain HTTP: ${what} the network unencrypted; use the https:// URL`);
  }
  // A plain-HTTP URL makes no HTTPS request of its own; the sources that then read over HTTPS
  // warn themselves (dcos:// masters: sources/dcos/targets.ts).
  if (uncheckedClusterTls({ clusterUrl: url, tls })) warnings.push(uncheckedTlsWarning(tls, `the connection to ${url}`));

  return { clusterUrl: url, login, tls, warnings, origin: { url: urlOrigin, auth: authOrigin, tls: tlsOrigin } };
}
