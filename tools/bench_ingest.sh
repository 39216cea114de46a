#!/usr/bin/env bash
# Ingest benchmark for docs/performance.md: 1,000,000 rows × 40 columns as CSV
# and as Stata .dta, read by clusterdx, pandas.read_csv and pyreadstat, each
# in its own process, three runs each (wall seconds, peak RSS MiB).
#   tools/bench_ingest.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
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
echo "tool wall_s peak_rss_mib rows cols [data_mib]"
for run in 1 2 3; do
  "$bench" "$dir/bench.csv"
  .venv/bin/python tools/bench_ingest.py pandas "$dir/bench.csv"
  "$bench" "$dir/bench.dta"
  .venv/bin/python tools/bench_ingest.py pyreadstat "$dir/bench.dta"
done
