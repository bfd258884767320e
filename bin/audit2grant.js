#!/bin/sh
':' //; case "${NODE_OPTIONS-}" in *--use-*-ca*) ;; *) [ -z "${NODE_EXTRA_CA_CERTS-}" ] || { export AUDIT2GRANT_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"; unset NODE_EXTRA_CA_CERTS; } ;; esac; exec node "$0" "$@"
// Tiny launcher: the CLI is compiled to dist/ and bundled to dist/bundle/cli.cjs (one file, loaded
// with a V8 code cache: see load-cli.js) by `npm run build`, run by `npm install` through the
// prepare script. Falls back to the unbundled build when only `tsc` ran.
//
// Run as a command it starts in /bin/sh (the line above, which JavaScript reads as a string and a
// comment): Node 20 reads the whole NODE_EXTRA_CA_CERTS file before any JavaScript runs (~45 ms a
// start with the system bundle), and most commands make no TLS connection. The shell moves the path
// aside; the CLI puts it back for the processes it starts and adds those certificates to its own
// HTTPS connections (src/cluster/extra-ca.ts). Not when NODE_OPTIONS picks a CA store (--use-*-ca):
// Node then decides what the default is. `node bin/audit2grant.js` runs this file as JavaScript.
import { loadCli, tuneV8 } from './load-cli.js';

tuneV8();
const cli = await loadCli();
process.exitCode = await cli.main(process.argv.slice(2));
