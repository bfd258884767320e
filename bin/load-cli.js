// Loads the CLI for bin/audit2grant.js: the bundle dist/bundle/cli.cjs (one CommonJS file) with
// the V8 code cache that `npm run build` saved beside it, else the unbundled dist/cli.js.
//
// Why a code cache: Node 20 compiles every ES module from source on every start, and the lazy
// functions a scan runs again on first call; a script compiled with V8's cached data skips both.
// A scan of a 4 KB file took 107 ms with it against 142 ms from the ES-module bundle before it
// (2-core AMD EPYC VM, Node 20; docs/benchmarks.md, "Fourteenth pass"). Node 22's compile cache
// would do this for ES modules, but it writes into the user's directories at run time, and Node 20
// has none.
//
// The cache is used only when it was made from these very bytes: V8 itself checks only the
// source's length, its own version and its flags, and code cached for another source of the same
// length would run as if it were this one. Nor does V8 check the cached data itself: damaged data
// aborts the process in its deserializer, past any fallback. So the cache file starts with the
// SHA-256 of the source and the data together. That is a guard against a stale or damaged cache,
// not a security check: whoever can write dist/ can change the code itself. A cache that cannot
// be read, or that V8 rejects (another Node, other V8 flags), costs only the compile it would have
// saved.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));
const HASH_BYTES = 32;

/**
 * V8 flags the CLI runs with; set before anything is compiled, since V8's flags are part of what
 * a code cache must match.
 *
 * Peak memory: under a high allocation rate with a growing live set (a log with thousands of
 * findings), V8 grows the young generation to 2 x 16 MB; kept at its initial size, peak RSS drops
 * by 10-25 MB (1 GB bench log without --uid: 105 -> 83 MB; gzip: 107 -> 82 MB) at no CPU cost
 * measured (docs/benchmarks.md). Set only on V8 versions known to have the flag (an unknown flag
 * prints an error).
 */
