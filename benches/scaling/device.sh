#!/bin/bash
# The measurements of a large machine in one go (what the closing notes quote for 16 cores):
# the runner's speed-up on 1 to 16 threads (scaling.sh), the engine's events per second by
# model size, failure biasing against plain Monte Carlo on the seven-nines model, and the peak
# memory of a 10,000-component run. Needs the release binary and the two bench executables:
#   cargo build --release && cargo bench --no-run
#   BIN=target/release/ninesim ENGINE=target/release/deps/engine-... RARE=target/release/deps/rare_event-... benches/scaling/device.sh
set -euo pipefail
BIN=${BIN:-./target/release/ninesim}
OUT=${OUT:-$(mktemp -d)}
export BIN OUT
echo "== runner speed-up"
bash benches/scaling/scaling.sh
echo "== failure biasing vs plain Monte Carlo to ±10% (all cores)"
"$RARE" --bench no-criterion-benchmark-matches-this
echo "== seven-nines model to ±1% by failure biasing (all cores)"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$BIN" run models/metadata-store.json --quiet | grep -E "cycles|precision|Unavailability"
echo "== 10,000 components: peak memory"
{
  printf '{"name": "10k", "components": ['
  for g in $(seq 1 1000); do
    [ "$g" -gt 1 ] && printf ','
    printf '{"id": "g%d", "count": 10, "failure": {"dist": "exponential", "mean": 1000}, "repair": {"dist": "exponential", "mean": 10}}' "$g"
  done
  printf '], "system": {"series": ['
  for g in $(seq 1 1000); do
    [ "$g" -gt 1 ] && printf ','
    printf '{"k_of_n": {"k": 8, "of": ["g%d"]}}' "$g"
  done
  printf ']}}\n'
} > "$OUT/10k.json"
for n in 16 160; do
  /usr/bin/time -f "n=$n: wall %e s, peak RSS %M KB" "$BIN" run "$OUT/10k.json" -n "$n" --horizon 20000 --method plain --quiet > /dev/null
done
echo "== engine events per second by size (one thread)"
"$ENGINE" --bench "components/"
echo "== runner on 1 and 2 threads"
"$ENGINE" --bench "runner/"
