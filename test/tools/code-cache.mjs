#!/usr/bin/env node
// `npm run build`, last step (run by test/tools/bundle.mjs, in a child process of the Node that
// builds): runs the bundled CLI on the sample logs, then saves V8's code for every function those
// runs compiled into dist/bundle/cli.cjs.cache, which bin/load-cli.js loads on each start. The runs
// are what an operator's scans do (text, JSON, one account); what they never ran compiles lazily
// as it would without a cache. The V8 flags are the launcher's: a cache made under other flags
// would be rejected.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE, loadBundle, saveCache, tuneV8 } from '../../bin/load-cli.js';

const sample = fileURLToPath(new URL('../../fixtures/sample', import.meta.url));
// No configuration or ledger of the machine that builds is read.
const home = mkdtempSync(join(tmpdir(), 'a2g-code-cache-'));
process.env.DCOS_DIR = home;
process.env.DCOS_URL = '';

tuneV8();
const { cli, script } = loadBundle(BUNDLE, { useCache: false });
try {
  for (const args of [['scan', sample], ['scan', sample, '--format', 'json'], ['scan', sample, '--uid', 'cassandra-sa']]) {
    const code = await cli.main(args);
    if (code !== 0) throw new Error(`audit2grant ${args.join(' ')} exited ${code}`);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
saveCache(BUNDLE, script);
