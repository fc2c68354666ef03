#!/usr/bin/env bash
# Runs the whole suite (npm test) N times in a row and prints one line per run and a tally:
# how the suite is shown not to depend on the machine's speed.
#   bash scripts/repeat-suite.sh 5            # on an idle machine
#   bash scripts/repeat-suite.sh 5 --load 2   # with 2 busy loops (one per core here) beside it
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
load=0
[ "${2:-}" = "--load" ] && load="${3:-2}"
logs="$(mktemp -d /tmp/skillboard-repeat-XXXXXX)"
busy=()
stop_load() { for p in "${busy[@]}"; do kill "$p" 2>/dev/null; done; }
trap stop_load EXIT
for ((i = 0; i < load; i++)); do (while :; do :; done) & busy+=($!); done
ok=0
for ((n = 1; n <= runs; n++)); do
  start=$(date +%s)
  (cd "$root" && npm test) >"$logs/run-$n.log" 2>&1
  code=$?
  secs=$(( $(date +%s) - start ))
  summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/run-$n.log" | tail -1)"
  [ "$code" = 0 ] && ok=$((ok + 1))
  echo "run $n/$runs (load $load): exit $code in ${secs}s: ${summary:-no summary} (log $logs/run-$n.log)"
done
echo "$ok of $runs runs passed (busy loops: $load)"
[ "$ok" = "$runs" ]
