#!/bin/bash
# Parallel speed-up of the runner on this machine: the same run (1,000 components, 4,096
# replications of 20,000 h) on 1, 2, 4, 8 and 16 threads. Same seed: the results must be
# identical, only the time changes.
set -euo pipefail
BIN=${BIN:-./target/release/ninesim}
nproc
for j in 1 2 4 8 16; do
  start=$(date +%s.%N)
  $BIN run bench-device/k1000.json -n 4096 --horizon 20000 -j $j --quiet --format json > "$OUT/run-$j.json"
  end=$(date +%s.%N)
  events=$(grep '"events"' "$OUT/run-$j.json" | tr -dc 0-9)
  echo "threads=$j seconds=$(echo "$end - $start" | bc) events=$events"
done
for j in 2 4 8 16; do
  diff <(grep -v '"threads"' "$OUT/run-1.json") <(grep -v '"threads"' "$OUT/run-$j.json") > /dev/null && echo "threads=$j identical to threads=1"
done
