#!/usr/bin/env bash
# Proves the profiler's native addon (@datadog/pprof, prebuilt per Node ABI) loads and profiles on Node 22, the
# oldest Node the library supports; Node 24 (the repo's own) is checked by running the same file directly.
# Node 22 comes from the npm registry (the `node` package) into a temporary prefix, removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund node@22 >/dev/null
node22="$prefix/node_modules/node/bin/node"
case "$("$node22" --version)" in v22.*) ;; *) echo "expected Node 22, got $("$node22" --version)" >&2; exit 1 ;; esac
"$node22" scripts/check-pprof-load.mjs
