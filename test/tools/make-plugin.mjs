#!/usr/bin/env node
// `npm run plugin`: builds dcos-audit2grant-<version>.zip, a DC/OS CLI plugin, so that
// `dcos plugin add ./dcos-audit2grant-<version>.zip` makes `dcos audit2grant …` run audit2grant
// against the cluster the CLI is attached to (the CLI passes DCOS_URL, DCOS_ACS_TOKEN and the TLS
// settings in the environment, which audit2grant reads as they are). Layout, as the DC/OS CLI's
// plugin format wants it (unzipped into the plugin's env/ directory):
//   plugin.toml                    schema_version = 1, the `audit2grant` command
//   bin/dcos-audit2grant           a POSIX sh launcher: drops the command name the CLI passes first,
//                                  then execs `node` (which must be on PATH) on the CLI entry
//   lib/audit2grant/               package.json, bin/, dist/ and the production node_modules
// Pure JavaScript (ssh2's optional native `cpu-features` and its build helper `nan` are left out:
// ssh2 runs without them), so one zip serves Linux and macOS; Windows would need an .exe launcher
// and is not built.
// Usage: node test/tools/make-plugin.mjs [--out DIR]   (run `npm run build` first: it ships dist/)
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, createWriteStream } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LEFT_OUT = new Set(['cpu-features', 'nan']);
const SKIP_FILE = /\.(map|d\.ts|d\.mts|d\.cts|tsbuildinfo)$/;
const APP = 'lib/audit2grant';

export const LAUNCHER = `#!/bin/sh
# dcos audit2grant …: the DC/OS CLI runs this as \`dcos-audit2grant audit2grant ARGS…\` with DCOS_URL,
# DCOS_ACS_TOKEN and DCOS_TLS_CA_PATH/DCOS_TLS_INSECURE set; audit2grant reads them as they are.
[ "$1" = audit2grant ] && shift
here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd) || exit 1
if ! command -v node >/dev/null 2>&1; then
  echo "dcos audit2grant: Node.js 20 or later must be on PATH (https://nodejs.org)" >&2
  exit 127
fi
# Through the app's own launcher (its first lines are sh): it keeps NODE_EXTRA_CA_CERTS from Node's start.
exec sh "$here/${APP}/bin/audit2grant.js" "$@"
`;

export function pluginToml(pkg) {
  return [
    'schema_version = 1',
    `name = "${pkg.name}"`,
    `version = "${pkg.version}"`,
    `description = ${JSON.stringify(pkg.description)}`,
    '',
    '[[commands]]',
    `name = "${pkg.name}"`,
    `path = "bin/dcos-${pkg.name}"`,
    `description = ${JSON.stringify(pkg.description)}`,
    '',
  ].join('\n');
}

/** The production dependency closure: package dirs relative to root (node_modules/…), resolved as Node does. */
function productionPackages(pkg) {
  const found = new Map(); // real path → path relative to root
  const visit = (name, fromRel, optional) => {
    if (LEFT_OUT.has(name)) return;
    for (let base = fromRel; ; base = dirname(base)) {
      const rel = join(base === '.' ? '' : base, 'node_modules', name);
      if (existsSync(join(root, rel, 'package.json'))) {
        const real = realpathSync(join(root, rel));
        if (found.has(real)) return;
        found.set(real, rel);
        const p = JSON.parse(readFileSync(join(root, rel, 'package.json'), 'utf8'));
        for (const d of Object.keys(p.dependencies ?? {})) visit(d, rel, false);
        for (const d of Object.keys(p.optionalDependencies ?? {})) visit(d, rel, true);
        return;
      }
      if (base === '.' || base === '') break;
    }
    if (!optional) throw new Error(`dependency ${name} (needed by ${fromRel}) is not installed: run npm ci`);
  };
  for (const d of Object.keys(pkg.dependencies ?? {})) visit(d, '.', false);
  return [...found.values()].sort();
}

/** Files under `rel` (a directory relative to root), without nested node_modules, symlinks or build leftovers. */
function filesUnder(rel) {
  const out = [];
  const walk = (r) => {
    for (const name of readdirSync(join(root, r)).sort()) {
      const child = join(r, name);
      const st = lstatSync(join(root, child));
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        if (name !== 'node_modules') walk(child);
      } else if (st.isFile() && !SKIP_FILE.test(name)) out.push(child);
    }
  };
  walk(rel);
  return out;
}

export async function buildPlugin(outDir = root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const zip = new yazl.ZipFile();
  const mtime = new Date(statSync(join(root, 'package.json')).mtimeMs);
  zip.addBuffer(Buffer.from(pluginToml(pkg)), 'plugin.toml', { mtime, mode: 0o100644 });
  zip.addBuffer(Buffer.from(LAUNCHER), `bin/dcos-${pkg.name}`, { mtime, mode: 0o100755 });
  const shipped = { name: pkg.name, version: pkg.version, description: pkg.description, type: pkg.type, license: pkg.license, bin: pkg.bin, engines: pkg.engines, dependencies: pkg.dependencies };
  zip.addBuffer(Buffer.from(`${JSON.stringify(shipped, null, 2)}\n`), `${APP}/package.json`, { mtime, mode: 0o100644 });
  let files = 3;
  const add = (rel) => {
    const mode = statSync(join(root, rel)).mode & 0o111 ? 0o100755 : 0o100644;
    zip.addFile(join(root, rel), `${APP}/${rel.split(sep).join('/')}`, { mtime, mode });
    files++;
  };
  for (const rel of [...filesUnder('bin'), ...filesUnder('dist')]) add(rel);
  for (const dir of productionPackages(pkg)) for (const rel of filesUnder(dir)) add(rel);
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `dcos-${pkg.name}-${pkg.version}.zip`);
  await new Promise((res, rej) => {
    const w = createWriteStream(path);
    zip.outputStream.pipe(w).on('close', res).on('error', rej);
    zip.end();
  });
  return { path, files, bytes: statSync(path).size };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? resolve(process.argv[i + 1]) : root;
  buildPlugin(out).then(
    (r) => process.stdout.write(`${relative(process.cwd(), r.path) || r.path}: ${r.files} files, ${(r.bytes / 1048576).toFixed(1)} MiB\n` +
      `install it with: dcos plugin add ${r.path}   (Node.js 20 or later must be on PATH)\n`),
    (e) => {
      process.stderr.write(`make-plugin: ${e.message}\n`);
      process.exitCode = 1;
    },
  );
}
