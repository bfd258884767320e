#!/usr/bin/env node
// `npm run build`, second step: bundles the compiled CLI (dist/cli.js, from tsc) into
// dist/bundle/cli.cjs, which bin/audit2grant.js loads, and saves a V8 code cache for it
// (test/tools/code-cache.mjs); what only some commands need goes to parts beside it (PART_ENTRIES). Why: Node resolves, reads and compiles ~110 ESM files one by one on
// every start (~35 ms of a 180 ms `scan` on a 2-core VM); one file loads in one read, and with
// its code cache it is not compiled at all (bin/load-cli.js). The file is CommonJS because Node 20
// can load only scripts with a code cache, not ES modules. See docs/benchmarks.md (start-up).
//
// Kept outside the bundle: ssh2 and cpu-features (native addons, loaded only for ssh:// sources)
// and react-devtools-core (ink imports it only in development mode; it is not installed).
//
// yargs' platform shim imports cliui and string-width (for rendering help) and node:assert at its
// top level; evaluating them builds an Intl.Segmenter and several Unicode-property regexes (~30 ms)
// that a run which prints no help never uses. The plugin below gives the shim lazy stand-ins that
// load the real modules on first call.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARTS } from '../../bin/load-cli.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(root, 'dist', 'bundle');

/** @type {import('esbuild').Plugin} */
const lazyHelpDeps = {
  name: 'lazy-help-deps',
  setup(b) {
    const fromShim = (importer) => /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]/.test(importer);
    b.onResolve({ filter: /^(cliui|string-width|assert)$/ }, async (args) => {
      if (!fromShim(args.importer) || args.pluginData === 'real') return undefined;
      if (args.path === 'assert') return { path: 'assert', namespace: 'lazy' };
      const real = await b.resolve(args.path, { importer: args.importer, resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      if (args.path === 'assert') {
        // The shim's two checks, done inline; node:assert only loads to throw its error.
        return {
          contents: [
            'export function strictEqual(a, b, m) { if (!Object.is(a, b)) require("node:assert").strictEqual(a, b, m); }',
            'export function notStrictEqual(a, b, m) { if (Object.is(a, b)) require("node:assert").notStrictEqual(a, b, m); }',
          ].join('\n'),
          loader: 'js',
        };
      }
      // `require` of a bundled ES module: esbuild wraps it in an initializer run on first call.
      const real = JSON.stringify(args.path);
      return {
        contents: `export default function lazy(...a) { const m = require(${real}); return (m.default ?? m)(...a); }`,
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/**
 * React's entry files pick the production or development build by NODE_ENV at run time, and the
 * bundle would carry both (react-reconciler's development build alone is 700 KB to parse when the
 * UI loads). The CLI runs React in production anyway (src/ui/prod-env.ts sets it unless NODE_ENV
 * is set), so the bundle keeps only the production builds; the unbundled dist/ still honours
 * NODE_ENV=development for debugging the UI.
 */
const reactProduction = {
  name: 'react-production',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/](react|react-reconciler|scheduler)[\\/][^\\/]+\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes("process.env.NODE_ENV === 'production'")) return undefined;
      return { contents: text.replaceAll("process.env.NODE_ENV === 'production'", 'true'), loader: 'js' };
    });
  },
};

/**
 * yoga-layout (ink's layout engine) ships its WebAssembly as a base64 `data:` URL, and its
 * Emscripten loader reads it with `fetch` whenever a global `fetch` exists, as in Node 18+. In Node
 * that loads undici (Node's fetch) and percent-decodes the 135 KB URL: yoga took 37–43 ms to load,
 * against 14–15 ms through the loader's own synchronous base64 path, on the interactive loop's
 * first frame (2-core AMD EPYC VM, docs/benchmarks.md). The bundle takes that path; the unbundled
 * dist/ keeps yoga as published. The build fails if yoga's loader no longer has the test.
 */
const YOGA_FETCH_TEST = 'w||"function"!=typeof fetch?';
const YOGA_LOADER = join(root, 'node_modules', 'yoga-layout', 'dist', 'binaries', 'yoga-wasm-base64-esm.js');
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    // A loader moved or renamed would slip past the filter below: fail instead.
    if (!existsSync(YOGA_LOADER)) throw new Error(`yoga-layout's loader is no longer ${YOGA_LOADER}: see yogaWithoutFetch`);
    b.onLoad({ filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) =>
      replaceOnce(args.path, [YOGA_FETCH_TEST, 'true?']),
    );
  },
};

