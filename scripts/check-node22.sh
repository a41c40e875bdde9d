#!/usr/bin/env bash
# Node 22 is the oldest Node the library supports (engines); the repo itself runs on 24. On Node 22 this proves that
# the profiler's native addon (@datadog/pprof, prebuilt per Node ABI) loads and profiles, and that the built demo
# starts, answers, logs, counts and stops (scripts/check-demo-start.mjs; run `npm run build` first).
# Node 22 comes from the npm registry (the `node` package) into a temporary prefix, removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund node@22 >/dev/null
node22="$prefix/node_modules/node/bin/node"
case "$("$node22" --version)" in v22.*) ;; *) echo "expected Node 22, got $("$node22" --version)" >&2; exit 1 ;; esac
"$node22" scripts/check-pprof-load.mjs
"$node22" scripts/check-demo-start.mjs
