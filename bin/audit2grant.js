#!/bin/sh
':' //; unset AUDIT2GRANT_EXTRA_CA_CERTS; [ -z "${NODE_EXTRA_CA_CERTS-}" ] || { export AUDIT2GRANT_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"; unset NODE_EXTRA_CA_CERTS; }; exec node "$0" "$@"
// Tiny launcher: the CLI is compiled to dist/ and bundled to dist/bundle/cli.cjs (one file, loaded
// with a V8 code cache: see load-cli.js) by `npm run build`, run by `npm install` through the
// prepare script. Falls back to the unbundled build when only `tsc` ran.
//
// Run as a command it starts in /bin/sh (the line above, which JavaScript reads as a string and a
// comment): Node 20 reads the whole NODE_EXTRA_CA_CERTS file before any JavaScript runs (~45 ms a
// start with the system bundle), and most commands make no TLS connection. The shell moves the path
// aside (a value already there is never taken for its own); below it goes back for the processes
// the CLI starts, and the CLI adds those certificates to the default store of its own HTTPS
// connections (src/cluster/extra-ca.ts). `node bin/audit2grant.js` runs this file as JavaScript.
import { loadCli, restoreExtraCaCerts, tuneV8 } from './load-cli.js';

restoreExtraCaCerts();
tuneV8();
const cli = await loadCli();
process.exitCode = await cli.main(process.argv.slice(2));