/**
 * One string-width in the bundle: ink, cli-truncate, widest-line and yargs use 8.x, wrap-ansi (ink's
 * line wrapping) and cliui a nested 7.x with the same API (`stringWidth(text, { ambiguousIsNarrow,
 * countAnsiEscapeCodes })`). Each copy builds its grapheme segmenter and Unicode-property regexes
 * when first loaded: the 7.x copy was ~30 ms of the interactive loop's start (a CPU profile of the
 * first frame, docs/benchmarks.md). With one copy, wrapping also measures text exactly as ink's
 * layout does.
 */
const oneStringWidth = {
  name: 'one-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'top' || !/[\\/]node_modules[\\/](wrap-ansi|cliui)[\\/]/.test(args.importer)) return undefined;
      return b.resolve('string-width', { resolveDir: root, kind: args.kind, pluginData: 'top' });
    });
  },
};

/** A dependency's file with each `[from, to]` replaced once; the build fails if `from` is not there once. */
function replaceOnce(path, ...pairs) {
  let text = readFileSync(path, 'utf8');
  for (const [from, to] of pairs) {
    if (text.split(from).length !== 2) return { errors: [{ text: `${path} changed: ${JSON.stringify(from)} not found once` }] };
    text = text.replace(from, to);
  }
  return { contents: text, loader: 'js' };
}

/**
 * CommonJS has no top-level await, which ink and yoga-layout use:
 * - ink's reconciler awaits React DevTools and its package.json in development mode (DEV=true),
 *   which the bundle does not support (react-devtools-core is not installed; React runs in
 *   production): both are dropped.
 * - yoga-layout awaits its WebAssembly. Here its module exports the layout engine as an object
 *   filled once the WebAssembly is loaded, and `ready`, the promise of that; ink only calls yoga
 *   while it draws, and src/ui/layout-ready.ts (which this plugin points at `ready`) is awaited
 *   before the UI first draws (src/ui/mount.tsx).
 */
const YOGA_INDEX = join(root, 'node_modules', 'yoga-layout', 'dist', 'src', 'index.js');
const LAYOUT_READY = join(root, 'dist', 'ui', 'layout-ready.js');
const noTopLevelAwait = {
  name: 'no-top-level-await',
  setup(b) {
    if (!existsSync(YOGA_INDEX)) throw new Error(`yoga-layout's entry is no longer ${YOGA_INDEX}: see noTopLevelAwait`);
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) =>
      replaceOnce(args.path, ["await import('./devtools.js');", 'void 0;'], ['? await loadPackageJson()', '? undefined']),
    );
    b.onLoad({ filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) =>
      replaceOnce(args.path, [
        'const Yoga = wrapAssembly(await loadYoga());',
        'const Yoga = {};\nexport const ready = loadYoga().then((lib) => { Object.assign(Yoga, wrapAssembly(lib)); });',
      ]),
    );
    b.onLoad({ filter: /[\\/]dist[\\/]ui[\\/]layout-ready\.js$/ }, (args) =>
      args.path === LAYOUT_READY ? { contents: "export { ready as layoutReady } from 'yoga-layout';", loader: 'js', resolveDir: root } : undefined,
    );
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['ssh2', 'cpu-features', 'react-devtools-core'],
  // No source maps: the package does not ship the src/ and node_modules/ files they would point at
  // (issue 15). Stack traces name dist/bundle lines; debug with the unbundled dist/ or the tests.
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'warning',
};

/**
 * One CommonJS script of dist/bundle/ (`name`.cjs), checked for what loading it with a code cache
 * needs (bin/load-cli.js).
 */
