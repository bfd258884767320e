#!/bin/sh
':' //; unset AUDIT2GRANT_EXTRA_CA_CERTS; [ -z "${NODE_EXTRA_CA_CERTS-}" ] || { export AUDIT2GRANT_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"; unset NODE_EXTRA_CA_CERTS; }; case "${NODE_OPTIONS-}" in *--v8-pool-size*) ;; *) [ -t 1 ] && [ "${1-}" != scan ] && [ "${1-}" != unused ] || exec node --v8-pool-size=0 "$0" "$@";; esac; exec node "$0" "$@"
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
//
// For a headless run (`scan` or `unused`, or any command whose output is not a terminal: a script, a
// pipe, CI) the shell also sizes V8's pool of background threads (the optimizing compiler, the
// collector's helpers) to the machine: `--v8-pool-size=0` is one thread fewer than the cores Node may
// use (at least one), where Node's default is 4 whatever the cores. A scan's main thread is its
// critical path (740 ms of CPU in a 0.95 s scan of 1 GB on a 2-core VM, beside ~330 ms on V8's four
// threads and ~170 ms on libuv's); with one such thread the 1 GB bench scans took 0.89-0.97x the wall
// time, at 3-5 MB less peak RSS. The interactive loop and the demo keep Node's default: they start
// two JavaScript threads (the UI and the scan's worker) at once, and the loop's first finding came
// ~50 ms later with one background thread (docs/benchmarks.md, twenty-fifth pass). A --v8-pool-size
// in NODE_OPTIONS is the user's and is left alone.
import { loadCli, restoreExtraCaCerts, tuneV8 } from './load-cli.js';

restoreExtraCaCerts();
tuneV8();
const cli = await loadCli();
process.exitCode = await cli.main(process.argv.slice(2));
