// NODE_EXTRA_CA_CERTS, which the launcher keeps from Node's start (bin/audit2grant.js): Node 20 reads
// and parses that whole file before any JavaScript runs, 42-47 ms a start with the system bundle
// (144 certificates) on a 2-core VM, and a scan of files makes no TLS connection at all
// (docs/benchmarks.md, "Twenty-second pass"). The launcher's shell moves the path to HIDDEN_CA;
// the CLI adds those certificates to its own HTTPS connections (tls.ts) and puts the variable back
// for the processes it starts, so that trust is what Node would have given, only read when used.
import { readFileSync } from 'node:fs';

/** Set (to NODE_EXTRA_CA_CERTS's path) while this process's Node has not read that file itself. */
export const HIDDEN_CA = 'AUDIT2GRANT_EXTRA_CA_CERTS';

/**
 * Called first thing: NODE_EXTRA_CA_CERTS back in `env` for the processes the CLI starts. HIDDEN_CA
 * stays only when Node did not read the file (the variable was unset at start): a process started
 * with both set (a child of the CLI run by `node` directly) had Node read it, so it is dropped.
 * Worker threads take a copy of `env` and so read the same answer.
 */
export function settleHiddenCa(env: NodeJS.ProcessEnv = process.env): void {
  const hidden = env[HIDDEN_CA];
  if (hidden === undefined) return;
  if (hidden === '' || env.NODE_EXTRA_CA_CERTS !== undefined) {
    delete env[HIDDEN_CA];
    return;
  }
  env.NODE_EXTRA_CA_CERTS = hidden;
}

let read: { path: string; pem: string | null } | null = null;

/**
 * The PEM text of the certificates Node did not load at start (HIDDEN_CA), read once; null when
 * none were hidden. A file that cannot be read is said once on stderr, as Node says it at start,
 * and adds nothing (Node goes on without it too).
 */
export function hiddenCaPem(env: NodeJS.ProcessEnv = process.env, warn: (m: string) => void = (m) => process.stderr.write(m)): string | null {
  const path = env[HIDDEN_CA];
  if (!path) return null;
  if (read?.path !== path) {
    try {
      read = { path, pem: readFileSync(path, 'utf8') };
    } catch (err) {
      read = { path, pem: null };
      const why = (err as NodeJS.ErrnoException).code ?? String(err);
      warn(`audit2grant: warning: NODE_EXTRA_CA_CERTS ${path} cannot be read (${why}): its certificates are not trusted\n`);
    }
  }
  return read.pem;
}