async function buildScript(name, entry, { external = [], plugins }) {
  const out = join(outdir, `${name}.cjs`);
  const built = await build({
    ...common,
    ...entry,
    metafile: true,
    outfile: out,
    format: 'cjs',
    external: [...common.external, ...external],
    // The UI starts its workers by a URL relative to its own module (below).
    define: { 'import.meta.url': '__a2gModuleUrl' },
    // Strict, as the ES modules it is built from: esbuild's own "use strict" comes after the banner,
    // where it is no directive, so the banner starts with one.
    banner: { js: `"use strict";\nconst __a2gModuleUrl = require('node:url').pathToFileURL(__filename).href;` },
    plugins,
  });
  const where = `dist/bundle/${name}.cjs`;
  // A dynamic import() left in it (of a Node module or an external) fails when the code comes from
  // the cache: Node 20 then has no callback for it. Load Node's modules with
  // process.getBuiltinModule instead (src/sources/gunzip.ts). The metafile lists the literal ones;
  // an import(expression) shows only in the text.
  const imports = Object.values(built.metafile.outputs).flatMap((o) => o.imports);
  const dynamic = imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
  const text = readFileSync(out, 'latin1');
  if (/\bimport\s*\(/.test(text)) dynamic.push('an import() call');
  if (dynamic.length > 0) throw new Error(`${where} must not import() at run time; it imports ${dynamic.join(', ')}`);
  // What it leaves out must be a part (served by load-cli.js) or a package left outside on purpose:
  // a subpath of a part (`react/jsx-dev-runtime`) would load a second React from node_modules.
  const outside = new Set([...common.external, ...external]);
  const stray = imports.filter((i) => i.external && !i.path.startsWith('node:') && !isBuiltin(i.path) && !outside.has(i.path)).map((i) => i.path);
  if (stray.length > 0) throw new Error(`${where} requires ${[...new Set(stray)].join(', ')} from outside the bundle: add it to PARTS (bin/load-cli.js) or bundle it`);
  if (!text.startsWith('"use strict";')) throw new Error(`${where} must start with "use strict": see its banner`);
  // V8 keeps a source with any character beyond ASCII as two bytes a character: 5.7 MB instead of
  // 2.9 MB of heap for the whole run. esbuild escapes strings, not regular expressions or the
  // comments it keeps (on class fields): write those in ASCII (`\u00b5` in a regular expression).
  const at = /[^\x00-\x7f]/.exec(text)?.index;
  if (at !== undefined) {
    const utf8 = readFileSync(out).subarray(Math.max(0, at - 60), at + 20).toString('utf8');
    throw new Error(`${where} must be ASCII; it holds ${JSON.stringify(utf8)}: escape it in its source`);
  }
}

/** What each part exports: an ES module's namespace, a CommonJS module's exports (its default). */
const PART_ENTRIES = {
  ui: [
    "import * as ink from 'ink';",
    "import react from 'react';",
    "import jsxRuntime from 'react/jsx-runtime';",
    "import * as yoga from 'yoga-layout';",
    "export const parts = { ink, react, 'react/jsx-runtime': jsxRuntime, 'yoga-layout': yoga };",
  ],
  forge: ["import forge from 'node-forge';", "export const parts = { 'node-forge': forge };"],
};
for (const [pkg, part] of Object.entries(PARTS)) {
  if (!PART_ENTRIES[part]?.some((line) => line.includes(`'${pkg}'`))) throw new Error(`part ${part} does not export ${pkg}: see PART_ENTRIES`);
}

rmSync(outdir, { recursive: true, force: true });
if (!existsSync(LAYOUT_READY)) throw new Error(`${LAYOUT_READY} is missing: see noTopLevelAwait`);
await buildScript('cli', { entryPoints: [join(root, 'dist', 'cli.js')] }, { external: Object.keys(PARTS), plugins: [lazyHelpDeps, oneStringWidth, noTopLevelAwait] });
for (const [name, lines] of Object.entries(PART_ENTRIES)) {
  const entry = { stdin: { contents: lines.join('\n'), resolveDir: root, sourcefile: `${name}-part.js`, loader: 'js' } };
  await buildScript(name, entry, { plugins: [reactProduction, yogaWithoutFetch, oneStringWidth, noTopLevelAwait] });
}
await build({
  ...common,
  // The worker scripts, beside cli.cjs: the UI starts them by a URL relative to its own module
  // (src/ui/adapters/worker-scan-job.ts, usage-scan.ts); without them there it would run the scans
  // on the UI thread. They start once per session, so they stay ES modules, sharing chunks.
  entryPoints: [
    { in: join(root, 'dist', 'ui', 'adapters', 'scan-worker.js'), out: 'scan-worker' },
    { in: join(root, 'dist', 'ui', 'adapters', 'usage-worker.js'), out: 'usage-worker' },
  ],
  outdir,
  splitting: true,
  format: 'esm',
  // CommonJS dependencies bundled into ESM call require() for Node built-ins.
  banner: { js: "import { createRequire as __a2gRequire } from 'node:module'; const require = __a2gRequire(import.meta.url);" },
  plugins: [lazyHelpDeps, reactProduction, yogaWithoutFetch, oneStringWidth],
});

// The code cache, made by a scan of the sample logs in a Node like the one that will run it.
const trained = spawnSync(process.execPath, [join(root, 'test', 'tools', 'code-cache.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
if (trained.status !== 0) throw new Error(`test/tools/code-cache.mjs failed (${trained.status ?? trained.signal})`);
