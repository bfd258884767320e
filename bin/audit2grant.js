#!/usr/bin/env node
// Tiny launcher: the CLI is compiled to dist/ and bundled to dist/bundle/ (one file with lazy
// chunks: starts faster than ~110 separate modules) by `npm run build`, run by `npm install`
// through the prepare script. Falls back to the unbundled build when only `tsc` ran.
let cli;
try {
  cli = await import('../dist/bundle/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/bundle/cli.js')) throw err;
  cli = await import('../dist/cli.js');
}
process.exitCode = await cli.main(process.argv.slice(2));
