#!/usr/bin/env bash
# Economic complexity side by side for docs/performance.md: clusterdx's
# complexity (crates/indices/benches/complexity.rs: RCA, M, ECI, PCI,
# proximity, density, COI, COG) against py-ecomplexity and a numpy
# symmetric reformulation, on the same seeded matrix written as a long CSV,
# each tool in its own process. Prints every run, the cross-check of ECI,
# PCI and COI against clusterdx, and a markdown table.
#   tools/bench_complexity.sh [--regions N] [--industries N] [--threads 1,2]
#                             [--peers ecomplexity,numpy] [--runs R]
#                             [--slow-runs R] [--dir DIR] [--keep]
# Defaults: 5,000 regions × 1,000 industries, clusterdx with 1 thread and
# with every core (ratios against the latter), both peers (py-ecomplexity
# then takes about a minute and a few GB on a 2-core machine).
# BENCH_BIN=path uses a prebuilt bench binary instead of building it.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-complexity-venv
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p target
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check ecomplexity numpy pandas threadpoolctl
bench=${BENCH_BIN:-}
if [ -z "$bench" ]; then
  bench=$(cargo bench -p clusterdx-indices --bench complexity --no-run --message-format=json 2>/dev/null |
    "$venv/bin/python" -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "complexity" and m.get("executable"):
        print(m["executable"])')
fi
if [ -z "$bench" ] || [ ! -x "$bench" ]; then
  echo "could not build the complexity bench (cargo bench -p clusterdx-indices --bench complexity --no-run)" >&2
  exit 1
fi
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(rustc --version)"
exec "$venv/bin/python" tools/bench_complexity.py compare --bench "$bench" "$@"
