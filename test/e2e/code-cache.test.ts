// The launcher's V8 code cache (bin/load-cli.js): the build's cache is used by the bundle it was made
// from, and a cache is never used for other bytes (V8 itself would accept one made from another
// source of the same length and run that source's code), nor taken when V8 rejects it. Each case
// runs in a Node of its own: V8's flags, which a cache must match, are per process.
// Needs `npm run build` first.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const loader = fileURLToPath(new URL('../../bin/load-cli.js', import.meta.url));
let dir = '';
let mod = '';
/** No NODE_OPTIONS: V8 flags set there (say --max-old-space-size) would make V8 reject any cache. */
const env = (): NodeJS.ProcessEnv => ({ ...process.env, NODE_OPTIONS: '', DCOS_URL: '', DCOS_DIR: dir });

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
    `import { BUNDLE, loadBundle, saveCache, tuneV8 } from ${JSON.stringify(loader)};`,
    'tuneV8();',
    `const file = ${file === null ? 'BUNDLE' : JSON.stringify(file)};`,
    `const { cli, script, cache } = loadBundle(file, { useCache: ${!save} });`,
    `if (${JSON.stringify(main)}.length > 0) await cli.main(${JSON.stringify(main)});`,
    `if (${save}) saveCache(file, script);`,
    'console.log(cache);',
  ].join('\n');
  const r = spawnSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { encoding: 'utf8', env: env(), timeout: 30_000 });
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

it('damaged cached data is stale, not run (V8 would abort in its deserializer); a cache that cannot be read is compiled past', () => {
  writeFileSync(mod, source('sound'));
  load(mod, { save: true, main: ['x'] });
  const saved = readFileSync(`${mod}.cache`);
  const damaged = Buffer.from(saved);
  for (let i = 200; i < Math.min(damaged.length, 264); i++) damaged[i] = (damaged[i] ?? 0) ^ 0xff;
  writeFileSync(`${mod}.cache`, damaged);
  const r = load(mod, { main: ['x'] });
  expect(r.status, r.stderr).toBe(0);
  expect(r.lines).toEqual(['sound', 'stale']);
  rmSync(`${mod}.cache`);
  mkdirSync(`${mod}.cache`); // EISDIR
  const u = load(mod, { main: ['x'] });
  expect(u.status, u.stderr).toBe(0);
  expect(u.lines).toEqual(['sound', 'unreadable']);
  rmSync(`${mod}.cache`, { recursive: true });
});

it('stack traces name the bundle by its place in the package, not by where the cache was made', () => {
  const thrower = join(dir, 'throw.cjs');
  writeFileSync(thrower, 'exports.main = async () => { const boom = () => { throw new Error("boom"); }; try { boom(); } catch (e) { console.log(e.stack.split("\\n")[1].trim()); } return 0; };\n');
  load(thrower, { save: true, main: ['x'] });
  const r = load(thrower, { main: ['x'] });
  expect(r.lines[1]).toBe('used');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  expect(r.lines[0]).toContain(relative(root, thrower));
  expect(r.lines[0]).not.toContain(`(${thrower}`);
});

it('the bundled CLI run from its cache loads Node modules on first use: a bundle of gzip logs is read', () => {
  // Node 20 gives code from a cache no import() callback: zlib, loaded on first use, must not come
  // by import() (test/tools/bundle.mjs refuses a bundle that has one).
  const bin = fileURLToPath(new URL('../../bin/audit2grant.js', import.meta.url));
  const zip = fileURLToPath(new URL('../../fixtures/bundle/bundle-new.zip', import.meta.url));
  const r = spawnSync(process.execPath, [bin, 'scan', zip, '--format', 'json'], { encoding: 'utf8', env: env(), timeout: 30_000 });
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

it('a scan runs from a copy of the package without the UI and certificate parts, its cache used there too', () => {
  // The parts load only when a command needs them (bin/load-cli.js PARTS); a cache made where the
  // package was built serves it wherever it is installed.
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const copy = join(dir, 'pkg');
  cpSync(join(root, 'bin'), join(copy, 'bin'), { recursive: true });
  cpSync(join(root, 'dist', 'bundle'), join(copy, 'dist', 'bundle'), { recursive: true });
  cpSync(join(root, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  for (const part of ['ui.cjs', 'forge.cjs']) rmSync(join(copy, 'dist', 'bundle', part));
  const sample = fileURLToPath(new URL('../../fixtures/sample', import.meta.url));
  const r = spawnSync(process.execPath, [join(copy, 'bin', 'audit2grant.js'), 'scan', sample, '--format', 'json'], { encoding: 'utf8', env: env(), timeout: 30_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
  const loaderCopy = join(copy, 'bin', 'load-cli.js');
  const check = spawnSync(process.execPath, ['--input-type=module', '-e', `import { loadBundle, tuneV8 } from ${JSON.stringify(loaderCopy)}; tuneV8(); console.log(loadBundle().cache);`], { encoding: 'utf8', env: env(), timeout: 30_000 });
  expect(check.stdout.trim()).toBe('used');
  // The demo needs both (its sandbox's certificates, then the loop): without them, it names the file
  // and says the install is broken, not that audit2grant has a bug.
  const demo = spawnSync(process.execPath, [join(copy, 'bin', 'audit2grant.js'), 'demo'], { encoding: 'utf8', env: env(), timeout: 30_000, input: '' });
  expect(demo.status).toBe(1);
  expect(demo.stderr).toMatch(/installation is incomplete: dist\/bundle\/(ui|forge)\.cjs cannot be read \(ENOENT\)\n  hint: install it again/);
  expect(demo.stderr).not.toMatch(/internal error|at readSource/);
});
