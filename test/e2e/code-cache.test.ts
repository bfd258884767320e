// The launcher's V8 code cache (bin/load-cli.js): the build's cache is used by the bundle it was made
// from, and a cache is never used for other bytes (V8 itself would accept one made from another
// source of the same length and run that source's code), nor taken when V8 rejects it. Each case
// runs in a Node of its own: V8's flags, which a cache must match, are per process.
// Needs `npm run build` first.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const loader = fileURLToPath(new URL('../../bin/load-cli.js', import.meta.url));
let dir = '';
let mod = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-code-cache-'));
  mod = join(dir, 'mod.cjs');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Loaded {
  /** What the module's main printed, then the loader's word on the cache. */
  lines: string[];
  status: number | null;
  stderr: string;
}

/** Loads `file` (default: the real bundle) with the launcher's flags, runs its main, prints the cache's fate. */
function load(file: string | null, { save = false, nodeArgs = [] as string[], main = [] as string[] } = {}): Loaded {
  const script = [
    `import { BUNDLE, cacheFileOf, loadBundle, readSource, tuneV8 } from ${JSON.stringify(loader)};`,
    `import { writeFileSync } from 'node:fs';`,
    'tuneV8();',
    `const file = ${file === null ? 'BUNDLE' : JSON.stringify(file)};`,
    `const { cli, script, cache } = loadBundle(file, { useCache: ${!save} });`,
    `if (${JSON.stringify(main)}.length > 0) await cli.main(${JSON.stringify(main)});`,
    'if (' + String(save) + ') writeFileSync(cacheFileOf(file), Buffer.concat([readSource(file).hash, script.createCachedData()]));',
    'console.log(cache);',
  ].join('\n');
  const env = { ...process.env, DCOS_URL: '', DCOS_DIR: dir };
  const r = spawnSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { encoding: 'utf8', env, timeout: 30_000 });
  return { lines: r.stdout.trim().split('\n'), status: r.status, stderr: r.stderr };
}

/** A module whose main prints `word` from a function compiled lazily (so in the cache). */
const source = (word: string): string => `exports.main = async () => { const say = (w) => console.log(w); say(${JSON.stringify(word)}); return 0; };\n`;

it('the build saved a cache that the bundle it was made from uses', () => {
  const r = load(null);
  expect(r.status, r.stderr).toBe(0);
  expect(r.lines).toEqual(['used']);
  const cacheFile = fileURLToPath(new URL('../../dist/bundle/cli.cjs.cache', import.meta.url));
  expect(statSync(cacheFile).size).toBeGreaterThan(100_000); // the scan's functions, not an empty cache
});

it('a cache made from other bytes of the same length is not used: the new code runs', () => {
  writeFileSync(mod, source('first'));
  expect(load(mod, { save: true, main: ['x'] }).lines).toEqual(['first', 'missing']);
  expect(load(mod, { main: ['x'] }).lines).toEqual(['first', 'used']);
  writeFileSync(mod, source('other')); // same length
  expect(load(mod, { main: ['x'] }).lines).toEqual(['other', 'stale']);
});

it('a cut cache file is stale, and a cache V8 rejects (other flags) is compiled past', () => {
  writeFileSync(mod, source('again'));
  load(mod, { save: true });
  const saved = readFileSync(`${mod}.cache`);
  const rejected = load(mod, { nodeArgs: ['--max-lazy'], main: ['x'] });
  expect(rejected.status, rejected.stderr).toBe(0);
  expect(rejected.lines).toEqual(['again', 'rejected']);
  writeFileSync(`${mod}.cache`, saved.subarray(0, 20)); // shorter than its hash
  expect(load(mod, { main: ['x'] }).lines).toEqual(['again', 'stale']);
  rmSync(`${mod}.cache`);
  expect(load(mod, { main: ['x'] }).lines).toEqual(['again', 'missing']);
});

it('the bundled CLI run from its cache loads Node modules on first use: a bundle of gzip logs is read', () => {
  // Node 20 gives code from a cache no import() callback: zlib, loaded on first use, must not come
  // by import() (test/tools/bundle.mjs refuses a bundle that has one).
  const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
  const zip = fileURLToPath(new URL('../../fixtures/bundle/bundle-new.zip', import.meta.url));
  const env = { ...process.env, DCOS_URL: '', DCOS_DIR: dir };
  const r = spawnSync(process.execPath, [bin, 'scan', zip, '--format', 'json'], { encoding: 'utf8', env, timeout: 30_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
  expect(load(null).lines).toEqual(['used']);
});

it('the bundle is strict code, as the ES modules it is built from', () => {
  // A "use strict" after any other statement is no directive: it must come first.
  const text = readFileSync(fileURLToPath(new URL('../../dist/bundle/cli.cjs', import.meta.url)), 'utf8');
  expect(text.startsWith('"use strict";')).toBe(true);
});
