#!/usr/bin/env bash
# Runs `npm test` N times (default 1) with a CPU burner on every core, as on a busy CI machine, and prints each
# run's failures and the total. Exits non-zero if any run failed. A test that passes only on an idle machine
# depends on how fast the machine is: this is how to find it before CI does.
#   scripts/test-under-load.sh 5
set -uo pipefail
cd "$(dirname "$0")/.."

runs="${1:-1}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [runs]  (runs: a positive integer, default 1)" >&2
  exit 2
fi
cores="$(nproc)"
# The burners stop on their own after this even if this script is killed without running its trap.
burn_limit_s=$((runs * 900))

logs="$(mktemp -d)"
burners=()
cleanup() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$logs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for ((i = 0; i < cores; i++)); do
  timeout "$burn_limit_s" sh -c 'while :; do :; done' &
  burners+=("$!")
done
echo "test-under-load: ${runs} run(s) of npm test, ${cores} CPU burner(s) running"

failed_runs=0
total_failed=0
for ((run = 1; run <= runs; run++)); do
  log="$logs/run-$run.log"
  started=$SECONDS
  npm test >"$log" 2>&1
  status=$?
  clean="$(sed 's/\x1b\[[0-9;]*m//g' "$log")"
  # Vitest's summary: "Tests  1 failed | 271 passed (272)".
  summary="$(grep -E '^ +Tests +' <<<"$clean" | tail -1)"
  failed="$(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || true)"
  passed="$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || true)"
  failed="${failed:-0}"
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi # a crash, a timeout in a hook, no summary at all
  echo "run ${run}/${runs}: ${failed} failed, ${passed:-0} passed, $((SECONDS - started)) s (exit ${status})"
  if [ "$failed" -gt 0 ]; then
    failed_runs=$((failed_runs + 1))
    total_failed=$((total_failed + failed))
    # Each failed test and the first line of its error, from Vitest's "Failed Tests" section.
    awk '/^ FAIL / { print "  " substr($0, 2); want = 1; next }
         want && /^[A-Za-z]*(Error|Exception)[: ]/ { print "    " substr($0, 1, 300); want = 0 }' <<<"$clean"
    [ -n "$summary" ] || tail -40 <<<"$clean" | sed 's/^/  | /'
  fi
done

echo "test-under-load: ${total_failed} failure(s) in ${failed_runs} of ${runs} run(s), ${cores} CPU burner(s)"
[ "$failed_runs" -eq 0 ]
