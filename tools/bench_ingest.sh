#!/usr/bin/env bash
# Ingest benchmark for docs/performance.md: 1,000,000 rows × 40 columns as CSV
# and as Stata .dta, read by clusterdx, pandas.read_csv and pyreadstat, each
# in its own process, alternating, RUNS times each; prints every run and the
# median wall time and peak RSS per reader.
#   tools/bench_ingest.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${2:-7}
dir=target/bench
mkdir -p "$dir"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q numpy pandas pyreadstat
if [ ! -f "$dir/bench.csv" ] || [ "$(($(wc -l < "$dir/bench.csv") - 1))" != "$rows" ]; then
  .venv/bin/python tools/bench_ingest.py generate "$dir" "$rows"
fi
cargo bench -p clusterdx-ingest --bench ingest --no-run 2>/dev/null
bench=$(ls -t target/release/deps/ingest-* | grep -v '\.d$' | head -n 1)
ls -l "$dir"
out=$(mktemp)
for _ in $(seq "$runs"); do
  "$bench" "$dir/bench.csv" | sed 's/^clusterdx/clusterdx-csv/'
  .venv/bin/python tools/bench_ingest.py pandas "$dir/bench.csv"
  "$bench" "$dir/bench.dta" | sed 's/^clusterdx/clusterdx-dta/'
  .venv/bin/python tools/bench_ingest.py pyreadstat "$dir/bench.dta"
done | tee "$out"
echo
echo "reader median_wall_s median_peak_rss_mib"
for tool in clusterdx-csv pandas clusterdx-dta pyreadstat; do
  grep "^$tool " "$out" | awk '{print $2, $3}' | sort -n | awk -v t="$tool" '{w[NR]=$1; m[NR]=$2} END {print t, w[int((NR+1)/2)], m[int((NR+1)/2)]}'
done
rm -f "$out"
