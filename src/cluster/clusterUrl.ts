// The cluster URL is checked where it enters (--cluster-url, DCOS_URL, the DC/OS CLI's dcos_url),
// before it reaches a message, a dry run, the ledger or a request (docs/iam-api.md, "Where and how").
// A user name and password in it are refused, not used: DC/OS authenticates with a token or a login,
// never HTTP basic auth, so they would be sent for nothing, and every place that shows the URL would
// have to hide them. A query or fragment is refused too: requests keep only the path, so it would be
// dropped silently, and `?token=…` is a secret. The refusal names where the URL came from and shows
// it through redactUrls, never the secret.
import { redactUrls } from '../core/redact.js';
import { UsageError } from '../errors.js';

/** The cluster URL cannot be used: a dry run says so too, rather than fall back to "no cluster". */
export class ClusterUrlError extends UsageError {}

const EXAMPLE = 'e.g. --cluster-url https://master.example.com (the URL `dcos cluster setup` was given)';

/** `raw` without trailing slashes when it can be the cluster URL; a UsageError naming `from` otherwise. */
export function checkedClusterUrl(raw: string, from: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Unparsed, the text's user-info cannot be told reliably: quoted only when it has none.
    const shown = raw.includes('@') ? '' : ` (${JSON.stringify(redactUrls(raw).slice(0, 200))})`;
    throw new ClusterUrlError(`the cluster URL from ${from} is not a URL${shown}`, `pass the scheme and host, ${EXAMPLE}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ClusterUrlError(`the cluster URL from ${from} must start with https:// or http:// (not ${url.protocol})`, EXAMPLE);
  }
  if (url.username || url.password) {
    throw new ClusterUrlError(
      `the cluster URL from ${from} holds a user name or password (${redactUrls(url.href)}): audit2grant does not send them, DC/OS authenticates with a token or a login`,
      `remove "user:password@" from it; authenticate with --token, --login-uid with --private-key/--sa-secret/DCOS_PASSWORD, DCOS_ACS_TOKEN, or \`dcos auth login\``,
    );
  }
  if (url.search || url.hash) {
    throw new ClusterUrlError(
      // Neither is shown: any of it may be a secret, whatever its name.
      `the cluster URL from ${from} has a query or fragment, which audit2grant would drop (${url.origin}${url.pathname}${url.search ? '?…' : ''}${url.hash ? '#…' : ''})`,
      `give only scheme, host, port and path prefix, ${EXAMPLE}`,
    );
  }
  // The parsed form: what requests use, so what is shown and recorded is what is sent to.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * A loopback host: plain HTTP to it crosses no network. 127/8 only as an address (the URL parser
 * writes every IPv4 form, `127.1` too, as four numbers): `127.0.0.1.example.com` is a DNS name.
 */
export function isLoopbackUrl(url: string): boolean {
  try {
    const h = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
  } catch {
    return false;
  }
}
