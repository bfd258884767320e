#!/usr/bin/env bash
# The package as users get it (run by .ci/run after the tests, with the machine's Node):
#  1. `npm ci --omit=dev` in a clean clone does not fail in `prepare` (no TypeScript: nothing built);
#  2. the packed tarball installs with install scripts disabled (ssh2's native extras are optional)
#     and its CLI scans the shipped sample log.
# Dependencies come from the npm cache that `npm ci` filled, else from the registry.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git clone -q . "$work/clone"
(cd "$work/clone" && npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error) >/dev/null 2>"$work/ci.err" || { cat "$work/ci.err" >&2; echo "package check: npm ci --omit=dev failed" >&2; exit 1; }
grep -q 'dist/ was not built' "$work/ci.err" || { cat "$work/ci.err" >&2; echo "package check: prepare did not say how to build" >&2; exit 1; }
[ ! -e "$work/clone/dist/cli.js" ] || { echo "package check: npm ci --omit=dev built dist/ without TypeScript?" >&2; exit 1; }
echo "package check: npm ci --omit=dev in a clone: ok (prepare skipped the build and said how to build)"

npm pack --pack-destination "$work" --loglevel=error >/dev/null 2>"$work/pack.err" || { cat "$work/pack.err" >&2; echo "package check: npm pack failed" >&2; exit 1; }
mkdir "$work/inst"
cd "$work/inst"
echo '{ "name": "install-check", "version": "1.0.0", "private": true }' > package.json
npm install --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error "$work"/audit2grant-*.tgz >/dev/null
./node_modules/.bin/audit2grant scan node_modules/audit2grant/fixtures/sample --uid cassandra-sa --json > scan.json
node -e 'const d = JSON.parse(require("fs").readFileSync("scan.json", "utf8")); if (!(d.version === 1 && d.findings.length > 0)) { console.error("package check: the installed CLI found nothing"); process.exit(1); }'
./node_modules/.bin/audit2grant completion bash | grep -q '^complete -o bashdefault -o default -F _audit2grant audit2grant$'
echo "package check: install from the tarball with --ignore-scripts: ok (scan and completion run)"
