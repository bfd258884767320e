#!/usr/bin/env node
// Tiny launcher: the CLI is compiled to dist/ and bundled to dist/bundle/ (one file with lazy
// chunks: starts faster than ~110 separate modules) by `npm run build`, run by `npm install`
// through the prepare script. Falls back to the unbundled build when only `tsc` ran.
import { setFlagsFromString } from 'node:v8';

// Peak memory: under a high allocation rate with a growing live set (a log with thousands of
// findings), V8 grows the young generation to 2 x 16 MB; kept at its initial size, peak RSS drops
// by 10-25 MB (1 GB bench log without --uid: 105 -> 83 MB; gzip: 107 -> 82 MB) at no CPU cost
// measured (docs/benchmarks.md). Set only on V8 versions known to have the flag (an unknown flag
// prints an error).
if (Number(process.versions.v8.split('.')[0]) <= 13) setFlagsFromString('--semi-space-growth-factor=1');

let cli;
try {
  cli = await import('../dist/bundle/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/bundle/cli.js')) throw err;
  cli = await import('../dist/cli.js');
}
process.exitCode = await cli.main(process.argv.slice(2));
