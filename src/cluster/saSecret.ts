// The secret-store form of a service-account credential (`--sa-secret`), and the cluster its
// `login_endpoint` names. A signed login token can be replayed, for its five minutes, at any
// cluster that trusts the key; with one key on several clusters, the login and the grants after it
// must go to the cluster the operator means. So a cluster from DCOS_URL or the DC/OS CLI (often
// the attached cluster, set long ago) that is not the login_endpoint's is refused; --cluster-url
// naming it is the operator's explicit choice, and goes ahead with a warning (docs/iam-api.md).
import { UsageError } from '../errors.js';
import { ClusterUrlError } from './clusterUrl.js';

export interface SaSecret { uid: string; privateKey: string; loginEndpoint: string | null }

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

/**
 * The origin (scheme, host, port) of the cluster a login_endpoint names, or null when it names
 * none that can be compared: not an http(s) URL, or a name only the cluster's own DNS answers
 * (`master.mesos`, `leader.mesos`, `*.thisdcos.directory`: the form of secrets made for tasks
 * inside a cluster), which every cluster shares.
 */
function endpointOrigin(loginEndpoint: string): string | null {
  let u: URL;
  try {
    u = new URL(loginEndpoint);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (/\.(mesos|thisdcos\.directory|dcos\.directory)\.?$/i.test(u.hostname)) return null;
  return u.origin;
}

/**
 * What to do when the cluster resolved (`url`, from `urlFrom`) is not the one the secret's
 * login_endpoint names: null when they agree or cannot be compared, a warning when --cluster-url
 * chose it; a refusal otherwise (a ClusterUrlError, so that a dry run refuses it too).
 */
export function endpointMismatch(loginEndpoint: string | null, url: string, urlFrom: string, file: string): string | null {
  const ep = loginEndpoint === null ? null : endpointOrigin(loginEndpoint);
  if (ep === null || ep === new URL(url).origin) return null;
  if (urlFrom === '--cluster-url') return `the --sa-secret file ${file} was made for ${ep} (its login_endpoint); logging in to ${url} instead, as --cluster-url asks`;
  throw new ClusterUrlError(
    `the --sa-secret file ${file} was made for ${ep} (its login_endpoint), but the cluster is ${url} (from ${urlFrom}): its signed login is not sent to another cluster unasked`,
    `pass --cluster-url ${ep} to use the cluster the secret names, or --cluster-url ${url} if that account is meant to log in there`,
  );
}