export function tuneV8() {
  if (Number(process.versions.v8.split('.')[0]) <= 13) setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * NODE_EXTRA_CA_CERTS back in `env` when the launcher's shell kept it from Node's start (it moved the
 * path to AUDIT2GRANT_EXTRA_CA_CERTS, which src/cluster/extra-ca.ts reads for the CLI's own HTTPS):
 * the processes the CLI starts get the environment they were given. The mark stays only where Node
 * did not read the file; a process started with both set (a child of the CLI run by `node` directly)
 * had Node read it, and drops the mark. Worker threads copy `env` and read the same.
 */
export function restoreExtraCaCerts(env = process.env) {
  const hidden = env.AUDIT2GRANT_EXTRA_CA_CERTS;
  if (hidden === undefined) return;
  if (hidden === '' || env.NODE_EXTRA_CA_CERTS !== undefined) delete env.AUDIT2GRANT_EXTRA_CA_CERTS;
  else env.NODE_EXTRA_CA_CERTS = hidden;
}

/** The cache file of a bundle: [SHA-256 of the source and the data][V8's cached data]. */
export const cacheFileOf = (bundle) => `${bundle}.cache`;

/**
 * The name stack traces give the bundle: its path in the package, the same on every machine. (Node
 * 20 names code run from a cache by the path it was compiled at, which would be the build's.)
 */
const scriptName = (bundle) => relative(fileURLToPath(new URL('..', import.meta.url)), bundle);

/**
 * The source's text and SHA-256, read in pieces. Why not in one read: glibc returns a freed block
 * above its mmap threshold to the system and then raises the threshold to that block's size; after
 * the 2.9 MB read buffer of the whole file, the scan's own buffers came from the heap instead, and
 * a 1 GB scan's peak RSS rose by 8 MB (90 -> 98 MB, docs/benchmarks.md, "Fourteenth pass").
 */
export function readSource(file) {
  const fd = openSync(file, 'r');
  try {
    const piece = Buffer.allocUnsafeSlow(64 * 1024);
    const hash = createHash('sha256'); // left open: the cached data follows
    const decoder = new StringDecoder('utf8');
    let text = '';
    for (let n; (n = readSync(fd, piece, 0, piece.length, null)) > 0; ) {
      hash.update(piece.subarray(0, n));
      text += decoder.write(piece.subarray(0, n));
    }
    return { text: text + decoder.end(), hash };
  } finally {
    closeSync(fd);
  }
}

/** The file as a CommonJS module body; the same text is compiled when the cache is made. */
const wrap = (text) => `(function (exports, require, module, __filename, __dirname) {${text}\n})`;

/**
 * What the bundle leaves to scripts of their own beside it, by the package each serves: the loop's
 * UI (ink, React, yoga) and the sandbox's certificates (node-forge), 1.4 of the 2.9 MB. A scan
 * never loads them, and V8 keeps a script's whole source for as long as the process runs: with
 * them in, a 1 GB gzip scan peaked 5 MB higher (docs/benchmarks.md, "Fourteenth pass"). Each part
 * exports `{ parts: { [package]: what an import of it gives } }`; one React serves the app and ink.
 */
export const PARTS = { ink: 'ui', react: 'ui', 'react/jsx-runtime': 'ui', 'yoga-layout': 'ui', 'node-forge': 'forge' };

/**
 * A part's source. One that cannot be read is a broken install, not a bug: the error's name lets the
 * CLI say so (src/errors.ts) instead of asking for a bug report.
 */
function readPart(file) {
  try {
    return readSource(file);
  } catch (err) {
    const e = new Error(`this installation is incomplete: ${scriptName(file)} cannot be read (${err?.code ?? err})`);
    e.name = 'IncompleteInstall';
    throw e;
  }
}

/** Runs a CommonJS module body compiled by `script`, with `require` that serves the parts. */
function run(script, bundle) {
  const real = createRequire(bundle);
  const loaded = new Map();
  const part = (name) => {
    if (!loaded.has(name)) {
      const file = join(dirname(bundle), `${name}.cjs`);
      const { text } = readPart(file);
      loaded.set(name, run(new Script(wrap(text), { filename: scriptName(file) }), file).parts);
    }
    return loaded.get(name);
  };
  const require = Object.assign((id) => (Object.hasOwn(PARTS, id) ? part(PARTS[id])[id] : real(id)), real);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, bundle, dirname(bundle));
  return module.exports;
}

/**
 * Compiles and runs the bundle. `cache` says what became of the code cache: 'used', 'missing',
 * 'unreadable', 'stale' (made from other bytes, or damaged) or 'rejected' (by V8). The script is
 * returned so that the build can save a cache after a run (saveCache).
 */
export function loadBundle(bundle = BUNDLE, { useCache = true } = {}) {
  const { text, hash } = readSource(bundle);
  let cachedData;
  let cache = 'missing';
  if (useCache) {
    let saved;
    try {
      saved = readFileSync(cacheFileOf(bundle));
    } catch (err) {
      if (err?.code !== 'ENOENT') cache = 'unreadable'; // a directory, a loop, no permission
    }
    if (saved) {
      const data = saved.subarray(HASH_BYTES);
      if (saved.length > HASH_BYTES && saved.subarray(0, HASH_BYTES).equals(hash.update(data).digest())) cachedData = data;
      else cache = 'stale';
    }
  }
  // No import() callback: code run from a cache would not get it on Node 20; the build checks that
  // the bundle has no import() left (test/tools/bundle.mjs).
  const script = new Script(wrap(text), { filename: scriptName(bundle), cachedData });
  if (cachedData) cache = script.cachedDataRejected ? 'rejected' : 'used';
  return { cli: run(script, bundle), script, cache };
}

/** Saves the code `script` (from loadBundle) has compiled so far as the cache of `bundle`. */
export function saveCache(bundle, script) {
  const data = script.createCachedData();
  writeFileSync(cacheFileOf(bundle), Buffer.concat([readSource(bundle).hash.update(data).digest(), data]));
}

/** The CLI's module: the bundle, or the unbundled build when only `tsc` ran. */
export async function loadCli() {
  try {
    return loadBundle().cli;
  } catch (err) {
    if (err?.code !== 'ENOENT' || err.path !== BUNDLE) throw err;
    return import('../dist/cli.js');
  }
}
