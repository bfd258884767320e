#!/usr/bin/env node
// Tiny launcher: the CLI is compiled to dist/ and bundled to dist/bundle/cli.cjs (one file, loaded
// with a V8 code cache: see load-cli.js) by `npm run build`, run by `npm install` through the
// prepare script. Falls back to the unbundled build when only `tsc` ran.
import { loadCli, tuneV8 } from './load-cli.js';

tuneV8();
const cli = await loadCli();
process.exitCode = await cli.main(process.argv.slice(2));
