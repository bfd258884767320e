// TLS trust and the network error codes, shared by the one HTTP client (http.ts) and the logging
// API's streamed reads (sources/dcos/request.ts), so both trust the same roots and read the same
// failures the same way.
// node:https and node:tls load on first use: credentials.ts, which every command loads, takes its
// warning from here, and a scan of files makes no HTTPS request (test/e2e/scan-startup.test.ts).
import type { Agent } from 'node:https';
import type { SecureContext } from 'node:tls';
import { defaultStoreWithHidden } from './extra-ca.js';

export interface TlsSettings {
  /** PEM bundle trusted in addition to the system roots (the cluster CA). */
  caPem?: string;
  /** Where caPem came from, for messages. */
  caPath?: string;
  /** What named caPath (`--ca-cert`, `DCOS_TLS_CA_PATH`, …), for messages. */
  caOrigin?: string;
  /** Skip certificate verification (only when the user asked). */
  insecure?: boolean;
  /** What asked for it (`--insecure`, `DCOS_TLS_INSECURE`, …), for the warning. */
  insecureOrigin?: string;
}

/**
 * The warning owed for every connection made over HTTPS without certificate checks: the cluster
 * URL's (credentials.ts), and any other a source opens (the masters of a plain-HTTP loopback URL).
 */
export function uncheckedTlsWarning(t: TlsSettings, connections: string): string {
  return `TLS certificate verification is disabled (${t.insecureOrigin ?? 'insecure'}): ${connections} can be intercepted`;
}

/** The same, short, for a line kept in view while it lasts (the loop's banner): `whose` names the peer. */
export function uncheckedTlsNote(t: TlsSettings, whose: string): string {
  return `${whose} TLS certificate is not verified (${t.insecureOrigin ?? 'insecure'})`;
}

/**
 * A keep-alive HTTPS agent that trusts what Node trusts by default plus the cluster CA, or nothing
 * when the user asked for --insecure. Its TLS context is made once: given a `ca`, Node would build
 * one for every new connection (~37 ms with the ~145 roots on a 2-core VM).
 */
export function httpsAgent(t: TlsSettings): Agent {
  const https = process.getBuiltinModule('node:https');
  return new https.Agent({ keepAlive: true, rejectUnauthorized: !t.insecure, secureContext: t.insecure ? undefined : trustedContext(t.caPem) });
}

/**
 * The TLS context of a connection, undefined for Node's default. Adding to the system roots keeps
 * public certificates working next to the cluster CA; as with Node's own `ca` option, the
 * NODE_EXTRA_CA_CERTS certificates are then left out. Without a cluster CA, they are added to the
 * default store when the launcher kept them from Node's start (extra-ca.ts): the trust is the
 * default store's either way.
 */
export function trustedContext(caPem: string | undefined, withHidden: () => SecureContext | undefined = defaultStoreWithHidden): SecureContext | undefined {
  if (!caPem) return withHidden();
  const tls = process.getBuiltinModule('node:tls');
  return tls.createSecureContext({ ca: [...tls.rootCertificates, caPem] });
}

/** Node's codes for a server certificate that is not trusted (or not for this name). */
export const TLS_TRUST_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Failures that happen before a connection exists: the address is unreachable, so no request reached the server. */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * What to do about a server certificate not trusted, by Node's `code`. A certificate for another
 * name, or out of its dates, is no question of trust: another CA cannot help, so that hint is not
 * given for them. Otherwise, with a CA given, that CA did not sign it (the hint to pass a CA would
 * send the user back to the file they passed): say which one was given.
 */
export function untrustedHint(t: TlsSettings, code?: string): string {
  const risk = 'or --insecure at your own risk';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the server's certificate is for another host name: use the cluster URL with a name the certificate holds (the one \`dcos cluster setup\` was given), ${risk}`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    const when = code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet';
    return `the server's certificate ${when} (or this machine's clock is wrong): check the date here, then renew the cluster's certificate; ${risk}`;
  }
  const own = "the cluster's own CA (<cluster>/ca/dcos-ca.crt)";
  const given = [t.caOrigin, t.caPath].filter(Boolean).join(' ');
  if (t.caPem) return `the CA given${given ? ` (${given})` : ''} did not sign the server's certificate: pass ${own} instead, ${risk}`;
  return `pass the cluster CA with --ca-cert FILE or DCOS_TLS_CA_PATH (get it from <cluster>/ca/dcos-ca.crt), ${risk}`;
}
