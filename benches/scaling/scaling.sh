#!/bin/bash
# Parallel speed-up of the runner on this machine: the same run (1,000 components, 4,096
# replications of 20,000 h, 162 M events) on 1, 2, 4, 8 and 16 threads. Same seed: the results
# must be identical, only the time changes. Run from the repository root after
# `cargo build --release`; OUT is a scratch directory (default: a temporary one).
set -euo pipefail
BIN=${BIN:-./target/release/ninesim}
OUT=${OUT:-$(mktemp -d)}
MODEL=benches/scaling/k1000.json
echo "cores: $(nproc)"
for j in 1 2 4 8 16; do
  start=$(date +%s%N)
  "$BIN" run "$MODEL" -n 4096 --horizon 20000 -j "$j" --method plain --quiet --format json > "$OUT/run-$j.json"
  end=$(date +%s%N)
  events=$(grep '"events"' "$OUT/run-$j.json" | tr -dc 0-9)
  echo "threads=$j ms=$(( (end - start) / 1000000 )) events=$events"
done
for j in 2 4 8 16; do
  if diff <(grep -v '"threads"' "$OUT/run-1.json") <(grep -v '"threads"' "$OUT/run-$j.json") > /dev/null; then
    echo "threads=$j: result identical to threads=1"
  else
    echo "threads=$j: RESULT DIFFERS from threads=1" && exit 1
  fi
done
