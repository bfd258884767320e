// NODE_EXTRA_CA_CERTS, which the launcher keeps from Node's start (bin/audit2grant.js): Node 20 reads
// and parses that whole file before any JavaScript runs, 42-47 ms a start with the system bundle
// (144 certificates) on a 2-core VM, and a scan of files makes no TLS connection at all
// (docs/benchmarks.md, "Twenty-second pass"). The launcher's shell moves the path to HIDDEN_CA;
// the CLI adds those certificates to the default store of its own HTTPS connections (tls.ts), and
// the launcher puts the variable back for the processes it starts: the trust Node would have given,
// read when used.
import { readFileSync } from 'node:fs';
import type { SecureContext } from 'node:tls';

/**
 * Set (to NODE_EXTRA_CA_CERTS's path) while this process's Node has not read that file itself: the
 * launcher sets it, and drops it where Node did read the file (bin/load-cli.js restoreExtraCaCerts).
 */
export const HIDDEN_CA = 'AUDIT2GRANT_EXTRA_CA_CERTS';

let read: { path: string; pem: string | null } | null = null;

/**
 * The PEM text of the certificates Node did not load at start (HIDDEN_CA), read once; null when
 * none were hidden. What Node would have said of the file at start is said once on stderr: a file
 * that cannot be read adds nothing, a certificate that cannot be read ends what is taken from it
 * (OpenSSL stops there, in Node's reading and in addCACert's alike).
 */
export function hiddenCaPem(env: NodeJS.ProcessEnv = process.env, warn: (m: string) => void = (m) => process.stderr.write(m)): string | null {
  const path = env[HIDDEN_CA];
  if (!path) return null;
  if (read?.path !== path) {
    try {
      const pem = readFileSync(path, 'utf8');
      read = { path, pem };
      const bad = firstUnreadable(pem);
      if (bad !== null) warn(`audit2grant: warning: NODE_EXTRA_CA_CERTS ${path}: certificate ${bad} cannot be read: it and the ones after it are not trusted\n`);
    } catch (err) {
      read = { path, pem: null };
      const why = (err as NodeJS.ErrnoException).code ?? String(err);
      warn(`audit2grant: warning: NODE_EXTRA_CA_CERTS ${path} cannot be read (${why}): its certificates are not trusted\n`);
    }
  }
  return read.pem;
}

/** The number (from 1) of the first PEM certificate of `pem` that does not parse, or null. */
function firstUnreadable(pem: string): number | null {
  const { X509Certificate } = process.getBuiltinModule('node:crypto');
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g) ?? [];
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return i + 1;
    }
  }
  return null;
}

/** The context defaultStoreWithHidden made, by the PEM it holds: one for the process, not one per agent. */
let made: { pem: string; ctx: SecureContext } | null = null;

/**
 * The default store of this Node (its own roots, or the system's under --use-openssl-ca) with the
 * hidden certificates added, as Node builds it when it reads NODE_EXTRA_CA_CERTS itself; undefined
 * when nothing was hidden. `addCACert` copies the shared root store before adding (node_crypto's
 * SecureContext), so no other connection's trust changes. Made once: copying the store parses
 * every root again.
 */
export function defaultStoreWithHidden(pem: string | null = hiddenCaPem()): SecureContext | undefined {
  if (pem === null) return undefined;
  if (made?.pem === pem) return made.ctx;
  const tls = process.getBuiltinModule('node:tls');
  let ctx = tls.createSecureContext();
  const native = (ctx as unknown as { context?: { addCACert?(pem: string): void } }).context;
  if (typeof native?.addCACert === 'function') native.addCACert(pem);
  else ctx = tls.createSecureContext({ ca: [...tls.rootCertificates, pem] }); // a Node without it: the bundled roots
  made = { pem, ctx };
  return ctx;
}
